import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { errorCodes, type FastifyReply, type FastifyRequest } from 'fastify';

/**
 * The refusals of Fastify and of Node's HTTP parser, worded as the
 * reference words its own (`The route … could not be found.`) and sent in
 * the `{"message": …}` shape of every other error.
 */
const MESSAGES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'The request body is too large.',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'The request body does not match its Content-Length.',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'The request content type is not supported.',
  FST_ERR_BAD_URL: 'The request URL is malformed.',
  FST_ERR_MAX_PARAM_LENGTH: 'The request URL is too long.',
  HPE_HEADER_OVERFLOW: 'The request headers are too large.',
  HPE_INVALID_HEADER_TOKEN: 'The request headers are malformed.',
  ERR_HTTP_REQUEST_TIMEOUT: 'The request took too long.',
};
const MALFORMED = 'The request is malformed.';

interface CodedError {
  code?: string;
  message: string;
  statusCode?: number;
}

/** Nest hands Fastify's errors to the filter as HttpExceptions that keep only the text, so they are known by it. */
const BY_FASTIFY_TEXT = new Map(
  Object.entries(MESSAGES)
    .filter(([code]) => code in errorCodes)
    .map(([code, ours]) => [new errorCodes[code as keyof typeof errorCodes]().message, ours]),
);

/** The filter's text for an error raised by Fastify; any other text (Invalid JSON …) is kept. */
export function fastifyErrorMessage(text: string): string {
  return BY_FASTIFY_TEXT.get(text) ?? text;
}

/** Fastify's `frameworkErrors`: URLs the router cannot decode, parameters over maxParamLength. */
export function frameworkErrors(error: CodedError, request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode ?? 400;
  const message = status >= 500 ? 'Server Error' : (MESSAGES[error.code ?? ''] ?? MALFORMED);
  reply.header('x-request-id', request.id).status(status).type('application/json').send(JSON.stringify({ message }));
}

/** Fastify's `clientErrorHandler`: what Node's parser refused before any request existed. */
export function clientErrorHandler(error: CodedError, socket: Socket): void {
  // a reset connection has nobody to answer
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const body = JSON.stringify({ message: MESSAGES[error.code ?? ''] ?? MALFORMED });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Content-Type: application/json\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}
