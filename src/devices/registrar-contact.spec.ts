import { parseRegistrarContact } from './registrar-contact';

/**
 * Records shaped as Flexisip writes them (ExtendedContact::serializeAsUrlEncodedParams):
 * the contact's URI with callid, expires, cseq, updatedAt, alias, usedAsRoute
 * added as URI parameters, the path, accept and user-agent headers as its
 * query (sofia-sip lower-cases their names and escapes `:=,;`, spaces, `<>"`
 * but not `/()`), then the Contact header parameters.
 */
const ANDROID =
  '<sip:john@192.168.1.20:43712;transport=tls;pn-provider=fcm;pn-prid=dGhpcyBpcyBhIHRva2Vu;pn-param=linphone-android;pn-timeout=0;pn-silent=1' +
  ';fs-conn-id=169505b0b7ccdf6;callid=Zt7Tq~QfRi;expires=3600;cseq=21;updatedAt=1733826400;alias=no;usedAsRoute=no' +
  '?path=%3Csip%3Aproxy.example.org%3A5061%3Btransport%3Dtls%3Blr%3E&accept=application/sdp%2Capplication/vnd.gsma.rcs-ft-http%2Bxml' +
  '&user-agent=LinphoneAndroid/5.2.5%20(Pixel%207)%20LinphoneSDK/5.3.0>' +
  ';+sip.instance="<urn:uuid:9b0c1a42-6b2f-4c2e-9d0b-2f4d3c8a1e77>";+org.linphone.specs="lime,groupchat/1.1,ephemeral/1.1"';

/** APNs push parameters: `&` and `:` are plain characters of SIP URI parameter values. */
const IOS =
  '<sip:john@[2a01:e0a:1f2::17]:52144;transport=tcp;pn-provider=apns;pn-prid=7A0B3C2D1E:remote&5F4E3D2C1B:voip' +
  ';pn-param=ABCD1234.org.linphone.phone.remote&voip;pn-timeout=0;fs-conn-id=1b2f;callid=3kLx-7Q;expires=604800;cseq=104' +
  ';updatedAt=1733830000;alias=no;usedAsRoute=no?path=&accept=&user-agent=LinphoneiOS/5.2.1%20(iPhone%20de%20John)%20LinphoneSDK/5.3.4>' +
  ';+sip.instance="<urn:uuid:0e6d6e1c-4a46-4b7e-8a0b-5c1f0d2e9a31>";+org.linphone.specs="lime"';

