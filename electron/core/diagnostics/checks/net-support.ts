// Low-level helpers shared by the network checks (https-address, network, tls-handshake,
// server-certificate, clock): which endpoints to check, how to reach them (directly or through
// the proxy the client itself would use, always with an HTTP CONNECT tunnel), bounded by a
// timeout and the check's AbortSignal, and how per-endpoint findings become one CheckResult.
//
// Endpoints: the issuing service (`settings.issuerUrl`) and the system's login page
// (`settings.loginUrl`) are both checked by the reachability/TLS/certificate checks, with
// evidence per endpoint (`issuing.*`, `login.*`): the user needs both, and a firewall or an
// HTTPS-scanning product may treat the two hosts differently. The same origin is checked once.
import { lookup } from 'node:dns/promises';
import { connect as netConnect, isIP, type Socket } from 'node:net';
import {
  connect as tlsConnect,
  type ConnectionOptions,
  type DetailedPeerCertificate,
  type PeerCertificate,
  type TLSSocket,
} from 'node:tls';
import type { ClientSettings } from '../../config';
import { environmentProxy } from '../../issuing/proxy';
import type { NextAction } from '../../../contract/actions';
import type { CheckContext, CheckResult, Evidence } from '../check';
import { atEndpoint, common, message, type MessageSpec, type Param } from '../messages';

export type EndpointRole = 'issuing' | 'login';

/** A healthy connection takes milliseconds; three seconds means a firewall drops the packets. */
export const CONNECT_TIMEOUT_MS = 3_000;
/** A TLS server answers a ClientHello (or an HTTP request) in milliseconds; five seconds of silence is a dead end. */
export const ANSWER_TIMEOUT_MS = 5_000;

export interface Endpoint {
  readonly role: EndpointRole;
  /** The address as configured, parsed. */
  readonly url: URL;
  /** Host name or IP address, without IPv6 brackets. */
  readonly host: string;
  readonly port: number;
  readonly ipLiteral: boolean;
}

/** The configured address of each role, in report order. */
export function configuredAddresses(
  settings: Pick<ClientSettings, 'issuerUrl' | 'loginUrl'>,
): readonly { readonly role: EndpointRole; readonly raw: string }[] {
  return [
    { role: 'issuing', raw: settings.issuerUrl },
    { role: 'login', raw: settings.loginUrl },
  ];
}

/**
 * The https:// endpoints to probe, one per origin (issuing first). Addresses that do not parse or
 * are not https:// are left out: the https-address check reports them, and the checks that need
 * a connection depend on it.
 */
export function endpointsOf(settings: Pick<ClientSettings, 'issuerUrl' | 'loginUrl'>): Endpoint[] {
  const out: Endpoint[] = [];
  for (const { role, raw } of configuredAddresses(settings)) {
    let url: URL;
    try {
      url = new URL(raw.trim());
    } catch {
      continue;
    }
    if (url.protocol !== 'https:' || url.hostname === '') continue;
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const port = url.port === '' ? 443 : Number(url.port);
    if (out.some((e) => e.host.toLowerCase() === host.toLowerCase() && e.port === port)) continue;
    out.push({ role, url, host, port, ipLiteral: isIP(host) !== 0 });
  }
  return out;
}

/** The address for display and evidence: no user:password, no query or fragment. */
export function displayUrl(url: URL): string {
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  copy.search = '';
  copy.hash = '';
  return copy.href;
}

export function hostPort(endpoint: Pick<Endpoint, 'host' | 'port'>): string {
  return isIP(endpoint.host) === 6 ? `[${endpoint.host}]:${endpoint.port}` : `${endpoint.host}:${endpoint.port}`;
}

// ---------------------------------------------------------------------------------------------
// Proxy

/** Where the proxy setting came from, so the user knows which setting to look at. */
export type ProxySource = 'environment' | 'windows-system' | 'configured';

