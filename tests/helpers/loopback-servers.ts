// Test servers on 127.0.0.1 that the test stops itself: any net/tls/http server on a free port,
// and a small HTTP CONNECT proxy, all closed (open connections included) by closeAll().
import { createServer as createHttpServer, STATUS_CODES, type Server as HttpServer } from 'node:http';
import { connect as netConnect, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import type { Server as TlsServer } from 'node:tls';

export class LoopbackServers {
  private readonly closers: (() => Promise<void>)[] = [];

  /** Listens on a free loopback port and returns it. */
  async listen(server: NetServer | TlsServer | HttpServer): Promise<number> {
    const sockets = new Set<Socket>();
    server.on('connection', (s: Socket) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    // server.close() waits for open connections: a silent test server's never end by themselves.
    this.closers.push(
      () =>
        new Promise<void>((resolve) => {
          for (const s of sockets) s.destroy();
          server.close(() => resolve());
        }),
    );
    return (server.address() as AddressInfo).port;
  }

  /**
   * A tiny HTTP CONNECT proxy that records what it was asked to tunnel to; or refuses with the
   * status `refuse` (407 with a Basic challenge, as an authenticating proxy does); or, `silent`,
   * reads the CONNECT and never answers it; `unanswered()` counts those clients still connected.
   */
  async startConnectProxy(
    options: { refuse?: number; silent?: boolean } = {},
  ): Promise<{ url: string; connects: string[]; unanswered: () => number }> {
    const connects: string[] = [];
    const waiting = new Set<Socket>();
    const server = createHttpServer();
    server.on('connect', (req, client: Socket, head: Buffer) => {
      connects.push(req.url ?? '');
      if (options.silent) {
        // Read on, to see the client's end (the server keeps its half open: allowHalfOpen).
        waiting.add(client);
        for (const event of ['end', 'close', 'error']) client.on(event, () => waiting.delete(client));
        client.resume();
        return;
      }
      if (options.refuse) {
        const challenge = options.refuse === 407 ? 'proxy-authenticate: Basic realm="test proxy"\r\n' : '';
        client.end(`HTTP/1.1 ${options.refuse} ${STATUS_CODES[options.refuse] ?? 'Refused'}\r\n${challenge}content-length: 0\r\n\r\n`);
        return;
      }
      const [host, port] = (req.url ?? '').split(':');
      const upstream = netConnect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        if (head.length > 0) upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
      client.on('close', () => upstream.destroy());
    });
    const port = await this.listen(server);
    return { url: `http://127.0.0.1:${port}`, connects, unanswered: () => waiting.size };
  }

  /** Closes every server, newest first. */
  async closeAll(): Promise<void> {
    for (const close of this.closers.splice(0).reverse()) await close();
  }
}
