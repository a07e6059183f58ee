import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Http2Session } from 'node:http2';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { FastifyInstance } from 'fastify';

/**
 * On shutdown, Node closes only the connections idle at that moment: a
 * keep-alive connection whose request was still running would hold the
 * process open until its keep-alive timeout. Answers sent once closing has
 * begun say `Connection: close` (HTTP/1 only: HTTP/2 forbids the header),
 * so their sockets end with them. Over TLS, see `closeTlsConnections`.
 */
export function closeConnectionsAfterShutdown(fastify: FastifyInstance, tls: boolean): void {
  let closing = false;
  const closeTls = tls ? closeTlsConnections(fastify.server) : undefined;
  fastify.addHook('preClose', (done) => {
    closing = true;
    closeTls?.();
    done();
  });
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (closing && request.raw.httpVersionMajor < 2) reply.header('connection', 'close');
    done(null, payload);
  });
}

interface TlsServerEvents {
  on(event: 'connection', listener: (socket: Socket) => void): void;
  on(event: 'secureConnection', listener: (socket: TLSSocket) => void): void;
  on(event: 'session', listener: (session: Http2Session) => void): void;
  on(event: 'request', listener: (request: IncomingMessage, response: ServerResponse) => void): void;
}

interface Connection {
  socket: Socket;
  /** until its TLS handshake is done; then whether ALPN chose HTTP/2 */
  kind: 'handshake' | 'h1' | 'h2';
  /** HTTP/1.1 requests not yet answered */
  inFlight: number;
}

/**
 * The HTTP/2 server (TLS, `allowHTTP1`) closes none of its connections on
 * `close()`: HTTP/2 sessions get a GOAWAY (their running streams finish),
 * idle HTTP/1.1 connections and unfinished handshakes are dropped, an
 * HTTP/1.1 request in flight ends with its answer (`Connection: close`).
 * Connections are known by their remote address and port, which the raw
 * socket and its TLS socket share.
 */
function closeTlsConnections(server: TlsServerEvents): () => void {
  const connections = new Map<string, Connection>();
  const sessions = new Set<Http2Session>();
  const keyOf = (socket: Socket) => `${socket.remoteAddress}|${socket.remotePort}`;

  server.on('connection', (socket) => {
    const key = keyOf(socket);
    connections.set(key, { socket, kind: 'handshake', inFlight: 0 });
    socket.once('close', () => connections.delete(key));
  });
  server.on('secureConnection', (socket) => {
    const connection = connections.get(keyOf(socket));
    if (connection) connection.kind = socket.alpnProtocol === 'h2' ? 'h2' : 'h1';
  });
  server.on('session', (session) => {
    sessions.add(session);
    session.once('close', () => sessions.delete(session));
  });
  server.on('request', (request, response) => {
    if (request.httpVersionMajor >= 2) return;
    const connection = connections.get(keyOf(request.socket));
    if (!connection) return;
    connection.inFlight++;
    response.once('close', () => connection.inFlight--);
  });

  return () => {
    for (const session of sessions) session.close();
    for (const connection of connections.values()) {
      if (connection.kind !== 'h2' && connection.inFlight === 0) connection.socket.destroy();
    }
  };
}