export interface ProxyRoute {
  /** Full proxy URL, possibly with credentials: used to connect, never reported. */
  readonly url: URL;
  /** `http://proxy.example:8080` without credentials, for evidence. */
  readonly display: string;
  readonly source: ProxySource;
}

/**
 * The proxy the client would use for this endpoint (context.proxy is the same resolver the
 * issuing client uses), or undefined for a direct connection. The resolver does not say where
 * its answer came from; the environment is asked again to tell "environment" from "Windows
 * system settings", which is all the user needs to find the setting.
 */
export async function proxyRouteFor(
  context: Pick<CheckContext, 'proxy' | 'platform'>,
  endpoint: Endpoint,
): Promise<ProxyRoute | undefined> {
  const proxy = await context.proxy(endpoint.url);
  if (proxy === undefined || proxy === '') return undefined;
  let url: URL;
  try {
    url = new URL(proxy);
  } catch (cause) {
    throw new NetStageError('proxy-config', `the proxy address "${redactProxyText(proxy)}" cannot be parsed`, { cause });
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
    throw new NetStageError('proxy-config', `the proxy address "${displayUrl(url)}" is not an http:// or https:// proxy`);
  }
  const fromEnv = await environmentProxy(endpoint.url);
  const source: ProxySource = fromEnv === proxy ? 'environment' : context.platform === 'win32' ? 'windows-system' : 'configured';
  return { url, display: displayUrl(url).replace(/\/$/, ''), source };
}

function redactProxyText(text: string): string {
  return text.replace(/\/\/[^@/]*@/, '//***@');
}

export function proxyPort(url: URL): number {
  return url.port !== '' ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
}

// ---------------------------------------------------------------------------------------------
// Connecting

/** Where a connection attempt stopped; each maps to its own explanation. */
export type NetStage = 'dns' | 'connect' | 'proxy-config' | 'proxy-dns' | 'proxy-connect' | 'proxy-refused' | 'tls' | 'aborted';

export class NetStageError extends Error {
  readonly stage: NetStage;
  /** Node errno / OpenSSL code (ENOTFOUND, ECONNREFUSED, ETIMEDOUT, ERR_SSL_...). */
  readonly errno: string | undefined;
  /** The proxy's answer to CONNECT. */
  readonly status: number | undefined;
  /** Addresses the name resolved to, when it got that far. */
  readonly addresses: readonly string[];

