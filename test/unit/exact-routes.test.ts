/**
 * Operations found by their exact path answer exactly as through Express's router: the real app on
 * a loopback port (in-memory engine), each request sent once to the exact path and once spelled so
 * that only Express finds it (a trailing slash), and the two answers compared, status, headers and
 * body; and the dispatcher's own rules of next, throws and rejections.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Request, RequestHandler, Response } from 'express';
import pino from 'pino';
import { buildApp } from '../../src/app';
import { AuthzModel } from '../../src/domain/authz-model';
import { CheckAccessQuery } from '../../src/domain/check-access';
import { CheckBatchQuery } from '../../src/domain/check-batch';
import { DependencyUnavailableError } from '../../src/domain/errors';
import type { AuthzEngine } from '../../src/domain/ports';
import { RevisionGate } from '../../src/domain/revision';
import type { Tuple } from '../../src/domain/tuple';
import { signToken, Verifier } from '../../src/http/auth';
import type { UseCases } from '../../src/http/deps';
import { exactRoutes } from '../../src/http/exact-routes';
import { closeNow, listen } from '../../src/http/listen';
import { ServiceMetrics } from '../../src/observability/metrics';
import { MemoryEngine } from '../fixtures/memory';

const SECRET = 'exact-routes-test-secret-0123456789abcdef';

/** engine answers from memory, except for users named to fail: `user:down` as OpenFGA away, `user:broken` as a bug. */
class FailingEngine extends MemoryEngine {
  override async check(t: Tuple): Promise<boolean> {
    if (t.user === 'user:down') throw new DependencyUnavailableError('openfga', 'OpenFGA did not answer in time; try again');
    if (t.user === 'user:broken') throw new Error('something internal');
    return super.check(t);
  }
}

let server: Server;
let url: string;
const metrics = new ServiceMetrics();

beforeAll(async () => {
  const model = AuthzModel.load();
  const engine: AuthzEngine = new FailingEngine();
  await engine.apply([{ op: 'write', tuple: { user: 'user:anna', relation: 'owner', object: 'organization:acme' } }]);
  const gate = new RevisionGate({ waitFor: async () => true, kick: () => undefined } as never, 1000);
  const checkAccess = new CheckAccessQuery(model, engine, gate);
  const useCases = { checkAccess, checkBatch: new CheckBatchQuery(model, checkAccess, gate) } as unknown as UseCases;
  const app = buildApp({
    logger: pino({ level: 'silent' }),
    verifier: new Verifier({ secret: SECRET }),
    readiness: async () => ({ neo4j: true, openfga: true, model: true, draining: false }),
    rateLimit: { perSecond: 0.001, burst: 2 },
    metrics,
    useCases,
  });
  server = await listen(app, 0, '127.0.0.1');
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await closeNow(server);
});

/** Answer is what a caller sees of a response, less what differs between any two (its id and date). */
interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

async function send(path: string, init: { body?: string; token?: string; type?: string; requestId?: string }): Promise<Answer> {
  const headers: Record<string, string> = { 'x-request-id': init.requestId ?? 'same-id' };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers['content-type'] = init.type ?? 'application/json';
  const res = await fetch(url + path, { method: 'POST', headers, body: init.body });
  const seen: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    if (name !== 'date') seen[name] = value;
  });
  return { status: res.status, headers: seen, body: await res.text() };
}

// Each token its own caller, so the rate limit (burst 2) only meets the test that is about it.
let callers = 0;
const token = (scope: string, sub = `app-${callers++}`) => signToken(SECRET, { sub, scope }, 600);
const question = (user: string, relation = 'can_view') => JSON.stringify({ user, relation, object: 'organization:acme' });

