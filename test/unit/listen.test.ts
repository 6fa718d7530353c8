/**
 * The HTTP server builds each request and response with the app's prototypes, so Express has no
 * prototype to swap per request; and req.log is one getter on that prototype, bound to each
 * request's id. A real Express app on a loopback port; nothing else.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import pino from 'pino';
import { closeNow, listen } from '../../src/http/listen';
import { requestContext } from '../../src/http/request-context';

let server: Server;
let url: string;
const app = express();
const seen: Array<{ request: boolean; response: boolean; ownLog: boolean }> = [];

beforeAll(async () => {
  app.use(requestContext(app, pino({ level: 'silent' })));
  app.use(express.json());
  app.post('/echo', (req, res) => {
    res.json({ body: req.body, id: req.id, reqId: req.log.bindings().reqId, sameLog: req.log === req.log });
  });
  server = await listen(app, 0, '127.0.0.1');
  // Runs before Express's own request listener, so it sees the objects as the server built them.
  server.prependListener('request', (req, res) => {
    seen.push({
      request: Object.getPrototypeOf(req) === app.request,
      response: Object.getPrototypeOf(res) === app.response,
      ownLog: Object.prototype.hasOwnProperty.call(req, 'log'),
    });
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await closeNow(server);
});

async function echo(body: unknown, requestId?: string) {
  const res = await fetch(`${url}/echo`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(requestId ? { 'x-request-id': requestId } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, header: res.headers.get('x-request-id'), body: (await res.json()) as Record<string, unknown> };
}

it('builds requests and responses with the app prototypes, and they still work as Node and Express objects', async () => {
  const answer = await echo({ a: [1, 2] });
  expect(answer.status).toBe(200);
  expect(answer.body.body).toEqual({ a: [1, 2] });
  expect(seen.at(-1)).toEqual({ request: true, response: true, ownLog: false });
});

it('binds req.log to each request id, once per request', async () => {
  const first = await echo({}, 'req-one');
  const second = await echo({}, 'req-two');
  expect(first.body).toMatchObject({ id: 'req-one', reqId: 'req-one', sameLog: true });
  expect(second.body).toMatchObject({ id: 'req-two', reqId: 'req-two', sameLog: true });
  expect([first.header, second.header]).toEqual(['req-one', 'req-two']);
});

it('rejects when it cannot listen, as on a port another server holds', async () => {
  const port = (server.address() as AddressInfo).port;
  await expect(listen(express(), port, '127.0.0.1')).rejects.toMatchObject({ code: 'EADDRINUSE' });
});

describe('receiving a request', () => {
  /** slowUpload sends pieces pauseMs apart on a raw socket and says whether an answer came (true) or the connection was cut (false). */
  async function slowUpload(port: number, path: string, pieces: number, pauseMs: number): Promise<boolean> {
    const net = await import('node:net');
    return new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      let answer = '';
      socket.on('data', (d) => (answer += d.toString()));
      socket.on('close', () => resolve(answer.startsWith('HTTP/1.1 200')));
      socket.on('error', () => undefined);
      socket.write(`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: ${pieces}\r\nConnection: close\r\n\r\n`);
      let sent = 0;
      const timer = setInterval(() => {
        if (socket.destroyed) return clearInterval(timer);
        socket.write('x');
        if (++sent === pieces) clearInterval(timer);
      }, pauseMs);
    });
  }

  it('cuts a request not received whole in time, but lets an unbounded one upload as long as it keeps sending', async () => {
    const slow = express();
    slow.post(['/bounded', '/unbounded'], async (req, res) => {
      for await (const _ of req) void _;
      res.send('ok');
    });
    const s = await listen(slow, 0, '127.0.0.1', { headersMs: 1000, receiveMs: 600, keepAliveMs: 1000, unbounded: (req) => req.url === '/unbounded' });
    try {
      const port = (s.address() as AddressInfo).port;
      // Twelve pieces 150 ms apart: 1.8 s in all, three times the bound, never a pause as long as it.
      const [bounded, unbounded] = await Promise.all([slowUpload(port, '/bounded', 12, 150), slowUpload(port, '/unbounded', 12, 150)]);
      expect(bounded).toBe(false);
      expect(unbounded).toBe(true);
      expect(await slowUpload(port, '/unbounded', 2, 1500)).toBe(false);
    } finally {
      await closeNow(s);
    }
  });
});
