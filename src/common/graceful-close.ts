import type { FastifyInstance } from 'fastify';

/**
 * On shutdown, Node closes only the connections idle at that moment: a
 * keep-alive connection whose request was still running would hold the
 * process open until its keep-alive timeout. Answers sent once closing has
 * begun say `Connection: close`, so their sockets end with them.
 */
export function closeConnectionsAfterShutdown(fastify: FastifyInstance): void {
  let closing = false;
  fastify.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });
}
