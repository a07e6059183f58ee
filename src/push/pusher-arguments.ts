export const PN_PROVIDERS = ['apns.dev', 'apns', 'fcm'] as const;
export const PUSH_TYPES = ['background', 'message', 'call'] as const;
export type PushType = (typeof PUSH_TYPES)[number];

/** One push for `flexisip_pusher` (misc.md §Pusher invocation). */
export interface PushNotification {
  provider: string;
  param: string | null;
  prid: string | null;
  type: PushType;
  /** JSON text sent as `--customPayload` */
  payload?: string;
  callId?: string;
}

/** APNs push type of each kind of push. */
const APPLE_PUSH_TYPES: Record<PushType, string> = {
  background: 'Background',
  message: 'RemoteWithMutableContent',
  call: 'PushKit',
};

/**
 * APP_FLEXISIP_PUSHER_FIREBASE_KEYSMAP: `id:value` pairs separated by
 * spaces, split at the first `:` (values may hold more); a pair without
 * `:` is ignored; a later pair wins.
 */
export function parseFirebaseKeysMap(text: string): Map<string, string> {
  const keys = new Map<string, string>();
  for (const pair of text.split(' ')) {
    const colon = pair.indexOf(':');
    if (colon === -1) continue;
    keys.set(pair.slice(0, colon), pair.slice(colon + 1));
  }
  return keys;
}

/**
 * Whether a value given by a request would be read as an option:
 * flexisip_pusher has no end-of-options marker (`--` is an unknown
 * argument to it), and its `--pn-prid` takes values until one starts with
 * `--` (docs/decisions.md).
 */
export function optionLikeValue(push: PushNotification): boolean {
  return [push.provider, push.param, push.prid, push.payload, push.callId].some((value) => value?.startsWith('-') === true);
}

/** The argument vector, in the spec's order; each value one entry, never parsed by a shell. */
export function pusherArguments(push: PushNotification, firebaseKeys: Map<string, string>): string[] {
  const args = ['--pn-provider', push.provider, '--pn-param', push.param ?? '', '--pn-prid', push.prid ?? ''];
  if (push.payload !== undefined) args.push('--customPayload', push.payload);
  if (push.callId !== undefined) args.push('--call-id', push.callId);
  if (push.provider === 'apns' || push.provider === 'apns.dev') args.push('--apple-push-type', APPLE_PUSH_TYPES[push.type]);
  // whatever the provider (reference)
  const key = push.param === null ? undefined : firebaseKeys.get(push.param);
  if (key !== undefined) args.push('--key', key);
  return args;
}
