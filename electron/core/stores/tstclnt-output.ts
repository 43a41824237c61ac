// What NSS's tstclnt tells on stderr when run with `-v -v -C -C -C`: the certificates the server
// sent (as PEM, after NSS's pretty-print of each), whether the handshake completed, whether the
// server asked for a client certificate and one was sent, and the NSPR/NSS error that ended it.
//
// The certificates come from the server, and so do the names NSS prints before each PEM block.
// NSS escapes control characters in what it prints (names: `\0a`; strings: `.`), so no text of
// the server can start a line of its own; a PEM block is therefore read only from whole lines,
// the BEGIN and END lines exactly, and base64 lines with nothing else on them. A regular
// expression over the text would also find a PEM block hidden inside a printed name, and
// Node's base64 decoder skips the `.` NSS puts in place of line breaks.

const SECTION_START = '==== certificate(s) sent by server: ====';
const BEGIN = '-----BEGIN CERTIFICATE-----';
const END = '-----END CERTIFICATE-----';
const BASE64_LINE = /^[A-Za-z0-9+/]+={0,2}$/;
/** The errors tstclnt prints while things are fine (a non-blocking connect, an empty read). */
const NOT_FATAL = new Set(['PR_IN_PROGRESS_ERROR', 'PR_WOULD_BLOCK_ERROR']);
const ERROR_NAME = /\b((?:PR|SSL_ERROR|SEC_ERROR)_[A-Z0-9_]+)\b/g;

export interface TstclntReport {
  /** One chain per handshake (leaf first, DER); empty when the server's certificate was never received. */
  readonly serverChains: readonly (readonly Buffer[])[];
  /** The TLS handshake completed (the security parameters were printed). */
  readonly secured: boolean;
  /** Whether the server asked for a client certificate, and whether NSS sent one. */
  readonly clientCertificate: 'not-requested' | 'sent' | 'none-sent';
  /** NSS needed the database's own password (an NSS primary password) to reach the key. */
  readonly storeLocked: boolean;
  /** The database could not be opened. */
  readonly databaseUnusable: boolean;
  /** The last NSPR/NSS error name printed, e.g. PR_CONNECT_REFUSED_ERROR, SSL_ERROR_BAD_CERT_ALERT. */
  readonly error: string | undefined;
}

export function readTstclntReport(stderr: string): TstclntReport {
  const lines = stderr.split(/\r?\n/);
  const requested = lines.includes('Server requested Client Authentication');
  const sent = lines.some((l) => l.startsWith('sent cert: '));
  return {
    serverChains: serverChains(lines),
    secured: lines.some((l) => l.startsWith('tstclnt: SSL version ')),
    clientCertificate: sent ? 'sent' : requested ? 'none-sent' : 'not-requested',
    storeLocked: lines.some((l) => /^(password file contains no data|Incorrect password\/PIN entered\.?)$/.test(l)),
    databaseUnusable: lines.some((l) => l.startsWith('tstclnt: unable to open cert database')),
    error: lastError(lines),
  };
}

/** Every "sent by server" section: its PEM blocks, in order, until the next `==== ` line. */
function serverChains(lines: readonly string[]): Buffer[][] {
  const chains: Buffer[][] = [];
  let chain: Buffer[] | undefined;
  let pem: string[] | undefined;
  for (const line of lines) {
    if (line === SECTION_START) {
      chain = [];
      chains.push(chain);
    } else if (line.startsWith('==== ')) {
      chain = undefined;
    } else if (chain && line === BEGIN) {
      pem = [];
    } else if (chain && pem && line === END) {
      chain.push(Buffer.from(pem.join(''), 'base64'));
      pem = undefined;
    } else if (pem) {
      // A block with any other line in it is not one NSS printed: it is dropped, never half-read.
      if (BASE64_LINE.test(line)) pem.push(line);
      else pem = undefined;
    }
  }
  return chains;
}

function lastError(lines: readonly string[]): string | undefined {
  let last: string | undefined;
  // Only tstclnt's own lines: a certificate's printed fields could hold anything that looks like an error name.
  for (const line of lines.filter((l) => l.startsWith('tstclnt: '))) {
    for (const [, name] of line.matchAll(ERROR_NAME)) if (name && !NOT_FATAL.has(name)) last = name;
  }
  return last;
}
