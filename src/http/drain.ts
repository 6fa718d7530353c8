/**
 * Draining an HTTP server on shutdown without resetting a connection a client is about to use:
 * answers close their connections, the listener stops taking new ones, and the process waits for
 * the connections still open before it exits.
 */
import net from 'node:net';
import type { Server } from 'node:http';
import type { RequestHandler } from 'express';

/** closeWhenDraining makes every answer given while draining say Connection: close, so keep-alive clients move on instead of reusing a socket about to go. */
export function closeWhenDraining(draining: () => boolean): RequestHandler {
  return (_req, res, next) => {
    if (draining()) res.setHeader('Connection', 'close');
    next();
  };
}

/**
 * drainServer stops taking connections and resolves once every open one has ended, or after
 * graceMs, when it destroys those left. Node's own server.close() also drops idle keep-alive
 * connections at once, where a client may just be sending its next request (it would see a reset):
 * here only the listener closes, and an idle connection ends when its client, told Connection:
 * close on its last answer, leaves, or at the keep-alive time-out.
 */
export async function drainServer(server: Server, graceMs: number): Promise<{ forced: number }> {
  const closed = new Promise<void>((resolve) => net.Server.prototype.close.call(server, () => resolve()));
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(resolve, graceMs, 'late')));
  const outcome = await Promise.race([closed.then(() => 'closed' as const), late]);
  clearTimeout(timer);
  if (outcome === 'closed') return { forced: 0 };
  const forced = await new Promise<number>((resolve) => server.getConnections((_err, count) => resolve(count)));
  server.closeAllConnections();
  await closed;
  return { forced };
}
