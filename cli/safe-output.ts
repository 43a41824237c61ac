// The command line's output boundary: runCli wraps stdout and stderr once, so every character any
// command prints, text or JSON, passes terminalSafe (electron/core/safe-text.ts) on its way out.
// Server and store texts cannot drive the terminal, whichever path brought them here (issue 9,
// finding 4). The CLI's own control sequence (erasing the progress line) is the one exception,
// and it can only be sent through writeControl, never inside a text.
import { Writable } from 'node:stream';
import { terminalSafe } from '../electron/core/safe-text';

/** Back to the line's start and erase it: the progress line redrawn on a terminal. */
export const CLEAR_LINE = '\r\x1b[2K';

const CONTROL = Symbol('control sequence');

class SafeOutput extends Writable {
  constructor(private readonly target: NodeJS.WritableStream) {
    // Strings as written, so that no character is split across two chunks.
    super({ decodeStrings: false });
  }

  // What the commands ask of the terminal (wrapping, progress) is the real stream's.
  get isTTY(): boolean | undefined {
    return (this.target as Partial<NodeJS.WriteStream>).isTTY;
  }

  get columns(): number | undefined {
    return (this.target as Partial<NodeJS.WriteStream>).columns;
  }

  override _write(chunk: string | Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    // Synchronous, so a control sequence written between two texts stays between them.
    this.target.write(terminalSafe(typeof chunk === 'string' ? chunk : chunk.toString('utf8')));
    callback();
  }

  [CONTROL](sequence: typeof CLEAR_LINE): void {
    this.target.write(sequence);
  }
}

/** `stream` with every text written to it made terminal-safe. */
export function safeOutput(stream: NodeJS.WritableStream): NodeJS.WritableStream {
  return stream instanceof SafeOutput ? stream : new SafeOutput(stream);
}

/** Sends one of the CLI's own control sequences, past the escaping. */
export function writeControl(stream: NodeJS.WritableStream, sequence: typeof CLEAR_LINE): void {
  if (stream instanceof SafeOutput) stream[CONTROL](sequence);
  else stream.write(sequence);
}
