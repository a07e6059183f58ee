import { RateLimited } from '../common/rate-limit';

/**
 * The counter of the token routes an anonymous client can call
 * (APP_API_ACCOUNT_CREATION_TOKEN_RATE_LIMIT_PER_MINUTE): one per client,
 * shared by both routes, a push costs a process and a request token a row.
 */
export const ACCOUNT_CREATION_TOKEN_REQUESTS = 'account-creation-token-requests';

export const TokenRequestRateLimit = (): MethodDecorator => RateLimited(ACCOUNT_CREATION_TOKEN_REQUESTS);
