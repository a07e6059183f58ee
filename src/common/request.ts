import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyRequest } from 'fastify';
import type { Space } from '../spaces/entities/space.entity';
import type { Account } from '../accounts/entities/account.entity';

/** Who is calling: the authenticated account and whether it is a super admin. */
export interface Caller {
  account: Account;
  superAdmin: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** the Space resolved from the Host header (absent only on host-less routes) */
    space?: Space;
    caller?: Caller;
    /** the parsed body before the query was merged in (cookie-authenticated writes, deviation 25) */
    bodyWithoutQuery?: unknown;
  }
}

/**
 * The current request, reachable from code that Nest calls without it
 * (class-validator rules that depend on the Space or the caller, the query
 * counter). Entered on each request only once a reader has called
 * `useCurrentRequest()` (before the application is built): an async context
 * keeps promise hooks on for every request, which production does not need.
 */
export const currentRequest = new AsyncLocalStorage<FastifyRequest>();

let currentRequestUsed = false;

/** Declares a reader of `currentRequest`, so that the pipeline enters it on each request. */
export function useCurrentRequest(): void {
  currentRequestUsed = true;
}

export function currentRequestInUse(): boolean {
  return currentRequestUsed;
}

export type Locale = 'en' | 'fr';

/** Only API routes are localised, and only for the exact values `en` and `fr`. */
export function localeOf(request: FastifyRequest | undefined): Locale {
  if (!request?.apiRoute) return 'en';
  return request.headers['accept-language'] === 'fr' ? 'fr' : 'en';
}

/**
 * `<scheme>://<Host as received, port included>` for the URLs the server
 * generates; Fastify takes X-Forwarded-Proto/-Host only from APP_TRUSTED_PROXIES.
 */
export function baseUrl(request: FastifyRequest): string {
  return `${request.protocol}://${request.host || 'localhost'}`;
}

export function pathOf(request: FastifyRequest): string {
  const url = request.url;
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}
