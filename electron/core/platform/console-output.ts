/**
 * Decoding of Windows console programs' output (reg.exe, certutil). They write in the console's
 * code page when piped: UTF-8 after `chcp 65001`, CP932 (Shift_JIS) on a default Japanese
 * Windows, plain ASCII for most values. The runner cannot pick a code page for us (no shell, so
 * no `chcp` before the program), so run with `encoding: 'latin1'` (byte-preserving) and decode
 * here.
 */
export const RAW_BYTES_ENCODING = 'latin1' as const;

/** The bytes a runner decoded as latin1 (one char per byte) back into text. */
export function decodeConsoleBytes(latin1Text: string): string {
  return decodeConsoleBuffer(Buffer.from(latin1Text, 'latin1'));
}

export function decodeConsoleBuffer(bytes: Buffer): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (looksUtf16Le(bytes)) return new TextDecoder('utf-16le').decode(bytes);
  try {
    // fatal: a CP932 byte sequence is almost never valid UTF-8, so this tells the two apart.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // The product's users are on Japanese Windows: CP932 is the code page that is not UTF-8 there.
    return new TextDecoder('shift_jis').decode(bytes);
  }
}

/** `cmd /u` style output: ASCII text with a NUL after every character. */
function looksUtf16Le(bytes: Buffer): boolean {
  if (bytes.length < 4 || bytes.length % 2 !== 0) return false;
  let zeros = 0;
  for (let i = 1; i < bytes.length; i += 2) if (bytes[i] === 0) zeros += 1;
  return zeros >= (bytes.length / 2) * 0.5;
}
