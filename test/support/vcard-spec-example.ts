/**
 * vcards.md §4's example for two contacts of sip.linphone.org, verbatim:
 * the unit spec (src/vcards/contact-vcards.spec.ts) and the e2e test both match it.
 */
export const SPEC_EXAMPLE = `BEGIN:VCARD
VERSION:4.0
KIND:individual
IMPP:sip:schoen.tatyana@sip.linphone.org
FN:schoen.tatyana@sip.linphone.org
X-LINPHONE-ACCOUNT-DTMF-PROTOCOL:sipinfo
X-LINPHONE-ACCOUNT-TYPE:phone
X-LINPHONE-ACCOUNT-ACTION:action_key;123
END:VCARD
BEGIN:VCARD
VERSION:4.0
KIND:individual
IMPP:sip:dhand@sip.linphone.org
FN:dhand@sip.linphone.org
X-LINPHONE-ACCOUNT-DTMF-PROTOCOL:sipinfo
END:VCARD`;

/** Its two cards, each on its own (a `/contacts/vcard/{sip}` answer). */
export const [TATYANA_CARD, DHAND_CARD] = SPEC_EXAMPLE.split(/\n(?=BEGIN:VCARD)/);
