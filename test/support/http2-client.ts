import { readFileSync } from 'node:fs';
import { connect, ClientHttp2Session, constants } from 'node:http2';
import { request as httpsRequest, RequestOptions } from 'node:https';
import type { ConnectionOptions, TLSSocket } from 'node:tls';
import { HOST } from './app';

export { selfSignedCertificate } from './https-stand-in';

export interface TlsResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** the parsed JSON body, or undefined */
  body: unknown;
  /** the protocol ALPN chose: `h2`, `http/1.1` (or false when the client offered none) */
  alpn: string | false;
}

export interface TlsRequest {
  method?: string;
  /** sent as `:authority` (HTTP/2) or `Host` (HTTP/1.1); the default Space's host unless told */
  host?: string;
  headers?: Record<string, string | string[]>;
  /** a string is sent as is; anything else as JSON (with its content type unless given) */
  body?: unknown;
  /** HTTP/1.1 only: false offers no ALPN protocol at all (an old client) */
  alpn?: false;
}

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

function encode(options: TlsRequest): { headers: Record<string, string | string[]>; payload?: string } {
  const headers = { ...(options.headers ?? {}) };
  if (options.body === undefined) return { headers };
  if (typeof options.body === 'string') return { headers, payload: options.body };
  if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
  return { headers, payload: JSON.stringify(options.body) };
}

/**
 * An HTTP/2 session over TLS (ALPN `h2` only, as Flexisip's Http2Client),
 * trusting the test's certificate `caFile`; several requests may share it.
 */
export async function h2Session(url: string, caFile: string): Promise<ClientHttp2Session> {
  const session = connect(url, { ca: readFileSync(caFile), ALPNProtocols: ['h2'] });
  await new Promise<void>((ok, fail) => {
    session.once('connect', () => ok());
    session.once('error', fail);
  });
  return session;
}

/** One request on an HTTP/2 session. */
export function h2Request(session: ClientHttp2Session, path: string, options: TlsRequest = {}): Promise<TlsResponse> {
  const { headers, payload } = encode(options);
  const stream = session.request({
    [constants.HTTP2_HEADER_METHOD]: options.method ?? 'GET',
    [constants.HTTP2_HEADER_PATH]: path,
    [constants.HTTP2_HEADER_AUTHORITY]: options.host ?? HOST,
    ...headers,
  });
  return new Promise((resolve, reject) => {
    let responseHeaders: TlsResponse['headers'] = {};
    let text = '';
    stream.setEncoding('utf8');
    stream.on('response', (h) => (responseHeaders = h as TlsResponse['headers']));
    stream.on('data', (chunk: string) => (text += chunk));
    stream.on('end', () =>
      resolve({
        status: Number(responseHeaders[constants.HTTP2_HEADER_STATUS]),
        headers: responseHeaders,
        text,
        body: parse(text),
        alpn: session.alpnProtocol ?? false,
      }),
    );
    stream.on('error', reject);
    stream.end(payload);
  });
}

/** One request on a fresh HTTP/2 session, closed afterwards. */
export async function h2(url: string, caFile: string, path: string, options: TlsRequest = {}): Promise<TlsResponse> {
  const session = await h2Session(url, caFile);
  try {
    return await h2Request(session, path, options);
  } finally {
    session.close();
  }
}

/** One HTTP/1.1 request over TLS (ALPN offering `http/1.1` only, or nothing), as curl --http1.1 or an old client. */
export function https1(url: string, caFile: string, path: string, options: TlsRequest = {}): Promise<TlsResponse> {
  const { hostname, port } = new URL(url);
  const { headers, payload } = encode(options);
  const requestOptions: RequestOptions & ConnectionOptions = {
    host: hostname,
    port: Number(port),
    path,
    method: options.method ?? 'GET',
    headers: { host: options.host ?? HOST, ...headers },
    ca: readFileSync(caFile),
    ALPNProtocols: options.alpn === false ? undefined : ['http/1.1'],
    agent: false,
  };
  return new Promise((resolve, reject) => {
    const req = httpsRequest(requestOptions, (res) => {
      const alpn = (res.socket as TLSSocket).alpnProtocol ?? false;
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text,
          body: parse(text),
          alpn,
        }),
      );
    });
    req.on('error', reject);
    req.end(payload);
  });
}
