import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyRequest } from 'fastify';
import { type Locale, negotiateLocale } from '../i18n/locale';

declare module 'fastify' {
  interface FastifyRequest {
    /** the parsed body before the query was merged in (cookie-authenticated writes, deviation 25) */
    bodyWithoutQuery?: unknown;
  }
}

/**
 * The current request, reachable from code that Nest calls without it (the
 * query counter). Validation rules do not use it: their DTO carries its
 * request (`src/common/validation/validation-request.ts`). Entered on each
 * request only once a reader has called `useCurrentRequest()` (before the
 * application is built): an async context keeps promise hooks on for every
 * request, which production does not need.
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

/**
 * The one place that picks the language of an answer: negotiated from
 * `Accept-Language` (deviation 31) on API routes and on the HTML pages
 * (`page`); English for the other non-API routes (errors-and-i18n.md §5).
 */
export function localeOf(request: FastifyRequest | undefined, options: { page?: boolean } = {}): Locale {
  if (!request || (!request.apiRoute && !options.page)) return 'en';
  return negotiateLocale(request.headers['accept-language']);
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
