import { PNG } from 'pngjs';
import { create } from 'qrcode';

const CODE_PX = 300;
const MARGIN_PX = 10;

/**
 * provisioning.md §qrcode: the text as a QR code (UTF-8, error correction H),
 * drawn 300 px wide inside a 10 px white margin, as a grayscale PNG. The
 * modules are mapped onto exactly 300 px (nearest neighbour), the reference's
 * size, which whole-pixel modules could not give.
 */
export function qrCodePng(text: string): Buffer {
  const { modules } = create(text, { errorCorrectionLevel: 'H' });
  const size = CODE_PX + 2 * MARGIN_PX;
  const png = new PNG({ width: size, height: size, colorType: 0 });
  const moduleAt = (px: number): number => Math.floor(((px - MARGIN_PX) * modules.size) / CODE_PX);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const inCode = x >= MARGIN_PX && x < MARGIN_PX + CODE_PX && y >= MARGIN_PX && y < MARGIN_PX + CODE_PX;
      const dark = inCode && modules.get(moduleAt(y), moduleAt(x)) === 1;
      const offset = (y * size + x) * 4;
      png.data.fill(dark ? 0 : 255, offset, offset + 3);
      png.data[offset + 3] = 255;
    }
  }
  return PNG.sync.write(png, { colorType: 0 });
}