describe('an operation found by its exact path', () => {
  const cases: Array<[string, string, () => Promise<{ body?: string; token?: string; type?: string }>, number]> = [
    ['an allowed check', '/v1/check', async () => ({ body: question('user:anna'), token: await token('check') }), 200],
    ['a denied check', '/v1/check', async () => ({ body: question('user:bo'), token: await token('check') }), 200],
    ['no token', '/v1/check', async () => ({ body: question('user:anna') }), 401],
    ['a token that is not a JWT', '/v1/check', async () => ({ body: question('user:anna'), token: 'not.a.jwt' }), 401],
    ['an expired token', '/v1/check', async () => ({ body: question('user:anna'), token: await signToken(SECRET, { sub: 'app', scope: 'check' }, -10) }), 401],
    ['a token signed with another key', '/v1/check', async () => ({ body: question('user:anna'), token: await signToken(`${SECRET}-other`, { sub: 'app', scope: 'check' }, 600) }), 401],
    ['a token without the scope', '/v1/check', async () => ({ body: question('user:anna'), token: await token('write') }), 403],
    ['a body that is not JSON by its type', '/v1/check', async () => ({ body: question('user:anna'), type: 'text/plain', token: await token('check') }), 400],
    ['a body that is not JSON', '/v1/check', async () => ({ body: '{"user": ', token: await token('check') }), 400],
    ['a body over the limit', '/v1/check', async () => ({ body: JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024) }), token: await token('check') }), 413],
    ['an unknown field', '/v1/check', async () => ({ body: JSON.stringify({ user: 'user:anna', relation: 'can_view', object: 'organization:acme', extra: 1 }), token: await token('check') }), 400],
    ['an unknown relation', '/v1/check', async () => ({ body: question('user:anna', 'can_fly'), token: await token('check') }), 400],
    ['OpenFGA away', '/v1/check', async () => ({ body: question('user:down'), token: await token('check') }), 503],
    ['a bug', '/v1/check', async () => ({ body: question('user:broken'), token: await token('check') }), 500],
    ['a batch', '/v1/check/batch', async () => ({ body: JSON.stringify({ checks: [JSON.parse(question('user:anna')), JSON.parse(question('user:bo'))] }), token: await token('check') }), 200],
    ['an import sent as JSON (a streamed body: no JSON parser before it)', '/v1/tuples/import', async () => ({ body: '{}', token: await token('write') }), 400],
    ['an import without the scope', '/v1/tuples/import', async () => ({ body: '{}', type: 'application/x-ndjson', token: await token('check') }), 403],
    ['an AuthZEN evaluation', '/access/v1/evaluation', async () => ({ body: JSON.stringify({ subject: { type: 'user', id: 'anna' }, action: { name: 'can_view' }, resource: { type: 'organization', id: 'acme' } }), token: await token('check') }), 200],
    ['an AuthZEN evaluation without a token', '/access/v1/evaluation', async () => ({ body: '{}' }), 401],
    ['an AuthZEN evaluation with a bad body', '/access/v1/evaluation', async () => ({ body: '{"subject": 1}', token: await token('check') }), 400],
  ];

  it.each(cases)('answers %s as Express does', async (_name, path, make, status) => {
    const init = await make();
    const exact = await send(path, init);
    const routed = await send(`${path}/`, init);
    expect(exact.status).toBe(status);
    expect(exact).toEqual(routed);
  });

  it('shares the rate limit of its caller with the routed path, and answers 429 alike', async () => {
    const limited = await token('check', 'limited-app');
    const init = { body: question('user:anna'), token: limited };
    const statuses = [(await send('/v1/check', init)).status, (await send('/v1/check/', init)).status];
    const exact = await send('/v1/check', init);
    const routed = await send('/v1/check/', init);
    expect(statuses).toEqual([200, 200]);
    expect(exact.status).toBe(429);
    expect(exact).toEqual(routed);
    expect(exact.headers['retry-after']).toBeDefined();
  });

  it('labels its requests by the operation for metrics, refused ones too', async () => {
    const before = await metrics.render();
    const count = (text: string, status: number) => Number(new RegExp(`http_request_duration_seconds_count\\{method="POST",route="/v1/check",status="${status}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
    await send('/v1/check', { body: question('user:anna'), token: await token('check') });
    await send('/v1/check', { body: question('user:anna') });
    const after = await metrics.render();
    expect(count(after, 200) - count(before, 200)).toBe(1);
    expect(count(after, 401) - count(before, 401)).toBe(1);
  });
});

describe('exactRoutes', () => {
  const reqOf = (method: string, path: string) => ({ method, url: path }) as Request;
  const res = {} as Response;

  it('runs the handlers of the exact method and path, a query string allowed, and passes anything else on', () => {
    const ran: string[] = [];
    const step = (name: string): RequestHandler => (_req, _res, next) => {
      ran.push(name);
      next();
    };
    const last: RequestHandler = () => void ran.push('answer');
    const dispatch = exactRoutes(new Map([['POST /v1/check', [step('a'), step('b'), last]]]), () => ran.push('error'));
    const passed: string[] = [];
    for (const [method, path] of [['POST', '/v1/check'], ['POST', '/v1/check?x=1'], ['GET', '/v1/check'], ['POST', '/v1/check/'], ['POST', '/v1/checks']]) {
      dispatch(reqOf(method, path), res, () => passed.push(`${method} ${path}`));
    }
    expect(ran).toEqual(['a', 'b', 'answer', 'a', 'b', 'answer']);
    expect(passed).toEqual(['GET /v1/check', 'POST /v1/check/', 'POST /v1/checks']);
  });

  it('sends next(err), a throw and a rejected promise to the error handler, skipping the handlers after it', async () => {
    const errors: unknown[] = [];
    const after = jest.fn();
    const failing: RequestHandler[] = [
      (_req, _res, next) => next(new Error('by next')),
      () => {
        throw new Error('by throw');
      },
      async () => {
        throw new Error('by rejection');
      },
    ];
    for (const fail of failing) exactRoutes(new Map([['POST /x', [fail, after]]]), (err) => errors.push(err))(reqOf('POST', '/x'), res, jest.fn());
    exactRoutes(new Map([['POST /x', [(_req, _res, next) => next()]]]), (err) => errors.push(err))(reqOf('POST', '/x'), res, jest.fn());
    await new Promise((r) => setImmediate(r));
    expect(errors.map((e) => (e as Error).message)).toEqual(['by next', 'by throw', 'no handler answered POST /x', 'by rejection']);
    expect(after).not.toHaveBeenCalled();
  });
});
