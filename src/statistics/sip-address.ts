/** A SIP address as FlexiAPI takes it (Flexisip's `ApiFormattedUri`): `user@domain`, no `sip:`. */
export interface SipAddress {
  username: string;
  domain: string;
}

/** Split at the first `@`; text after a second `@` is dropped (statistics.md). Undefined without `@`. */
export function splitSipAddress(value: string): SipAddress | undefined {
  const at = value.indexOf('@');
  if (at === -1) return undefined;
  return { username: value.slice(0, at), domain: value.slice(at + 1).split('@')[0] };
}

/** Whether a SIP domain is the scope's (hostnames: compared case-insensitively); every domain for a super admin. */
export const inScope = (domain: string, scopeDomain: string | undefined): boolean =>
  scopeDomain === undefined || domain.toLowerCase() === scopeDomain.toLowerCase();
