/**
 * Every bad input gets a 400 (or 413) in the contract's shape whose message says what was wrong
 * and what is allowed, and nothing is written by a refused request. Against the real service.
 */
import { OPERATIONS } from '../../src/http/v1/operations';
import { startTestService, T, uid, type Reply, type TestService } from '../fixtures/harness';

let svc: TestService;
const run = uid('bad');
const org = `organization:sentinel.${run}`;
const sentinel = [T(`user:anna.${run}`, 'owner', org), T(`user:bo.${run}`, 'member', org)];
const routeExists = (method: string, path: string) => OPERATIONS.some((op) => op.method === method && op.path === path);

beforeAll(async () => {
  svc = await startTestService();
  expect((await svc.post('/v1/tuples', { writes: sentinel })).status).toBe(200);
});
afterAll(async () => {
  await svc?.stop();
});

/** expect400 asserts the contract's error shape, the code and words of the message. */
function expect400(res: Reply, code: string | RegExp, ...words: Array<string | RegExp>) {
  expect(res.status).toBe(400);
  expect(Object.keys(res.body)).toEqual(['error']);
  expect(Object.keys(res.body.error).sort()).toEqual(['code', 'message']);
  expect(res.body.error.code).toMatch(code);
  for (const w of words) expect(res.body.error.message).toMatch(w);
}

const raw = (path: string, body: string, headers: Record<string, string> = {}) => svc.request('POST', path, { body, headers });

/** sentinelIntact proves the refused requests wrote and deleted nothing. */
async function sentinelIntact() {
  const res = await svc.get(`/v1/tuples?object=${encodeURIComponent(org)}`);
  expect(res.status).toBe(200);
  expect(res.body.tuples.map((t: { user: string; relation: string; object: string }) => T(t.user, t.relation, t.object))).toEqual(
    expect.arrayContaining(sentinel),
  );
  expect(res.body.tuples).toHaveLength(2);
  expect((await svc.post('/v1/check', { user: sentinel[0].user, relation: 'can_manage', object: org })).body).toEqual({ allowed: true });
}

describe('the body', () => {
  it('must be valid JSON', async () => {
    expect400(await raw('/v1/check', '{"user": "user:a",'), 'invalid_json', /not valid JSON/);
  });

  it('must be a JSON object', async () => {
    expect400(await raw('/v1/check', '[1, 2]'), 'invalid_request', /expected object/);
    expect400(await raw('/v1/check', '"user:a"'), 'invalid_json', /not valid JSON/);
  });

  it('must be sent as application/json', async () => {
    expect400(await raw('/v1/check', '{}', { 'content-type': 'text/plain' }), 'unsupported_content_type', /application\/json/);
  });

  it('may be at most 1 MiB (413)', async () => {
    const res = await raw('/v1/tuples', JSON.stringify({ writes: [], pad: 'x'.repeat(1024 * 1024 + 10) }));
    expect(res.status).toBe(413);
    expect(res.body.error).toEqual({ code: 'payload_too_large', message: expect.stringContaining('1 MiB') });
  });
});

describe('fields', () => {
  it('that are missing are each named', async () => {
    expect400(await svc.post('/v1/check', {}), 'invalid_request', /user/, /relation/, /object/, /expected string/);
  });

  it('of the wrong type say which type is expected', async () => {
    expect400(await svc.post('/v1/check', { user: 5, relation: 'owner', object: 'organization:x' }), 'invalid_request', /user/, /expected string, received number/);
    expect400(await svc.post('/v1/tuples', { writes: { user: 'user:a' } }), 'invalid_request', /writes/, /expected array/);
  });

  it('that are unknown are named and the allowed ones listed', async () => {
    expect400(await svc.post('/v1/check', { user: 'user:a', relation: 'owner', object: 'organization:x', admin: true }), 'invalid_request', /admin/, /user, relation, object/);
  });

  it('that repeat in a query string are refused', async () => {
    expect400(await svc.get('/v1/tuples?user=user:a&user=user:b'), 'invalid_request', /user/, /expected string/);
  });

  it('that are too long say the limit', async () => {
    expect400(await svc.post('/v1/check', { user: `user:${'a'.repeat(300)}`, relation: 'owner', object: 'organization:x' }), 'invalid_request', /user/, /200/);
  });
});

describe('ids', () => {
  it.each([
    ['an empty id', 'user:'],
    ['no type', 'anna'],
    ['a leading dash', 'user:-anna'],
    ['a space', 'user:anna svensson'],
    ['a slash', 'user:a/b'],
    ['an upper-case type', 'User:anna'],
    ['an id of 129 characters', `user:${'a'.repeat(129)}`],
  ])('with %s are refused, naming the pattern', async (_why, user) => {
    expect400(await svc.post('/v1/check', { user, relation: 'owner', object: 'organization:x' }), 'invalid_request', /user/, /A-Za-z0-9/);
  });

  it('of an unknown type are refused, naming the types', async () => {
    expect400(await svc.post('/v1/check', { user: 'team:x', relation: 'member', object: 'organization:x' }), 'unknown_type', /team/, /user, reseller, organization|organization/);
  });

  it('in entity paths follow the same pattern', async () => {
    expect400(await svc.request('PUT', `/v1/users/${encodeURIComponent("a'b")}`, { body: '{}' }), /invalid/, /A-Za-z0-9/);
  });
});

