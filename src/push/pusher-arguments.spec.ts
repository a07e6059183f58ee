import { parseFirebaseKeysMap, pusherArguments } from './pusher-arguments';

describe('parseFirebaseKeysMap', () => {
  it('splits pairs at spaces and each pair at its first colon; pairs without a colon are ignored', () => {
    expect([...parseFirebaseKeysMap('app1:AAAA:bb:cc nocolon app2: :lonely app3:x').entries()]).toEqual([
      ['app1', 'AAAA:bb:cc'],
      ['app2', ''],
      ['', 'lonely'],
      ['app3', 'x'],
    ]);
  });

  it('an empty setting is an empty map', () => {
    expect(parseFirebaseKeysMap('').size).toBe(0);
  });
});

describe('pusherArguments', () => {
  const keys = parseFirebaseKeysMap('myapp:firebase:key');

  it('fcm, nulls as empty strings, no payload: only the three pairs', () => {
    expect(pusherArguments({ provider: 'fcm', param: null, prid: null, type: 'message' }, keys)).toEqual([
      '--pn-provider',
      'fcm',
      '--pn-param',
      '',
      '--pn-prid',
      '',
    ]);
  });

  it('apns with payload and call id, in the spec order, with the APNs push type', () => {
    expect(
      pusherArguments(
        { provider: 'apns', param: 'ABCD_voip', prid: 'ff:00-aa', type: 'call', payload: '{"token":"x"}', callId: 'c-1' },
        keys,
      ),
    ).toEqual([
      '--pn-provider',
      'apns',
      '--pn-param',
      'ABCD_voip',
      '--pn-prid',
      'ff:00-aa',
      '--customPayload',
      '{"token":"x"}',
      '--call-id',
      'c-1',
      '--apple-push-type',
      'PushKit',
    ]);
  });

  it.each([
    ['background', 'Background'],
    ['message', 'RemoteWithMutableContent'],
    ['call', 'PushKit'],
  ] as const)('apns.dev, type %s → --apple-push-type %s', (type, apple) => {
    expect(pusherArguments({ provider: 'apns.dev', param: 'p', prid: 'r', type }, keys).slice(-2)).toEqual(['--apple-push-type', apple]);
  });

  it('adds --key when pn_param is an id of the keys map, whatever the provider', () => {
    expect(pusherArguments({ provider: 'fcm', param: 'myapp', prid: 'r', type: 'background' }, keys).slice(-2)).toEqual([
      '--key',
      'firebase:key',
    ]);
    expect(pusherArguments({ provider: 'apns', param: 'myapp', prid: 'r', type: 'background' }, keys).slice(-4)).toEqual([
      '--apple-push-type',
      'Background',
      '--key',
      'firebase:key',
    ]);
    expect(pusherArguments({ provider: 'fcm', param: 'other', prid: 'r', type: 'background' }, keys)).not.toContain('--key');
  });
});
