/**
 * Abuse: each caller (token sub) has its own rate limit answered with 429 and Retry-After; a
 * request that takes too long (a trickled body) is cut off with a 503; every answer carries the
 * security headers and no x-powered-by. Against the real service.
 */
import { request } from 'node:http';
import { SECURITY_HEADERS } from '../../src/http/security-headers';
import { startTestService, type TestService } from '../fixtures/harness';

const badCheck = (svc: TestService, sub: string) => svc.post('/v1/check', {}, svc.token('check', sub));

describe('the per-caller rate limit', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService({ RATE_LIMIT_PER_SECOND: '1', RATE_LIMIT_BURST: '3' });
  });
  afterAll(async () => {
    await svc?.stop();
  });

  it('answers 429 with Retry-After once a caller has spent its burst, and lets other callers through', async () => {
    const statuses: number[] = [];
    let limited;
    // 12 requests cannot all fit in 3 + 1/s unless they take over 9 s.
    for (let i = 0; i < 12; i++) {
      const res = await badCheck(svc, 'greedy-app');
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    expect(statuses.slice(0, 3)).toEqual([400, 400, 400]);
    expect(statuses).toContain(429);
    expect(limited!.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    expect(limited!.body.error.code).toBe('rate_limited');
    expect(limited!.body.error.message).toMatch(/1 per second with bursts of 3/);
    expect((await badCheck(svc, 'patient-app')).status).toBe(400);
  });

  it("counts a caller's AuthZEN calls in the same bucket as its /v1 calls, and answers them 429 in the AuthZEN error shape", async () => {
    // Spend the bucket on /v1 until it says so; the very next call, through AuthZEN, finds it empty (a token takes 1 s to come back).
    for (let i = 0; i < 12 && (await badCheck(svc, 'two-door-app')).status !== 429; i++);
    const limited = await svc.post('/access/v1/evaluation', {}, svc.token('check', 'two-door-app'));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    expect(limited.body).toEqual({ error: { status: 429, code: 'rate_limited', message: expect.stringMatching(/1 per second with bursts of 3/) } });
  });

  it('does not limit the public endpoints', async () => {
    for (let i = 0; i < 6; i++) expect((await svc.get('/healthz', null)).status).toBe(200);
  });
});

/** trickle sends the start of a body and never the rest, so only the request time-out can answer it. */
async function trickle(svc: TestService, path: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const { port } = new URL(svc.url);
  const token = await svc.token();
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: 'POST', path, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': '100' } },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.write('{"user": "user:slow",');
  });
}

describe('the request timeout', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService({ REQUEST_TIMEOUT_MS: '500' });
  });
  afterAll(async () => {
    await svc?.stop();
  });

  it('answers 503 request_timeout to a caller that never finishes its body, and closes the connection', async () => {
    const reply = await trickle(svc, '/v1/check');
    expect(reply.status).toBe(503);
    expect(reply.headers['retry-after']).toBe('1');
    expect(reply.headers.connection).toBe('close');
    expect(JSON.parse(reply.body).error).toEqual({ code: 'request_timeout', message: expect.stringContaining('500 ms') });
  });

  it('answers an AuthZEN call that never finishes its body 503 in the AuthZEN error shape', async () => {
    const reply = await trickle(svc, '/access/v1/evaluation');
    expect([reply.status, reply.headers['retry-after']]).toEqual([503, '1']);
    expect(JSON.parse(reply.body)).toEqual({ error: { status: 503, code: 'request_timeout', message: expect.stringContaining('500 ms') } });
  });

  it('leaves prompt requests alone', async () => {
    expect((await svc.post('/v1/check', { user: 'user:quick', relation: 'can_view', object: 'organization:quick' })).status).toBe(200);
  });
});

describe('response headers', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService();
  });
  afterAll(async () => {
    await svc?.stop();
  });

  it.each([
    ['a public endpoint', () => svc.get('/healthz', null), 200],
    ['an answer', () => svc.post('/v1/check', { user: 'user:h', relation: 'can_view', object: 'organization:h' }), 200],
    ['a refusal', () => svc.post('/v1/check', {}, null), 401],
    ['an unknown route', () => svc.get('/nope', null), 404],
  ])('on %s carry the security headers, a request id and no x-powered-by', async (_what, call, status) => {
    const res = await call();
    expect(res.status).toBe(status);
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(res.headers.get(name)).toBe(value);
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('x-request-id')).toMatch(/^[A-Za-z0-9._-]{1,64}$/);
  });
});
