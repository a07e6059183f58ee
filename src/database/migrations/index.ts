import { Foundation1732000000000 } from './1732000000000-foundation';
import { AccountsLifecycle1732000000001 } from './1732000000001-accounts-lifecycle';
import { SignedDigestNonces1733000000200 } from './1733000000200-signed-digest-nonces';
import { TokensHardening1733000000300 } from './1733000000300-tokens-hardening';
import { AccountCounts1734000000400 } from './1734000000400-account-counts';
import { RequestTokensSpace1734100000000 } from './1734100000000-request-tokens-space';
import { DigestNonceCutoffs1734215080000 } from './1734215080000-digest-nonce-cutoffs';
import { Contacts1735000000100 } from './1735000000100-contacts';
import { RetireReplacedProvisioningTokens1735000000500 } from './1735000000500-retire-replaced-provisioning-tokens';
import { VcardsStorage1735000000600 } from './1735000000600-vcards-storage';
import { Statistics1735170000000 } from './1735170000000-statistics';
import { AccountTypeLinksIndex1735180000000 } from './1735180000000-account-type-links-index';

/** Every migration, in order; listed so that the same array serves ts and js builds. */
export const MIGRATIONS = [
  Foundation1732000000000,
  AccountsLifecycle1732000000001,
  SignedDigestNonces1733000000200,
  TokensHardening1733000000300,
  AccountCounts1734000000400,
  RequestTokensSpace1734100000000,
  DigestNonceCutoffs1734215080000,
  Contacts1735000000100,
  RetireReplacedProvisioningTokens1735000000500,
  VcardsStorage1735000000600,
  Statistics1735170000000,
  AccountTypeLinksIndex1735180000000,
];