describe('relations', () => {
  it('unknown on the type are refused, naming the relations', async () => {
    expect400(await svc.post('/v1/check', { user: 'user:a', relation: 'editor', object: 'organization:x' }), 'unknown_relation', /editor/, /can_view/);
  });

  it('that are computed cannot be written, naming the writable ones', async () => {
    expect400(await svc.post('/v1/tuples', { writes: [T('user:a', 'can_view', 'organization:x')] }), 'unknown_relation', /can_view/, /owner/);
  });

  it('given a user type they do not take are refused, naming the types they take', async () => {
    expect400(await svc.post('/v1/tuples', { writes: [T('organization:a', 'owner', 'organization:x')] }), 'user_type_not_allowed', /takes users of type user/);
    expect400(await svc.post('/v1/tuples', { writes: [T('user:a', 'reseller', 'organization:x')] }), 'user_type_not_allowed', /reseller/);
  });
});

describe('sizes', () => {
  const many = (n: number, tag: string) => Array.from({ length: n }, (_, i) => T(`user:${tag}-${i}.${run}`, 'member', `organization:big.${run}`));

  it('more than 1000 tuples in writes are refused', async () => {
    expect400(await svc.post('/v1/tuples', { writes: many(1001, 'w') }), 'invalid_request', /writes/, /1000/);
  });

  it('more than 1000 tuples in writes and deletes together are refused', async () => {
    expect400(await svc.post('/v1/tuples', { writes: many(600, 'w'), deletes: many(600, 'd') }), 'too_many_tuples', /at most 1000/);
    expect((await svc.get(`/v1/tuples?object=${encodeURIComponent(`organization:big.${run}`)}`)).body.tuples).toEqual([]);
  });

  it('an empty write is refused', async () => {
    expect400(await svc.post('/v1/tuples', {}), 'empty_write', /at least one tuple/);
    expect400(await svc.post('/v1/tuples', { writes: [], deletes: [] }), 'empty_write', /at least one tuple/);
  });

  (routeExists('post', '/v1/check/batch') ? it : it.skip)('more than 100 checks in a batch are refused', async () => {
    const checks = Array.from({ length: 101 }, () => ({ user: 'user:a', relation: 'can_view', object: org }));
    expect400(await svc.post('/v1/check/batch', { checks }), /too_many_checks|invalid_request/, /checks/, /100/);
  });
});

describe('injection-shaped input', () => {
  const cypher = [`user:a'}) DETACH DELETE n //`, `user:a"}) MATCH (n) DETACH DELETE n //`, `user:a\`) DETACH DELETE n`, 'user:a\nMATCH (n) DETACH DELETE n', 'user:a\u0000'];
  const json = ['organization:x"}', `organization:x","relation":"owner`, 'organization:{"$ne":null}'];

  it.each(cypher.map((s) => [s]))('%j in a write is refused by the id pattern', async (user) => {
    expect400(await svc.post('/v1/tuples', { deletes: [T(user, 'owner', org)], writes: [T(user, 'owner', org)] }), 'invalid_request', /A-Za-z0-9/);
  });

  it.each(json.map((s) => [s]))('%j as an object is refused in writes, checks and queries', async (object) => {
    expect400(await svc.post('/v1/tuples', { deletes: [T(sentinel[0].user, 'owner', object)] }), 'invalid_request', /object/);
    expect400(await svc.post('/v1/check', { user: sentinel[0].user, relation: 'owner', object }), 'invalid_request', /object/);
    expect400(await svc.get(`/v1/tuples?object=${encodeURIComponent(object)}`), 'invalid_request', /object/);
  });

  it('operator objects in place of strings are refused', async () => {
    expect400(await svc.post('/v1/tuples', { deletes: [{ user: { $ne: null }, relation: 'owner', object: org }] }), 'invalid_request', /expected string/);
    expect400(await svc.get(`/v1/tuples?${encodeURIComponent('object[$ne]')}=1`), 'invalid_request', /object\[\$ne\]/);
  });

  it('__proto__ keys pollute nothing and are refused', async () => {
    expect400(await raw('/v1/check', `{"user":"user:a","relation":"owner","object":"organization:x","__proto__":{"polluted":true}}`), 'invalid_request', /__proto__/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('left the sentinel tuples as they were', async () => {
    await sentinelIntact();
  });

  it('ids using every allowed punctuation are stored and read back literally', async () => {
    const user = `user:a.b_c@d|e-f.${run}`.replace('_', '-');
    const object = `organization:x|y@z.${run}`;
    expect((await svc.post('/v1/tuples', { writes: [T(user, 'member', object)] })).status).toBe(200);
    const res = await svc.get(`/v1/tuples?object=${encodeURIComponent(object)}`);
    expect(res.body.tuples).toEqual([expect.objectContaining(T(user, 'member', object))]);
  });
});
