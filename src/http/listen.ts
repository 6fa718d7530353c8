/**
 * listen(app, port, host) serves the app as app.listen does, with one difference that matters
 * under load: the server builds each request and response from classes whose prototypes are the
 * app's own, so Express finds nothing to change.
 *
 * Express otherwise calls Object.setPrototypeOf on the request and the response of every call,
 * and V8 then keeps both (and everything they point at) alive past the next young-generation GC.
 * At 500 cached checks/s, 57% of young allocations survived a scavenge and scavenges stopped the
 * event loop for 9–28 ms; built this way, under 1% survive, as with plain node:http, and an
 * Express app with our middleware answers twice the requests per second (bench/README.md, #12).
 */
import { createServer, IncomingMessage, ServerResponse, type Server } from 'node:http';
import type { Express } from 'express';

/** Classes are the request and response classes made for one app. */
interface Classes {
  Request: typeof IncomingMessage;
  Response: typeof ServerResponse;
}

const made = new WeakMap<Express, Classes>();

/** ServerTimeouts are Node's own time-outs of the server: a request's headers, the whole request, an idle keep-alive connection. */
export interface ServerTimeouts {
  headersMs: number;
  receiveMs: number;
  keepAliveMs: number;
  /**
   * unbounded picks the requests whose body may take as long as it is (a bulk import streams a
   * file for minutes): for them receiveMs bounds only a pause in the upload, not the whole of it.
   */
  unbounded?: (req: IncomingMessage) => boolean;
}

/** listen resolves with the server once it listens, and rejects when it cannot (a port in use). */
export async function listen(app: Express, port: number, host: string, timeouts?: ServerTimeouts): Promise<Server> {
  const { Request, Response } = classesFor(app);
  const server = createServer({ IncomingMessage: Request, ServerResponse: Response }, app);
  if (timeouts) {
    server.headersTimeout = timeouts.headersMs;
    server.requestTimeout = timeouts.receiveMs;
    server.keepAliveTimeout = timeouts.keepAliveMs;
    if (timeouts.unbounded) boundReceiving(server, timeouts.receiveMs, timeouts.unbounded);
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject).listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}

/**
 * boundReceiving does what Node's requestTimeout does (a request not received whole within ms loses
 * its connection), except for unbounded requests, whose connection is lost only after ms without a byte.
 * Node's own check cannot make exceptions, so it is turned off.
 */
function boundReceiving(server: Server, ms: number, unbounded: (req: IncomingMessage) => boolean): void {
  server.requestTimeout = 0;
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    if (unbounded(req)) {
      req.socket.setTimeout(ms, () => req.socket.destroy());
      res.once('close', () => req.socket.setTimeout(0));
      return;
    }
    const timer = setTimeout(() => {
      if (!req.complete) req.socket.destroy();
    }, ms);
    timer.unref();
    req.once('end', () => clearTimeout(timer));
    res.once('close', () => clearTimeout(timer));
  });
}

/** closeNow stops server at once: it closes every connection, idle keep-alive ones included, then the server. */
export async function closeNow(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

/**
 * classesFor puts a subclass of IncomingMessage (and of ServerResponse) in front of the app's
 * request (response) prototype and makes it the app's prototype, once per app: requests the server
 * builds then already have the prototype Express sets.
 */
function classesFor(app: Express): Classes {
  const known = made.get(app);
  if (known) return known;
  class Request extends IncomingMessage {}
  class Response extends ServerResponse {}
  Object.setPrototypeOf(Request.prototype, app.request);
  Object.setPrototypeOf(Response.prototype, app.response);
  app.request = Request.prototype as unknown as Express['request'];
  app.response = Response.prototype as unknown as Express['response'];
  const classes = { Request, Response: Response as typeof ServerResponse };
  made.set(app, classes);
  return classes;
}
