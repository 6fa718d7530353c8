/**
 * Logs are structured JSON with the request id on every request line, and never hold a token or
 * the secret: the real service logs at trace level into memory while it is called with good and
 * bad tokens, and the captured log is searched for them.
 */
import { Writable } from 'node:stream';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { signToken } from '../../src/http/auth';
import { closeNow, listen } from '../../src/http/listen';
import { createService, type Service } from '../../src/service';
import { eventually } from '../fixtures/eventually';
import { stackEnv, TEST_SECRET, uid } from '../fixtures/harness';

const lines: string[] = [];
let service: Service;
let server: Server;
let url: string;

beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  service = await createService(stackEnv({ LOG_LEVEL: 'trace' }), pino({ level: 'trace' }, sink));
  server = await listen(service.app, 0, '127.0.0.1');
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  if (server) await closeNow(server);
  await service?.stop();
});

async function call(method: string, path: string, token: string | undefined, body?: unknown) {
  const res = await fetch(url + path, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  await res.text();
  return { status: res.status, requestId: res.headers.get('x-request-id') };
}

it('never writes a token or the secret, and puts the request id on every request line', async () => {
  const good = await signToken(TEST_SECRET, { sub: 'logs-admin', scope: 'admin' }, 600);
  const forged = await signToken('a-forged-secret-of-enough-length-0000', { sub: 'logs-forger', scope: 'admin' }, 600);
  const tooSmall = await signToken(TEST_SECRET, { sub: 'logs-reader', scope: 'read' }, 600);
  const org = `organization:${uid('logs')}`;
  const calls = [
    await call('POST', '/v1/tuples', good, { writes: [{ user: `user:${uid('logs')}`, relation: 'owner', object: org }] }),
    await call('POST', '/v1/check', good, { user: 'user:x', relation: 'can_view', object: org }),
    await call('POST', '/v1/check', forged, { user: 'user:x', relation: 'can_view', object: org }),
    await call('POST', '/v1/check', `${good}x`, { user: 'user:x', relation: 'can_view', object: org }),
    await call('POST', '/v1/check', tooSmall, { user: 'user:x', relation: 'can_view', object: org }),
    await call('POST', '/v1/check', TEST_SECRET, {}),
    await call('GET', '/v1/tuples', undefined),
    await call('POST', '/v1/check', good, { user: 'no-colon', relation: 'can_view', object: org }),
  ];
  expect(calls.map((c) => c.status)).toEqual([200, 200, 401, 401, 403, 401, 401, 400]);
  // pino writes asynchronously: wait until every call's request line is there.
  const requestLineCount = () => lines.filter((l) => (JSON.parse(l) as { msg?: string }).msg === 'request').length;
  await eventually('every call has its request line', () => requestLineCount() >= calls.length, 10_000);

  const log = lines.join('\n');
  for (const secret of [good, forged, tooSmall, TEST_SECRET, good.split('.')[2], forged.split('.')[2]]) {
    expect(log).not.toContain(secret);
  }
  expect(log).not.toMatch(/Bearer/i);

  const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  const requestLines = parsed.filter((l) => l.msg === 'request');
  // One request line per call, so the searches above ran over a log that holds every call.
  // Other lines (store bootstrap, relay progress) depend on what ran before and are not counted.
  expect(requestLines).toHaveLength(calls.length);
  for (const c of calls) {
    expect(c.requestId).toBeTruthy();
    const mine = parsed.filter((l) => l.reqId === c.requestId);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.some((l) => l.msg === 'request')).toBe(true);
  }
  for (const l of requestLines) expect(typeof l.reqId).toBe('string');
  // The full path, also for requests a mounted router answered.
  expect(requestLines.map((l) => l.path)).toEqual(['/v1/tuples', '/v1/check', '/v1/check', '/v1/check', '/v1/check', '/v1/check', '/v1/tuples', '/v1/check']);
});
