// Text for a terminal: lines wrapped to its width, so that an action's text stays indented under
// its arrow instead of running on at column 0, and no line starts with "。" or "ー" (the terminal
// itself wraps at the last column, whatever the text). Japanese characters take two columns.
// Words and commands are never cut. Output to a file or a pipe is left as it is.

/** East Asian wide and fullwidth characters (CJK, kana, fullwidth forms) take two columns. */
const WIDE: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe30, 0xfe4f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x20000, 0x3fffd],
];

/** Never at the start of a line (Japanese line-breaking rules, and closing ASCII punctuation). */
const NO_LINE_START = new Set([...'、。，．・：；？！ー）」』】〕〉》’”ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々ゝゞ),.:;!?']);
/** Never at the end of a line. */
const NO_LINE_END = new Set([...'（「『【〔〈《‘“(']);
/** What a continuation line is indented under: the line's indent and its marker. */
const HANGING_PREFIX = /^\s*(?:[→!✓✗…] )?/u;

function isWide(char: string): boolean {
  const cp = char.codePointAt(0) ?? 0;
  return WIDE.some(([from, to]) => cp >= from && cp <= to);
}

export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += isWide(char) ? 2 : 1;
  return width;
}

/** Between two characters: may a line break there? Inside a word or a command, never. */
function mayBreakBetween(before: string, after: string): boolean {
  if (NO_LINE_START.has(after) || NO_LINE_END.has(before)) return false;
  return isWide(before) || isWide(after);
}

interface Piece {
  readonly text: string;
  /** Whether spaces came before it (dropped where the line breaks). */
  readonly spaced: boolean;
}

/** The line's text cut where it may break: at spaces, and between Japanese characters. */
function pieces(text: string): Piece[] {
  const result: Piece[] = [];
  let current = '';
  let spaced = false;
  let previous = '';
  for (const char of text) {
    if (char === ' ') {
      if (current) result.push({ text: current, spaced });
      current = '';
      spaced = true;
    } else {
      if (current && mayBreakBetween(previous, char)) {
        result.push({ text: current, spaced });
        spaced = false;
        current = '';
      }
      current += char;
    }
    previous = char;
  }
  if (current) result.push({ text: current, spaced });
  return result;
}

/** A command to type: left whole, to be copied as one line. */
const COMMAND_LINE = /^\s*cjs-cert\s/u;

/** One line wrapped to `columns`, continuation lines indented under its text. */
export function wrapLine(line: string, columns: number): string[] {
  if (displayWidth(line) <= columns || COMMAND_LINE.test(line)) return [line];
  const prefix = HANGING_PREFIX.exec(line)?.[0] ?? '';
  const hang = ' '.repeat(displayWidth(prefix));
  const lines: string[] = [];
  let current = prefix;
  let width = displayWidth(prefix);
  let empty = true;
  for (const piece of pieces(line.slice(prefix.length))) {
    const gap = piece.spaced && !empty ? 1 : 0;
    const pieceWidth = displayWidth(piece.text);
    if (!empty && width + gap + pieceWidth > columns) {
      lines.push(current);
      current = hang + piece.text;
      width = hang.length + pieceWidth;
    } else {
      current += (gap ? ' ' : '') + piece.text;
      width += gap + pieceWidth;
    }
    empty = false;
  }
  lines.push(current);
  return lines;
}

/** `text` wrapped to the stream's width when the stream is a terminal; as it is otherwise. */
export function forTerminal(text: string, stream: NodeJS.WritableStream): string {
  const columns = 'isTTY' in stream && (stream as NodeJS.WriteStream).isTTY ? (stream as NodeJS.WriteStream).columns : undefined;
  // Too narrow to be worth it: the terminal's own wrapping is all there is.
  if (!columns || columns < 30) return text;
  // One column spare: some terminals draw "→" and "…" two columns wide.
  return text
    .split('\n')
    .flatMap((line) => wrapLine(line, columns - 1))
    .join('\n');
}
