// The challenges of a WWW-Authenticate field (RFC 9110 §11.6.1), as a server sends them with a
// 401: which schemes it offers and their parameters. One field may carry several challenges
// (`Basic realm="x", Digest realm="y", nonce="z"`), and Node joins repeated fields with ", ", so
// a comma may end a parameter or a whole challenge: a name followed by "=" is a parameter, any
// other name starts the next challenge. The values come from the server: callers validate them.

export interface AuthChallenge {
  /** The scheme in lower case: `basic`, `digest`, `negotiate`... */
  readonly scheme: string;
  /** Parameters by lower-case name, unquoted; the first of a repeated name counts. */
  readonly params: ReadonlyMap<string, string>;
  /** The token68 form (`Negotiate YIIB...`), when the challenge has one instead of parameters. */
  readonly token68?: string;
}

// RFC 9110 §5.6.2 tchar, and §11.2 token68.
const TOKEN = /[!#$%&'*+\-.^_`|~0-9A-Za-z]+/y;
const TOKEN68 = /[A-Za-z0-9\-._~+/]+=*/y;
const SPACE = /[ \t]*/y;

/** Every challenge of the field, in the server's order; parsing stops at the first malformed part. */
export function parseChallenges(field: string | undefined): AuthChallenge[] {
  if (field === undefined) return [];
  const scanner = new Scanner(field);
  const challenges: AuthChallenge[] = [];
  for (;;) {
    scanner.skipSeparators();
    if (scanner.atEnd()) return challenges;
    const challenge = readChallenge(scanner);
    if (!challenge) return challenges;
    challenges.push(challenge);
  }
}

function readChallenge(scanner: Scanner): AuthChallenge | undefined {
  const scheme = scanner.match(TOKEN);
  if (scheme === undefined) return undefined;
  const params = new Map<string, string>();
  const token68 = readToken68(scanner);
  if (token68 !== undefined) return { scheme: scheme.toLowerCase(), params, token68 };
  for (;;) {
    scanner.skipSeparators();
    if (scanner.atEnd() || !scanner.paramAhead()) break;
    const name = scanner.match(TOKEN)!.toLowerCase();
    scanner.skip(SPACE);
    scanner.expect('=');
    scanner.skip(SPACE);
    const value = scanner.peek() === '"' ? scanner.quoted() : scanner.match(TOKEN);
    if (value === undefined) return undefined;
    if (!params.has(name)) params.set(name, value);
  }
  return { scheme: scheme.toLowerCase(), params };
}

/** A token68 right after the scheme, standing alone up to the next comma (not `name=value`). */
function readToken68(scanner: Scanner): string | undefined {
  const start = scanner.pos;
  scanner.skip(SPACE);
  const token68 = scanner.match(TOKEN68);
  scanner.skip(SPACE);
  if (token68 !== undefined && (scanner.atEnd() || scanner.peek() === ',')) return token68;
  scanner.pos = start;
  return undefined;
}

class Scanner {
  pos = 0;
  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  peek(): string | undefined {
    return this.text[this.pos];
  }

  match(re: RegExp): string | undefined {
    re.lastIndex = this.pos;
    const m = re.exec(this.text);
    if (!m || m[0] === '') return undefined;
    this.pos += m[0].length;
    return m[0];
  }

  skip(re: RegExp): void {
    this.match(re);
  }

  /** Spaces and the commas between list members (empty members are allowed, RFC 9110 §5.6.1). */
  skipSeparators(): void {
    while (!this.atEnd() && /[ \t,]/.test(this.text[this.pos]!)) this.pos += 1;
  }

  expect(char: string): void {
    if (this.peek() === char) this.pos += 1;
  }

  /** True when a `name =` follows: a parameter of the current challenge, not the next scheme. */
  paramAhead(): boolean {
    const start = this.pos;
    const name = this.match(TOKEN);
    this.skip(SPACE);
    const ahead = name !== undefined && this.peek() === '=';
    this.pos = start;
    return ahead;
  }

  /** A quoted-string with its quoted-pairs undone; undefined when it never closes. */
  quoted(): string | undefined {
    let value = '';
    for (let i = this.pos + 1; i < this.text.length; i += 1) {
      const char = this.text[i]!;
      if (char === '"') {
        this.pos = i + 1;
        return value;
      }
      if (char === '\\' && i + 1 < this.text.length) i += 1;
      value += this.text[i]!;
    }
    return undefined;
  }
}