describe('parseRegistrarContact (devices.md §Parsing)', () => {
  it("the spec's example: uuid from +sip.instance, updatedAt from the URI, the user agent from its query", () => {
    const value =
      '<sip:john@192.168.1.20:5061;transport=tls;fs-conn-id=1b2f;callid=xyz;expires=1733830000;q=1.0;updatedAt=1733826400' +
      '?user-agent=LinphoneAndroid%2F5.2.5%20(Pixel%207)%20LinphoneSDK%2F5.3.0>;+sip.instance="<urn:uuid:9b0c1a42-6b2f-4c2e-9d0b-2f4d3c8a1e77>";+org.linphone.specs="lime,groupchat"';
    expect(parseRegistrarContact(value)).toEqual({
      uuid: 'urn:uuid:9b0c1a42-6b2f-4c2e-9d0b-2f4d3c8a1e77',
      updatedAt: 1733826400,
      userAgent: 'LinphoneAndroid/5.2.5 (Pixel 7) LinphoneSDK/5.3.0',
    });
  });

  it('a record as Flexisip writes it, with FCM push parameters, a path and accept headers', () => {
    expect(parseRegistrarContact(ANDROID)).toEqual({
      uuid: 'urn:uuid:9b0c1a42-6b2f-4c2e-9d0b-2f4d3c8a1e77',
      updatedAt: 1733826400,
      userAgent: 'LinphoneAndroid/5.2.5 (Pixel 7) LinphoneSDK/5.3.0',
    });
  });

  it('APNs push parameters with `&` and `:`, an IPv6 host, an empty path: the other fields are still found', () => {
    expect(parseRegistrarContact(IOS)).toEqual({
      uuid: 'urn:uuid:0e6d6e1c-4a46-4b7e-8a0b-5c1f0d2e9a31',
      updatedAt: 1733830000,
      userAgent: 'LinphoneiOS/5.2.1 (iPhone de John) LinphoneSDK/5.3.4',
    });
  });

  it('a contact without +sip.instance (Flexisip names its field `fs-gen-…`) is no device', () => {
    expect(
      parseRegistrarContact(
        '<sip:bob@10.0.0.2:5060;callid=abc;expires=600;cseq=1;updatedAt=1700000000;alias=no;usedAsRoute=no?path=&accept=&user-agent=Ekiga>',
      ),
    ).toBeUndefined();
    expect(
      parseRegistrarContact('<sip:bob@10.0.0.2:5060;callid=abc;updatedAt=1700000000?user-agent=Ekiga>;expires=600;q=0.5'),
    ).toBeUndefined();
    // `"<>"` leaves no uuid
    expect(parseRegistrarContact('<sip:bob@10.0.0.2;updatedAt=1700000000>;+sip.instance="<>"')).toBeUndefined();
  });

  it('a missing updatedAt or user-agent is null; an empty user-agent stays empty', () => {
    expect(parseRegistrarContact('<sip:bob@10.0.0.2;transport=udp>;+sip.instance="<urn:uuid:a>"')).toEqual({
      uuid: 'urn:uuid:a',
      updatedAt: null,
      userAgent: null,
    });
    expect(parseRegistrarContact('<sip:bob@10.0.0.2;updatedAt=1700000000?path=&accept=&user-agent=>;+sip.instance="<urn:uuid:a>"')).toEqual(
      {
        uuid: 'urn:uuid:a',
        updatedAt: 1700000000,
        userAgent: '',
      },
    );
  });

  it('an updatedAt that is not a whole number of seconds is null', () => {
    for (const updatedAt of ['abc', '-5', '1.5', '', '9'.repeat(30)]) {
      expect(parseRegistrarContact(`<sip:bob@h;updatedAt=${updatedAt}>;+sip.instance="<urn:uuid:a>"`)?.updatedAt).toBeNull();
    }
  });

  it('decodes as PHP parse_str does: `+` is a space, a repeated name keeps its last value, a bad escape stays as it is', () => {
    expect(parseRegistrarContact('<sip:bob@h?user-agent=Linphone+Desktop%2F5.2>;+sip.instance="<urn:uuid:a>"')?.userAgent).toBe(
      'Linphone Desktop/5.2',
    );
    expect(
      parseRegistrarContact('<sip:bob@h;updatedAt=1;updatedAt=2?user-agent=a&user-agent=b>;+sip.instance="<urn:uuid:a>"'),
    ).toMatchObject({ updatedAt: 2, userAgent: 'b' });
    expect(parseRegistrarContact('<sip:bob@h?user-agent=100%zz%>;+sip.instance="<urn:uuid:a>"')?.userAgent).toBe('100%zz%');
    // the instance's name is normalised: `+sip.instance` → ` sip.instance` → `sip_instance`
    expect(parseRegistrarContact('<sip:bob@h>;reg-id=1;+sip.instance="<urn:uuid:%41>"')?.uuid).toBe('urn:uuid:A');
  });

  it('the URI ends at the last `>;`; the uuid is the value without its first and last two characters, whatever they are', () => {
    expect(parseRegistrarContact('<sip:bob@h;updatedAt=5>;x=1>;+sip.instance=ab-device-cd')).toEqual({
      uuid: '-device-',
      updatedAt: null,
      userAgent: null,
    });
  });

  it('text that is no contact is no device', () => {
    for (const value of ['', 'garbage', '>;<', '<sip:bob@h>', '+sip.instance="<urn:uuid:a>"'])
      expect(parseRegistrarContact(value)).toBeUndefined();
  });
});
