// Renders resources/icons/icon.svg (drawn for this project) into the files the package needs:
//   resources/icons/icon.png   512×512, for Linux/macOS targets and documents
//   resources/icons/icon.ico   16–256 px, the executable's, the installer's and the shortcuts' icon
// `npx tsx build/render-icons.ts` after changing the SVG; the outputs are committed.
//
// Debian's Chromium draws the SVG at each size (a vector drawn small looks better than a large
// bitmap scaled down), so no image package is needed. The ICO holds 16–128 px as 32-bit DIBs and
// 256 px as PNG, the layout Windows' own icons use: every Windows version and the NSIS compiler
// read DIB entries, and PNG keeps the large one small.
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ICONS = resolve(import.meta.dirname, '..', 'resources', 'icons');
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256] as const;
export const PNG_SIZE = 512;
/** From this size up an ICO entry is stored as PNG. */
const PNG_ENTRY_FROM = 256;

/** One rendering: straight (not premultiplied) RGBA rows top to bottom, and the same as PNG. */
export interface IconImage {
  readonly size: number;
  readonly rgba: Buffer;
  readonly png: Buffer;
}

/** A BITMAPINFOHEADER image as ICO stores it: BGRA rows bottom-up, then the 1-bit AND mask. */
export function dibEntry(image: Pick<IconImage, 'size' | 'rgba'>): Buffer {
  const { size, rgba } = image;
  if (rgba.length !== size * size * 4) throw new Error(`expected ${size}×${size} RGBA pixels, got ${rgba.length} bytes`);
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(size, 4);
  header.writeInt32LE(size * 2, 8); // colour image + mask, as ICO requires
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  const pixels = Buffer.alloc(size * size * 4);
  const maskRow = Math.ceil(size / 32) * 4;
  const mask = Buffer.alloc(maskRow * size);
  for (let y = 0; y < size; y += 1) {
    const row = size - 1 - y;
    for (let x = 0; x < size; x += 1) {
      const from = (y * size + x) * 4;
      const to = (row * size + x) * 4;
      pixels[to] = rgba[from + 2]!;
      pixels[to + 1] = rgba[from + 1]!;
      pixels[to + 2] = rgba[from]!;
      pixels[to + 3] = rgba[from + 3]!;
      // Transparent pixels also set in the AND mask, for readers that ignore the alpha channel.
      if (rgba[from + 3] === 0) mask[row * maskRow + (x >> 3)]! |= 0x80 >> (x & 7);
    }
  }
  return Buffer.concat([header, pixels, mask]);
}

/** An .ico file of the given renderings, smallest first. */
export function encodeIco(images: readonly IconImage[]): Buffer {
  const sorted = [...images].sort((a, b) => a.size - b.size);
  const entries = sorted.map((image) => (image.size >= PNG_ENTRY_FROM ? image.png : dibEntry(image)));
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(sorted.length, 4);
  const directory = Buffer.alloc(16 * sorted.length);
  let offset = header.length + directory.length;
  sorted.forEach((image, i) => {
    const at = i * 16;
    directory.writeUInt8(image.size >= 256 ? 0 : image.size, at); // 0 means 256
    directory.writeUInt8(image.size >= 256 ? 0 : image.size, at + 1);
    directory.writeUInt16LE(1, at + 4); // colour planes
    directory.writeUInt16LE(32, at + 6); // bits per pixel
    directory.writeUInt32LE(entries[i]!.length, at + 8);
    directory.writeUInt32LE(offset, at + 12);
    offset += entries[i]!.length;
  });
  return Buffer.concat([header, directory, ...entries]);
}

// Runs in the page (a string: this file is type-checked without the DOM's types). Straight RGBA
// from getImageData, PNG from the same canvas.
const DRAW_IN_PAGE = `async ({ svg, sizes }) => {
  const image = new Image();
  image.src = 'data:image/svg+xml;base64,' + btoa(svg);
  await image.decode();
  return sizes.map((size) => {
    const canvas = document.createElement('canvas');
    canvas.width = size;
    canvas.height = size;
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0, size, size);
    return { size, rgba: Array.from(context.getImageData(0, 0, size, size).data), png: canvas.toDataURL('image/png').split(',')[1] };
  });
}`;

/** Draws the SVG at each size in Chromium's canvas. */
async function render(svg: string, sizes: readonly number[]): Promise<IconImage[]> {
  // Loaded here, not at the top: the encoder's tests import this file without a browser.
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    const page = await browser.newPage();
    const drawn = await page.evaluate<{ size: number; rgba: number[]; png: string }[]>(
      `(${DRAW_IN_PAGE})(${JSON.stringify({ svg, sizes })})`,
    );
    return drawn.map((d) => ({ size: d.size, rgba: Buffer.from(d.rgba), png: Buffer.from(d.png, 'base64') }));
  } finally {
    await browser.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const svg = await readFile(join(ICONS, 'icon.svg'), 'utf8');
  const images = await render(svg, [...ICO_SIZES, PNG_SIZE]);
  const large = images.find((image) => image.size === PNG_SIZE)!;
  await writeFile(join(ICONS, 'icon.png'), large.png);
  await writeFile(join(ICONS, 'icon.ico'), encodeIco(images.filter((image) => image.size !== PNG_SIZE)));
  console.log(`render-icons: ${join(ICONS, 'icon.png')} (${PNG_SIZE} px), ${join(ICONS, 'icon.ico')} (${ICO_SIZES.join(', ')} px)`);
}
