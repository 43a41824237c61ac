// HTTP/1.1 by hand, for a store tool that only moves bytes over TLS (NSS's tstclnt): the request
// it sends from a file, and the server's raw answer it prints. One request per connection
// (`Connection: close`), so the answer ends at the end of the stream or of its framing.
import { IssuingError } from '../issuing/errors';
import { MAX_ANSWER_BYTES, type StoreTlsRequest, type StoreTlsResponse } from './store-tls';

/** The request's bytes; `request` has passed checkedRequest (headers cannot split it). */
export function serialiseRequest(request: Pick<StoreTlsRequest, 'url' | 'method' | 'headers' | 'body'>): Buffer {
  const { url, method, body } = request;
  const lines = [`${method} ${url.pathname}${url.search} HTTP/1.1`, `Host: ${url.host}`];
  for (const [name, value] of Object.entries(request.headers)) lines.push(`${name}: ${value}`);
  if (body !== undefined || method === 'POST') lines.push(`Content-Length: ${body?.length ?? 0}`);
  lines.push('Connection: close', '', '');
  return Buffer.concat([Buffer.from(lines.join('\r\n'), 'latin1'), body ?? Buffer.alloc(0)]);
}

/** A status line and headers are a few hundred bytes; more is not an EST server talking. */
const MAX_HEAD_BYTES = 64 * 1024;
const STATUS_LINE = /^HTTP\/1\.[01] (\d{3})(?: [^\r\n]*)?$/;
const HEADER_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*(.*?)[ \t]*$/;
const CHUNK_SIZE = /^([0-9A-Fa-f]{1,8})(?:[ \t]*;[^\r\n]*)?$/;

function malformed(why: string): IssuingError {
  return new IssuingError('ISSUE-BAD-RESPONSE', `the issuer's answer is not valid HTTP/1.1: ${why}`);
}

function tooLarge(): IssuingError {
  return new IssuingError('ISSUE-BAD-RESPONSE', `the answer exceeds ${MAX_ANSWER_BYTES} bytes`);
}

interface Head {
  readonly status: number;
  readonly headers: Record<string, string>;
  /** Offset of the first body byte. */
  readonly bodyStart: number;
}

/** The status line and headers starting at `offset`. */
function parseHead(raw: Buffer, offset: number): Head {
  const end = raw.indexOf('\r\n\r\n', offset, 'latin1');
  if (end < 0) throw raw.length - offset > MAX_HEAD_BYTES ? tooLarge() : malformed('the headers do not end');
  if (end - offset > MAX_HEAD_BYTES) throw tooLarge();
  const [statusLine = '', ...headerLines] = raw.toString('latin1', offset, end).split('\r\n');
  const status = STATUS_LINE.exec(statusLine);
  if (!status?.[1]) throw malformed('no HTTP/1.x status line');
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    // A folded line (obs-fold) or a bare name: what a proxy could read differently from us.
    const match = HEADER_LINE.exec(line);
    if (!match?.[1]) throw malformed('a header line cannot be read');
    const name = match[1].toLowerCase();
    // Latin-1, byte for byte, as Node's own HTTP parser gives header values.
    const value = match[2] ?? '';
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  }
  return { status: Number(status[1]), headers, bodyStart: end + 4 };
}

/** RFC 9112 §7.1: size lines, data, an empty last chunk, optional trailers (ignored). */
function dechunk(raw: Buffer, start: number): Buffer {
  const parts: Buffer[] = [];
  let size = 0;
  let at = start;
  for (;;) {
    const lineEnd = raw.indexOf('\r\n', at, 'latin1');
    if (lineEnd < 0) throw malformed('the chunked body ends before its last chunk');
    const sizeLine = CHUNK_SIZE.exec(raw.toString('latin1', at, lineEnd));
    if (!sizeLine?.[1]) throw malformed('a chunk size cannot be read');
    const length = parseInt(sizeLine[1], 16);
    at = lineEnd + 2;
    if (length === 0) return Buffer.concat(parts, size);
    size += length;
    if (size > MAX_ANSWER_BYTES) throw tooLarge();
    if (at + length + 2 > raw.length) throw malformed('the chunked body ends inside a chunk');
    if (raw.toString('latin1', at + length, at + length + 2) !== '\r\n') throw malformed('a chunk is longer than its size');
    parts.push(raw.subarray(at, at + length));
    at += length + 2;
  }
}

/** The body after the head: by Transfer-Encoding, else Content-Length, else to the end of the stream. */
function bodyOf(raw: Buffer, head: Head, requireFraming: boolean): Buffer {
  const encoding = head.headers['transfer-encoding'];
  if (encoding !== undefined) {
    if (encoding.toLowerCase() !== 'chunked') throw malformed(`unsupported Transfer-Encoding ${JSON.stringify(encoding)}`);
    return dechunk(raw, head.bodyStart);
  }
  const rest = raw.subarray(head.bodyStart);
  const declared = head.headers['content-length'];
  if (declared === undefined) {
    if (requireFraming) throw malformed('the answer has no length, and the stream did not end');
    if (rest.length > MAX_ANSWER_BYTES) throw tooLarge();
    return Buffer.from(rest);
  }
  if (!/^\d{1,10}$/.test(declared)) throw malformed('Content-Length is not a number');
  const length = Number(declared);
  if (length > MAX_ANSWER_BYTES) throw tooLarge();
  if (rest.length < length) throw malformed(`the body ends after ${rest.length} of ${length} bytes`);
  if (rest.length > length) throw malformed('more bytes follow the body');
  return Buffer.from(rest);
}

/** More than this on the connection is refused unread (chunk sizes and line ends count too). */
export const MAX_RAW_ANSWER_BYTES = MAX_HEAD_BYTES + MAX_ANSWER_BYTES * 2;

/**
 * The answer in `raw` (all the bytes the server sent on the connection). Interim 1xx answers are
 * skipped; a body that does not end as its framing says is refused, never cut or padded.
 * `requireFraming`: the stream did not end (the tool was stopped), so only an answer whose
 * Content-Length or chunks say it is whole is one.
 */
export function parseHttpResponse(raw: Buffer, options: { readonly requireFraming?: boolean } = {}): StoreTlsResponse {
  if (raw.length > MAX_RAW_ANSWER_BYTES) throw tooLarge();
  let head = parseHead(raw, 0);
  while (head.status >= 100 && head.status < 200) {
    if (head.status === 101) throw malformed('the server switched protocols');
    head = parseHead(raw, head.bodyStart);
  }
  const noBody = head.status === 204 || head.status === 304;
  return {
    status: head.status,
    headers: head.headers,
    body: noBody ? Buffer.alloc(0) : bodyOf(raw, head, options.requireFraming ?? false),
  };
}
