// Text from outside this program (a server's problem detail or title, a header, a certificate's
// names, a store tool's output) made safe to print: no character of it may move the cursor, set
// the window title, clear the screen, reorder what is shown, or start a forged line (issue 9,
// finding 4: a problem detail set the terminal's title, cleared it and printed a forged
// "certificate installed" on a run that exited 3). The characters are shown escaped, not
// dropped, so a log still tells that something was sent; the escapes are JSON's (`\u001b`), so
// JSON text stays valid JSON meaning the same after passing through.

/**
 * Every control character but tab and line feed: C0 (ESC, BEL, CR, backspace...), DEL and C1
 * (U+009B is a one-character CSI to terminals that take 8-bit controls); the bidirectional
 * controls (U+202E and the like: they reorder what a terminal or a window shows, "Trojan Source");
 * and lone surrogates (half a character, which would come out as U+FFFD or break an encoder).
 */
const UNSAFE = /(?![\t\n])[\p{Cc}\p{Bidi_Control}\p{Cs}]/gu;
/** Every way to start a new line, for fields that are one line by nature. */
const LINE_BREAKS = /\r\n|[\r\n\u0085\u2028\u2029]/g;

function escaped(char: string): string {
  return `\\u${char.codePointAt(0)!.toString(16).padStart(4, '0')}`;
}

/** `text` with every unsafe character shown as its escape; tabs and line feeds kept. */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, escaped);
}

/** For a single-line field (a name, a detail, a header): line breaks become spaces, then terminalSafe. */
export function oneLine(text: string): string {
  return terminalSafe(text.replace(LINE_BREAKS, ' '));
}