  constructor(
    stage: NetStage,
    message: string,
    options: { errno?: string | undefined; status?: number; addresses?: readonly string[]; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'NetStageError';
    this.stage = stage;
    this.errno = options.errno;
    this.status = options.status;
    this.addresses = options.addresses ?? [];
  }
}

export interface Connection {
  /** A connected byte stream to the endpoint (a plain socket, or the CONNECT tunnel). */
  readonly socket: Socket;
  /** Addresses the endpoint's name resolved to (direct connections; empty through a proxy). */
  readonly addresses: readonly string[];
  /** The address actually connected to (the endpoint's, or the proxy's). */
  readonly remoteAddress: string | undefined;
  readonly proxy: ProxyRoute | undefined;
  readonly connectMs: number;
}

export interface ConnectOptions {
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
  /** For an https:// proxy only: the CAs to verify the proxy with. */
  readonly trustedCaPem: readonly string[];
}

/** How many resolved addresses a direct connection tries before giving up (each with the timeout). */
const MAX_ADDRESS_ATTEMPTS = 2;

/**
 * Resolves (unless the host is an IP literal) and connects to the endpoint, or through the proxy
 * with CONNECT. Through a proxy the endpoint's name is resolved by the proxy, as browsers do: a
 * PC behind a proxy often cannot resolve outside names itself, and that is not a fault.
 * Rejects with a NetStageError naming the stage; sockets are destroyed on failure and on abort.
 */
export async function openConnection(endpoint: Endpoint, proxy: ProxyRoute | undefined, options: ConnectOptions): Promise<Connection> {
  const started = performance.now();
  if (proxy) {
    const socket = await connectThroughProxy(endpoint, proxy, options);
    return { socket, addresses: [], remoteAddress: socket.remoteAddress, proxy, connectMs: performance.now() - started };
  }
  const addresses = endpoint.ipLiteral ? [endpoint.host] : await resolveAll(endpoint.host, 'dns', options);
  let lastError: NetStageError | undefined;
  for (const address of addresses.slice(0, MAX_ADDRESS_ATTEMPTS)) {
    try {
      const socket = await tcpConnect(address, endpoint.port, 'connect', options);
      return { socket, addresses, remoteAddress: address, proxy: undefined, connectMs: performance.now() - started };
    } catch (err) {
      if (err instanceof NetStageError && err.stage === 'aborted') throw err;
      lastError = err instanceof NetStageError ? err : new NetStageError('connect', String(err), { cause: err });
    }
  }
  throw new NetStageError('connect', lastError?.message ?? 'no address to connect to', {
    errno: lastError?.errno,
    addresses,
    cause: lastError,
  });
}

/** dns.lookup cannot be cancelled: the race makes the check return anyway (the lookup ends by itself). */
async function resolveAll(host: string, stage: 'dns' | 'proxy-dns', options: ConnectOptions): Promise<string[]> {
  if (isIP(host)) return [host];
  const answer = await raceTimeout(
    lookup(host, { all: true, verbatim: true }),
    options,
    () => new NetStageError(stage, `no answer resolving ${host} within ${options.timeoutMs} ms`, { errno: 'ETIMEDOUT' }),
  ).catch((err: unknown) => {
    if (err instanceof NetStageError) throw err;
    const errno = errnoOf(err);
    throw new NetStageError(stage, `cannot resolve ${host}: ${errno ?? String(err)}`, { errno, cause: err });
  });
  const addresses = [...new Set(answer.map((a) => a.address))];
  if (addresses.length === 0) throw new NetStageError(stage, `${host} resolved to no address`, { errno: 'ENOTFOUND' });
  return addresses;
}

function tcpConnect(address: string, port: number, stage: 'connect' | 'proxy-connect', options: ConnectOptions): Promise<Socket> {
  return new Promise<Socket>((resolve, reject) => {
    if (options.signal.aborted) return reject(abortedError());
    const socket = netConnect({ host: address, port });
    const cleanup = (): void => {
      clearTimeout(timer);
      options.signal.removeEventListener('abort', onAbort);
      socket.removeListener('error', onError);
      socket.removeListener('connect', onConnect);
    };
    const fail = (err: NetStageError): void => {
      cleanup();
      socket.destroy();
      reject(err);
    };
    const onAbort = (): void => fail(abortedError());
    const onError = (err: Error): void =>
      fail(
        new NetStageError(stage, `connecting to ${address}:${port}: ${errnoOf(err) ?? err.message}`, { errno: errnoOf(err), cause: err }),
      );
    const onConnect = (): void => {
      cleanup();
      keepQuiet(socket);
      resolve(socket);
    };
    const timer = setTimeout(
      () => fail(new NetStageError(stage, `no answer from ${address}:${port} within ${options.timeoutMs} ms`, { errno: 'ETIMEDOUT' })),
      options.timeoutMs,
    );
    options.signal.addEventListener('abort', onAbort, { once: true });
    socket.once('error', onError);
    socket.once('connect', onConnect);
  });
}

/** Larger than any sane CONNECT answer head; a proxy sending more is not answering CONNECT. */
const MAX_CONNECT_HEAD_BYTES = 16 * 1024;

async function connectThroughProxy(endpoint: Endpoint, proxy: ProxyRoute, options: ConnectOptions): Promise<Socket> {
  const proxyHost = proxy.url.hostname.replace(/^\[|\]$/g, '');
  const [address] = await resolveAll(proxyHost, 'proxy-dns', options);
  let socket: Socket = await tcpConnect(address!, proxyPort(proxy.url), 'proxy-connect', options);
  if (proxy.url.protocol === 'https:') {
    socket = await tlsOver(
      socket,
      { host: proxyHost, ca: [...options.trustedCaPem], minVersion: 'TLSv1.2', rejectUnauthorized: true },
      options,
    ).catch((err: unknown) => {
      throw new NetStageError('proxy-connect', `TLS to the proxy failed: ${errnoOf(err) ?? String(err)}`, {
        errno: errnoOf(err),
        cause: err,
      });
    });
  }
  const target = hostPort(endpoint);
  const headers = [`CONNECT ${target} HTTP/1.1`, `Host: ${target}`, 'User-Agent: cjs-cert-doctor'];
  if (proxy.url.username !== '') {
    const credentials = `${decodeURIComponent(proxy.url.username)}:${decodeURIComponent(proxy.url.password)}`;
    headers.push(`Proxy-Authorization: Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`);
  }
  const tunnel = socket;
  return new Promise<Socket>((resolve, reject) => {
    let head = Buffer.alloc(0);
    const cleanup = (): void => {
      clearTimeout(timer);
      options.signal.removeEventListener('abort', onAbort);
      tunnel.removeListener('data', onData);
      tunnel.removeListener('error', onError);
      tunnel.removeListener('close', onClose);
    };
    const fail = (err: NetStageError): void => {
      cleanup();
      tunnel.destroy();
      reject(err);
    };
    const onAbort = (): void => fail(abortedError());
    const onError = (err: Error): void =>
      fail(
        new NetStageError('proxy-connect', `proxy connection failed: ${errnoOf(err) ?? err.message}`, { errno: errnoOf(err), cause: err }),
      );
    const onClose = (): void =>
      fail(new NetStageError('proxy-refused', 'the proxy closed the connection without answering CONNECT', { errno: 'ECONNRESET' }));
    const onData = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) {
        if (head.length > MAX_CONNECT_HEAD_BYTES) fail(new NetStageError('proxy-refused', 'the proxy did not answer CONNECT'));
        return;
      }
      const statusLine = head.subarray(0, head.indexOf('\r\n')).toString('latin1');
      const status = Number(/^HTTP\/\d(?:\.\d)?\s+(\d{3})/.exec(statusLine)?.[1] ?? 0);
      if (status !== 200) {
        fail(new NetStageError('proxy-refused', `the proxy answered CONNECT ${target} with "${statusLine.slice(0, 100)}"`, { status }));
        return;
      }
      cleanup();
      keepQuiet(tunnel);
      // Bytes after the head already belong to the tunnelled stream (a server speaking first).
      const rest = head.subarray(end + 4);
      if (rest.length > 0) tunnel.unshift(rest);
      resolve(tunnel);
    };
    const timer = setTimeout(
      () =>
        fail(new NetStageError('proxy-refused', `the proxy did not answer CONNECT within ${options.timeoutMs} ms`, { errno: 'ETIMEDOUT' })),
      options.timeoutMs,
    );
    if (options.signal.aborted) return onAbort();
    options.signal.addEventListener('abort', onAbort, { once: true });
    tunnel.on('data', onData);
    tunnel.once('error', onError);
    tunnel.once('close', onClose);
    tunnel.write(`${headers.join('\r\n')}\r\n\r\n`);
  });
}

