import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { qrCodePng } from './qr-code';

describe('provisioning QR code', () => {
  it('is a 320 px PNG (300 px code, 10 px white margin) that decodes back to the text', () => {
    const url = 'https://sip.example.org:8443/provisioning/AbCdEf0123456?reset_password=1';
    const png = PNG.sync.read(qrCodePng(url));
    expect([png.width, png.height]).toEqual([320, 320]);
    // the margin is white, the code starts at 10 px with a finder pattern (dark)
    expect(png.data[(5 * 320 + 5) * 4]).toBe(255);
    expect(png.data[(10 * 320 + 10) * 4]).toBe(0);
    expect(png.data[(9 * 320 + 10) * 4]).toBe(255);
    expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(url);
  });

  it('carries UTF-8 text', () => {
    const text = 'http://exämple.org/provisioning/é';
    const png = PNG.sync.read(qrCodePng(text));
    expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(text);
  });
});
