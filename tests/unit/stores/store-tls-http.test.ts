// The HTTP/1.1 that tstclnt carries: the request we write, the raw answer we read back.
import { describe, expect, it } from 'vitest';
import { IssuingError } from '../../../electron/core/issuing/errors';
import { MAX_ANSWER_BYTES } from '../../../electron/core/stores/store-tls';
import { parseHttpResponse, serialiseRequest } from '../../../electron/core/stores/store-tls-http';

const raw = (text: string, body: Buffer = Buffer.alloc(0)): Buffer => Buffer.concat([Buffer.from(text, 'latin1'), body]);

function refusal(input: Buffer): IssuingError {
  try {
    parseHttpResponse(input);
  } catch (e) {
    expect(e).toBeInstanceOf(IssuingError);
    return e as IssuingError;
  }
  throw new Error('the answer was accepted');
}

describe('serialiseRequest', () => {
  it('writes the EST request line, Host with its port, our headers, the length and Connection: close', () => {
    const body = Buffer.from('MIIBozCCAQwCAQAw\r\n');
    const bytes = serialiseRequest({
      url: new URL('https://issuer.example:8443/.well-known/est/simplereenroll?x=1'),
      method: 'POST',
      headers: { 'Content-Type': 'application/pkcs10', 'Content-Transfer-Encoding': 'base64' },
      body,
    });
    expect(bytes.toString('latin1')).toBe(
      'POST /.well-known/est/simplereenroll?x=1 HTTP/1.1\r\n' +
        'Host: issuer.example:8443\r\n' +
        'Content-Type: application/pkcs10\r\n' +
        'Content-Transfer-Encoding: base64\r\n' +
        `Content-Length: ${body.length}\r\n` +
        'Connection: close\r\n\r\nMIIBozCCAQwCAQAw\r\n',
    );
  });

  it('sends no Content-Length for a GET without body, and leaves out the default port', () => {
    const bytes = serialiseRequest({ url: new URL('https://issuer.example:443/.well-known/est/cacerts'), method: 'GET', headers: {} });
    expect(bytes.toString('latin1')).toBe('GET /.well-known/est/cacerts HTTP/1.1\r\nHost: issuer.example\r\nConnection: close\r\n\r\n');
  });
});

describe('parseHttpResponse', () => {
  it('reads status, lower-case headers and a Content-Length body byte for byte', () => {
    const body = Buffer.from([0x00, 0xff, 0x0d, 0x0a, 0x80]);
    const response = parseHttpResponse(raw('HTTP/1.1 200 OK\r\nContent-Type: application/pkcs7-mime\r\nContent-Length: 5\r\n\r\n', body));
    expect(response.status).toBe(200);
    expect(response.headers).toEqual({ 'content-type': 'application/pkcs7-mime', 'content-length': '5' });
    expect(response.body).toEqual(body);
  });

  it('joins repeated headers and keeps Latin-1 values as Node does', () => {
    const response = parseHttpResponse(raw('HTTP/1.1 204 No Content\r\nVary: a\r\nvary: b\r\nX-Name: caf\xe9\r\n\r\n'));
    expect(response.headers).toEqual({ vary: 'a, b', 'x-name': 'café' });
    expect(response.body).toHaveLength(0);
  });

  it('decodes a chunked body, with chunk extensions and trailers', () => {
    const response = parseHttpResponse(
      raw(
        'HTTP/1.1 400 Bad Request\r\nTransfer-Encoding: chunked\r\n\r\n5;name=x\r\n{"a":\r\nA\r\n"12345678"\r\n1\r\n}\r\n0\r\nX-Trailer: y\r\n\r\n',
      ),
    );
    expect(response.status).toBe(400);
    expect(response.body.toString()).toBe('{"a":"12345678"}');
  });

  it('reads to the end of the stream when the answer has no framing', () => {
    expect(parseHttpResponse(raw('HTTP/1.0 200 OK\r\n\r\nto the end')).body.toString()).toBe('to the end');
  });

  it('asks for framing when the stream did not end', () => {
    const unframed = raw('HTTP/1.1 200 OK\r\n\r\nmaybe more');
    expect(() => parseHttpResponse(unframed, { requireFraming: true })).toThrow(IssuingError);
    const framed = raw('HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nall.');
    expect(parseHttpResponse(framed, { requireFraming: true }).body.toString()).toBe('all.');
  });

  it('skips an interim 100 Continue', () => {
    const response = parseHttpResponse(raw('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok'));
    expect(response.status).toBe(201);
    expect(response.body.toString()).toBe('ok');
  });

  it.each([
    ['an empty answer', ''],
    ['headers that never end', 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n'],
    ['no status line', 'HTTP/2 200\r\n\r\n'],
    ['a folded header', 'HTTP/1.1 200 OK\r\nX-A: 1\r\n  continued\r\n\r\n'],
    ['a header without a colon', 'HTTP/1.1 200 OK\r\nbroken\r\n\r\n'],
    ['a body shorter than Content-Length', 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort'],
    ['bytes after the Content-Length body', 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA'],
    ['a Content-Length that is not a number', 'HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\n\r\nok'],
    ['a chunked body without its last chunk', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n'],
    ['a chunk cut short', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nA\r\nshort'],
    ['a chunk longer than its size', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nlonger\r\n0\r\n\r\n'],
    ['a chunk size that is not hex', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'],
    ['a compressed body', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n'],
    ['a protocol switch', 'HTTP/1.1 101 Switching Protocols\r\n\r\n'],
  ])('refuses %s as ISSUE-BAD-RESPONSE', (_what, text) => {
    expect(refusal(raw(text)).code).toBe('ISSUE-BAD-RESPONSE');
  });

  it('refuses a body over the bound, declared or sent, chunked or not', () => {
    const big = Buffer.alloc(MAX_ANSWER_BYTES + 1, 0x41);
    const declared = refusal(raw(`HTTP/1.1 200 OK\r\nContent-Length: ${MAX_ANSWER_BYTES + 1}\r\n\r\n`));
    expect(declared.message).toMatch(/exceeds/);
    expect(refusal(raw('HTTP/1.1 200 OK\r\n\r\n', big)).message).toMatch(/exceeds/);
    const chunked = raw(`HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${big.length.toString(16)}\r\n`, big);
    expect(refusal(Buffer.concat([chunked, Buffer.from('\r\n0\r\n\r\n')])).message).toMatch(/exceeds/);
    // Headers without end, beyond any honest size.
    expect(refusal(raw(`HTTP/1.1 200 OK\r\nX: ${'a'.repeat(70 * 1024)}`)).message).toMatch(/exceeds/);
  });
});