/** What one TLS probe saw: a completed handshake (the caller reads it, then closes it), or where it stopped. */
export type TlsProbe =
  | { readonly socket: TLSSocket; readonly connection: Connection; readonly handshakeMs: number }
  | { readonly error: unknown; readonly stage: 'connect' | 'tls'; readonly handshakeMs: number };

export interface TlsProbeOptions {
  /** Verify the chain against the trusted CAs and the host name (server-certificate, clock). */
  readonly verify: boolean;
  readonly minVersion: ConnectionOptions['minVersion'];
  readonly ciphers?: string;
}

/**
 * The one way the network checks open a TLS connection to an endpoint: connect (directly or
 * through the proxy), then handshake, each within its short budget, sending no data. Never
 * throws but for a cancelled check: the failure and its stage come back as data.
 */
export async function probeTls(
  context: Pick<CheckContext, 'settings' | 'trustedCaPem'>,
  endpoint: Endpoint,
  proxy: ProxyRoute | undefined,
  signal: AbortSignal,
  options: TlsProbeOptions,
): Promise<TlsProbe> {
  const started = performance.now();
  let connection: Connection;
  try {
    connection = await openConnection(endpoint, proxy, {
      timeoutMs: attemptTimeout(context, CONNECT_TIMEOUT_MS),
      signal,
      trustedCaPem: context.trustedCaPem,
    });
  } catch (error) {
    if (error instanceof NetStageError && error.stage === 'aborted') throw error;
    return { error, stage: 'connect', handshakeMs: performance.now() - started };
  }
  const handshakeStarted = performance.now();
  try {
    const socket = await handshake(connection, endpoint, {
      timeoutMs: attemptTimeout(context, ANSWER_TIMEOUT_MS),
      signal,
      trustedCaPem: context.trustedCaPem,
      ...(options.verify ? { ca: context.trustedCaPem } : {}),
      rejectUnauthorized: options.verify,
      minVersion: options.minVersion,
      ...(options.ciphers ? { ciphers: options.ciphers } : {}),
    });
    return { socket, connection, handshakeMs: performance.now() - handshakeStarted };
  } catch (error) {
    if (error instanceof NetStageError && error.stage === 'aborted') throw error;
    return { error, stage: 'tls', handshakeMs: performance.now() - handshakeStarted };
  }
}

