import type { I18nOptions, I18nResolver } from 'nestjs-i18n';
import { LOCALES } from './locale';

/**
 * The language is chosen once by the pipeline (`localeOf`) and passed to every
 * `t()`: nestjs-i18n resolves nothing. Its module refuses to start quietly
 * without a resolver ("No resolvers provided!" on stderr), so it gets one that
 * never answers; its interceptor then sets the fallback on a context no one reads.
 */
const PASSED_IN: I18nResolver = { resolve: () => undefined };

/** `i18n/<locale>/<file>.json`, read once at start: the key `validation.min.string` is `min.string` of validation.json. */
export const i18nOptions: I18nOptions = {
  fallbackLanguage: LOCALES[0],
  loaderOptions: { path: __dirname, watch: false },
  resolvers: [PASSED_IN],
  // no per-request middleware, no AsyncLocalStorage scope per request
  disableMiddleware: true,
  skipAsyncHook: true,
  // a missing key renders as itself (the attribute falls back to the field's name), not a log line
  logging: false,
};
