// The app's icon (resources/icons, rendered from icon.svg by build/render-icons.ts): the .ico
// Windows needs for the executable, the installer and the shortcuts holds every size Explorer
// asks for, in the layout every Windows reader and the NSIS compiler accept.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dibEntry, encodeIco, ICO_SIZES, PNG_SIZE } from '../../../build/render-icons';

const ICONS = resolve(import.meta.dirname, '../../../resources/icons');

interface IcoEntry {
  readonly size: number;
  readonly bitsPerPixel: number;
  readonly data: Buffer;
}

function readIco(file: Buffer): IcoEntry[] {
  expect(file.readUInt16LE(0)).toBe(0);
  expect(file.readUInt16LE(2)).toBe(1);
  return Array.from({ length: file.readUInt16LE(4) }, (_, i) => {
    const at = 6 + i * 16;
    const offset = file.readUInt32LE(at + 12);
    return {
      size: file[at] || 256,
      bitsPerPixel: file.readUInt16LE(at + 6),
      data: file.subarray(offset, offset + file.readUInt32LE(at + 8)),
    };
  });
}

const isPng = (data: Buffer) => data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
const pngSize = (data: Buffer) => [data.readUInt32BE(16), data.readUInt32BE(20)];
/** Alpha of pixel (x, y), y from the top, of a 32-bit DIB entry. */
const dibAlpha = (entry: IcoEntry, x: number, y: number) => entry.data[40 + ((entry.size - 1 - y) * entry.size + x) * 4 + 3];

describe('resources/icons', () => {
  it('icon.ico holds 16 to 256 px in 32 bits: DIBs up to 128 px, PNG at 256 px', () => {
    const entries = readIco(readFileSync(resolve(ICONS, 'icon.ico')));
    expect(entries.map((e) => e.size)).toEqual([...ICO_SIZES]);
    for (const entry of entries) {
      expect(entry.bitsPerPixel).toBe(32);
      if (entry.size === 256) {
        expect(isPng(entry.data)).toBe(true);
        expect(pngSize(entry.data)).toEqual([256, 256]);
      } else {
        expect(entry.data.readUInt32LE(0)).toBe(40);
        expect([entry.data.readInt32LE(4), entry.data.readInt32LE(8)]).toEqual([entry.size, entry.size * 2]);
        expect(entry.data.length).toBe(40 + entry.size * entry.size * 4 + Math.ceil(entry.size / 32) * 4 * entry.size);
      }
    }
  });

  it('every size shows the tile: transparent rounded corners, opaque middle', () => {
    for (const entry of readIco(readFileSync(resolve(ICONS, 'icon.ico'))).filter((e) => e.size < 256)) {
      expect(dibAlpha(entry, 0, 0), `${entry.size} px corner`).toBe(0);
      expect(dibAlpha(entry, entry.size >> 1, entry.size >> 1), `${entry.size} px middle`).toBe(255);
    }
  });

  it('icon.png is the 512 px rendering, and the SVG is drawn, not an embedded picture', () => {
    const png = readFileSync(resolve(ICONS, 'icon.png'));
    expect(isPng(png)).toBe(true);
    expect(pngSize(png)).toEqual([PNG_SIZE, PNG_SIZE]);
    expect(readFileSync(resolve(ICONS, 'icon.svg'), 'utf8')).not.toMatch(/<image|data:image/);
  });
});

describe('the ICO encoder', () => {
  it('stores rows bottom-up as BGRA and marks transparent pixels in the AND mask', () => {
    // 2×2: top row red (opaque), transparent; bottom row green, blue (both opaque).
    const rgba = Buffer.from([255, 0, 0, 255, 0, 0, 0, 0, 0, 255, 0, 255, 0, 0, 255, 255]);
    const dib = dibEntry({ size: 2, rgba });
    const pixels = dib.subarray(40, 56);
    expect([...pixels]).toEqual([0, 255, 0, 255, 255, 0, 0, 255, 0, 0, 255, 255, 0, 0, 0, 0]);
    const mask = dib.subarray(56);
    expect(mask).toHaveLength(8); // 2 rows of 4 bytes
    expect([mask[0], mask[4]]).toEqual([0x00, 0x40]); // bottom row opaque; top row's second pixel transparent
  });

  it('points each directory entry at its image, smallest first', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const ico = encodeIco([
      { size: 256, rgba: Buffer.alloc(256 * 256 * 4), png },
      { size: 16, rgba: Buffer.alloc(16 * 16 * 4), png: Buffer.alloc(0) },
    ]);
    const entries = readIco(ico);
    expect(entries.map((e) => e.size)).toEqual([16, 256]);
    expect(entries[1]?.data.equals(png)).toBe(true);
    expect(entries[0]?.data.length).toBe(40 + 16 * 16 * 4 + 4 * 16);
  });
});