export interface HandshakeOptions extends ConnectOptions {
  readonly ca?: readonly string[];
  readonly rejectUnauthorized: boolean;
  readonly minVersion: ConnectionOptions['minVersion'];
  readonly ciphers?: string;
}

/**
 * A TLS handshake over an open connection to the endpoint; sends no application data. The host
 * name is checked against the certificate when rejectUnauthorized is set (Node uses `host`); SNI
 * is sent for names only (RFC 6066 forbids IP addresses there). Rejects with the TLS error
 * (its `code` intact) or a NetStageError('tls', ETIMEDOUT) for a silent server.
 */
export function handshake(connection: Connection, endpoint: Endpoint, options: HandshakeOptions): Promise<TLSSocket> {
  return tlsOver(
    connection.socket,
    {
      host: endpoint.host,
      ...(endpoint.ipLiteral ? {} : { servername: endpoint.host }),
      ...(options.ca ? { ca: [...options.ca] } : {}),
      rejectUnauthorized: options.rejectUnauthorized,
      minVersion: options.minVersion,
      ...(options.ciphers ? { ciphers: options.ciphers } : {}),
    },
    options,
  );
}

function tlsOver(socket: Socket, tlsOptions: ConnectionOptions, options: Pick<ConnectOptions, 'timeoutMs' | 'signal'>): Promise<TLSSocket> {
  return new Promise<TLSSocket>((resolve, reject) => {
    if (options.signal.aborted) {
      socket.destroy();
      return reject(abortedError());
    }
    const tls = tlsConnect({ ...tlsOptions, socket });
    const cleanup = (): void => {
      clearTimeout(timer);
      options.signal.removeEventListener('abort', onAbort);
      tls.removeListener('error', onError);
      tls.removeListener('secureConnect', onSecure);
      tls.removeListener('close', onClose);
    };
    const fail = (err: Error): void => {
      cleanup();
      tls.destroy();
      socket.destroy();
      reject(err);
    };
    const onAbort = (): void => fail(abortedError());
    const onError = (err: Error): void => fail(err);
    const onClose = (): void =>
      fail(new NetStageError('tls', 'the server closed the connection during the TLS handshake', { errno: 'ECONNRESET' }));
    const onSecure = (): void => {
      cleanup();
      keepQuiet(tls);
      resolve(tls);
    };
    const timer = setTimeout(
      () => fail(new NetStageError('tls', `no TLS answer within ${options.timeoutMs} ms`, { errno: 'ETIMEDOUT' })),
      options.timeoutMs,
    );
    options.signal.addEventListener('abort', onAbort, { once: true });
    tls.once('error', onError);
    tls.once('secureConnect', onSecure);
    tls.once('close', onClose);
  });
}

