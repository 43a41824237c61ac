import type { IncomingMessage } from 'node:http';

/**
 * Whether the request announced a body that has not fully arrived: an answer given now must close
 * the connection, or the unread body (or the mere promise of one) would keep it open. Asked
 * from the headers, since a request without a body may not be marked complete yet when its
 * handler runs.
 */
export function bodyStillExpected(req: IncomingMessage): boolean {
  const announced = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  return announced && !req.complete;
}
