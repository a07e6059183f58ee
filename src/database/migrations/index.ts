import { Foundation1732000000000 } from './1732000000000-foundation';
import { AccountsLifecycle1732000000001 } from './1732000000001-accounts-lifecycle';
import { SignedDigestNonces1733000000200 } from './1733000000200-signed-digest-nonces';
import { TokensHardening1733000000300 } from './1733000000300-tokens-hardening';
import { AccountCounts1734000000400 } from './1734000000400-account-counts';
import { RequestTokensSpace1734100000000 } from './1734100000000-request-tokens-space';
import { Contacts1735000000100 } from './1735000000100-contacts';

/** Every migration, in order; listed so that the same array serves ts and js builds. */
export const MIGRATIONS = [
  Foundation1732000000000,
  AccountsLifecycle1732000000001,
  SignedDigestNonces1733000000200,
  TokensHardening1733000000300,
  AccountCounts1734000000400,
  RequestTokensSpace1734100000000,
  Contacts1735000000100,
];