/**
 * After success the caller only reads facts and destroys the socket; an error arriving later (a
 * reset, a TLS 1.3 alert after the handshake) must not become an unhandled 'error' event.
 */
function keepQuiet(socket: Socket): void {
  socket.on('error', () => undefined);
}

function abortedError(): NetStageError {
  return new NetStageError('aborted', 'the check was cancelled', { errno: 'ABORT_ERR' });
}

function raceTimeout<T>(promise: Promise<T>, options: Pick<ConnectOptions, 'timeoutMs' | 'signal'>, onTimeout: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (options.signal.aborted) return reject(abortedError());
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortedError());
    };
    const timer = setTimeout(() => {
      options.signal.removeEventListener('abort', onAbort);
      reject(onTimeout());
    }, options.timeoutMs);
    options.signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        clearTimeout(timer);
        options.signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        options.signal.removeEventListener('abort', onAbort);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}

export function errnoOf(err: unknown): string | undefined {
  if (err instanceof NetStageError) return err.errno;
  if (typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string') return err.code;
  return undefined;
}

/**
 * The per-attempt time budget: short (a diagnosis must not hang on one dead host), never longer
 * than the user's configured network timeout.
 */
export function attemptTimeout(context: Pick<CheckContext, 'settings'>, preferredMs: number): number {
  return Math.max(100, Math.min(preferredMs, context.settings.timeoutMs));
}

// ---------------------------------------------------------------------------------------------
// Certificates

export interface ChainLink {
  readonly subjectCommonName: string;
  readonly issuerCommonName: string;
  readonly validFrom: string;
  readonly validTo: string;
  readonly sha256: string;
}

/** The presented chain, leaf first (each certificate once; a self-signed root ends it). */
export function presentedChain(peer: DetailedPeerCertificate): ChainLink[] {
  const links: ChainLink[] = [];
  const seen = new Set<string>();
  let cert: DetailedPeerCertificate | undefined = peer;
  while (cert && Object.keys(cert).length > 0 && !seen.has(cert.fingerprint256)) {
    seen.add(cert.fingerprint256);
    links.push({
      subjectCommonName: commonName(cert.subject),
      issuerCommonName: commonName(cert.issuer),
      validFrom: isoDate(cert.valid_from),
      validTo: isoDate(cert.valid_to),
      sha256: cert.fingerprint256.replaceAll(':', ''),
    });
    cert = cert.issuerCertificate;
  }
  return links;
}

/** The CN at the top of the chain: the root's own name, or the issuer the last link names. */
export function rootCommonName(chain: readonly ChainLink[]): string {
  const last = chain[chain.length - 1];
  return last ? last.issuerCommonName : '';
}

function commonName(name: PeerCertificate['subject'] | undefined): string {
  const cn: string | string[] | undefined = name?.CN;
  return (Array.isArray(cn) ? cn[0] : cn) ?? '';
}

function isoDate(value: string | undefined): string {
  if (!value) return '';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : d.toISOString();
}

// ---------------------------------------------------------------------------------------------
// Per-endpoint findings → one CheckResult

export interface EndpointFinding {
  readonly endpoint: Pick<Endpoint, 'role'>;
  readonly status: 'pass' | 'warn' | 'fail';
  readonly summary: MessageSpec;
  /** Unprefixed; the role is prepended (`issuing.host`). */
  readonly evidence: Readonly<Record<string, Evidence>>;
  readonly advice?: MessageSpec | undefined;
  readonly codes?: readonly string[] | undefined;
  readonly actions?: readonly NextAction[] | undefined;
}

const RANK = { pass: 0, warn: 1, fail: 2 } as const;

/**
 * A passing endpoint's summary. Its key and parameters are named after the endpoint
 * (`summary.ok.issuing` with `issuingHost`), so that the issuing service's and the login page's
 * can be shown side by side in one line without their parameters colliding.
 */
export function endpointPass(checkId: string, name: string, role: EndpointRole, params: Readonly<Record<string, Param>>): MessageSpec {
  const named = Object.entries(params).map(([k, v]) => [`${role}${k.charAt(0).toUpperCase()}${k.slice(1)}`, v] as const);
  return message(`check.${checkId}.summary.${name}.${role}`, Object.fromEntries(named));
}

/** Both endpoints passed: both summaries, each after its endpoint's name. */
function bothPassed(findings: readonly EndpointFinding[]): MessageSpec | undefined {
  const issuing = findings.find((f) => f.endpoint.role === 'issuing');
  const login = findings.find((f) => f.endpoint.role === 'login');
  if (findings.length !== 2 || !issuing || !login) return undefined;
  return common('bothEndpoints', {
    ...issuing.summary.params,
    ...login.summary.params,
    issuingDetail: issuing.summary.key,
    loginDetail: login.summary.key,
  });
}

/**
 * The worst status wins and speaks for the check: its summary (named after its endpoint when
 * there are several), its advice; the codes and next actions are those of every problem, without
 * repeats. Each endpoint's facts stay in the evidence under its role (`login.protocol`).
 */
export function combineFindings(findings: readonly EndpointFinding[]): CheckResult {
  const ordered = [...findings].sort((a, b) => RANK[b.status] - RANK[a.status]);
  const worst = ordered[0]!;
  const single = findings.length === 1;
  const problems = ordered.filter((f) => f.status !== 'pass');
  const evidence: Record<string, Evidence> = { endpoints: findings.map((f) => f.endpoint.role) };
  for (const f of findings) for (const [k, v] of Object.entries(f.evidence)) evidence[`${f.endpoint.role}.${k}`] = v;
  const codes = [...new Set(problems.flatMap((f) => f.codes ?? []))];
  const actions = uniqueActions(problems.flatMap((f) => f.actions ?? []));
  const advice = problems.find((f) => f.advice)?.advice;
  return {
    status: worst.status,
    summary: single
      ? worst.summary
      : ((problems.length === 0 ? bothPassed(findings) : undefined) ?? atEndpoint(worst.endpoint.role, worst.summary)),
    evidence,
    ...(advice ? { advice } : {}),
    ...(codes.length > 0 ? { codes } : {}),
    ...(actions.length > 0 ? { actions } : {}),
  };
}

export function uniqueActions(actions: readonly NextAction[]): NextAction[] {
  const seen = new Set<string>();
  return actions.filter((a) => {
    const key = JSON.stringify(a);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** For `--only` runs without https-address: nothing parsable to connect to. */
export function noEndpointResult(): CheckResult {
  return {
    status: 'fail',
    summary: common('noEndpoint'),
    evidence: { endpoints: [] },
    advice: common('seeHttpsAddress'),
    codes: ['ISSUE-BAD-URL'],
  };
}

/** Evidence describing how the endpoint was reached (no credentials). */
export function routeEvidence(endpoint: Endpoint, proxy: ProxyRoute | undefined): Record<string, Evidence> {
  return {
    url: displayUrl(endpoint.url),
    host: endpoint.host,
    port: endpoint.port,
    proxy: proxy ? proxy.display : null,
    proxySource: proxy ? proxy.source : null,
  };
}

/** Runs one probe per endpoint concurrently (independent hosts; the check's budget is shared). */
export async function forEachEndpoint(
  context: CheckContext,
  probe: (endpoint: Endpoint) => Promise<EndpointFinding>,
): Promise<CheckResult> {
  const endpoints = endpointsOf(context.settings);
  if (endpoints.length === 0) return noEndpointResult();
  return combineFindings(await Promise.all(endpoints.map(probe)));
}

/** Closes a connection now (nothing more will be sent on it). */
export function closeQuietly(socket: Socket | undefined): void {
  socket?.destroy();
}
