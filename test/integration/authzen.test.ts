/**
 * The AuthZEN 1.0 surface as a gateway calls it: plain HTTP requests taken from the spec's own
 * examples (its users, accounts and documents made this model's users, organizations and
 * resellers), each answer checked against /v1 (check, batch, list-users, list-objects) on the
 * same data; the three semantics; searches paged to the end; bad input as the spec's 400s.
 */
import { startTestService, T, uid, type Reply, type TestService } from '../fixtures/harness';

let svc: TestService;
const run = uid('az');
const user = (name: string) => ({ type: 'user', id: `${name}@${run}.example` });
const org = (name: string) => ({ type: 'organization', id: `${name}-${run}` });
const reseller = (name: string) => ({ type: 'reseller', id: `${name}-${run}` });
const ref = (e: { type: string; id: string }) => `${e.type}:${e.id}`;

const [anna, bo, erik, gun, ivar, nils] = ['anna', 'bo', 'erik', 'gun', 'ivar', 'nils'].map(user);
const [acme, kund, other] = ['acme', 'kund', 'other'].map(org);
const [byra, dist] = ['byra', 'dist'].map(reseller);
const SUBJECTS = [anna, bo, erik, gun, ivar, nils, byra];
const RESOURCES = [acme, kund, other, byra, dist];
const TUPLES = [
  T(ref(anna), 'owner', ref(acme)),
  T(ref(bo), 'member', ref(acme)),
  T(ref(bo), 'member', ref(other)),
  T(ref(byra), 'reseller', ref(acme)),
  T(ref(byra), 'reseller', ref(kund)),
  T(ref(erik), 'admin', ref(byra)),
  T(ref(gun), 'member', ref(byra)),
  T(ref(dist), 'parent', ref(byra)),
  T(ref(ivar), 'admin', ref(dist)),
];

beforeAll(async () => {
  svc = await startTestService();
  const res = await svc.post('/v1/tuples', { writes: TUPLES });
  expect([res.status, res.body.pending]).toEqual([200, undefined]);
});
afterAll(async () => {
  await svc?.post('/v1/tuples', { deletes: TUPLES });
  await svc?.stop();
});

const checkToken = () => svc.token('check', 'gateway');
const authzen = async (path: string, body: unknown) => svc.post(`/access/v1/${path}`, body, await checkToken());
const relationsOf = (type: string) => svc.service.model.relationsOf(type);

/** everyQuestion is every subject, relation and resource of the scenario: each relation the model declares on each resource. */
const everyQuestion = () => SUBJECTS.flatMap((subject) => RESOURCES.flatMap((resource) => relationsOf(resource.type).map((name) => ({ subject, action: { name }, resource }))));

/** v1Check asks /v1/check the same question. */
async function v1Check(q: { subject: { type: string; id: string }; action: { name: string }; resource: { type: string; id: string } }): Promise<boolean> {
  const res = await svc.post('/v1/check', { user: ref(q.subject), relation: q.action.name, object: ref(q.resource) });
  expect(res.status).toBe(200);
  return res.body.allowed;
}

/** expectSpecError asserts this surface's error shape: one `error` object with the status, a stable code and a message. */
function expectSpecError(res: Reply, status: number, code?: string | RegExp) {
  expect([res.status, Object.keys(res.body), Object.keys(res.body.error ?? {}).sort()]).toEqual([status, ['error'], ['code', 'message', 'status']]);
  expect(res.body.error.status).toBe(status);
  if (code) expect(res.body.error.code).toMatch(code);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
}

describe('discovery', () => {
  it('answers without a token with the absolute URL of every endpoint, each of which is served', async () => {
    const res = await svc.get('/.well-known/authzen-configuration', null);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      policy_decision_point: svc.url,
      access_evaluation_endpoint: `${svc.url}/access/v1/evaluation`,
      access_evaluations_endpoint: `${svc.url}/access/v1/evaluations`,
      search_subject_endpoint: `${svc.url}/access/v1/search/subject`,
      search_resource_endpoint: `${svc.url}/access/v1/search/resource`,
      search_action_endpoint: `${svc.url}/access/v1/search/action`,
    });
    for (const [key, url] of Object.entries(res.body as Record<string, string>)) {
      if (key === 'policy_decision_point') continue;
      const answer = await svc.post(url.slice(svc.url.length), {}, await checkToken());
      expect([key, answer.status]).toEqual([key, 400]);
    }
  });
});

describe('/openapi.json', () => {
  it("documents every AuthZEN endpoint under the authzen tag, with the model's types and relations and this surface's error shape", async () => {
    const doc = (await svc.get('/openapi.json', null)).body;
    expect(doc.tags.map((t: { name: string }) => t.name)).toEqual(expect.arrayContaining(['v1', 'authzen']));
    const ops = Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, methods]) => Object.values(methods).filter((o) => o.tags?.includes('authzen')).map(() => path));
    expect(ops.sort()).toEqual(['/.well-known/authzen-configuration', '/access/v1/evaluation', '/access/v1/evaluations', '/access/v1/search/action', '/access/v1/search/resource', '/access/v1/search/subject']);
    const evaluation = doc.paths['/access/v1/evaluation'].post;
    const body = evaluation.requestBody.content['application/json'].schema;
    const model = svc.service.model;
    expect(body.properties.subject.properties.type.enum).toEqual(model.types);
    expect(body.properties.resource.properties.type.enum).toEqual(['reseller', 'organization']);
    expect(body.properties.action.properties.name.enum).toEqual([...new Set([...relationsOf('organization'), ...relationsOf('reseller')])].sort());
    expect(body.properties.action.properties.name.description).toContain(`organization: ${relationsOf('organization').join(', ')}`);
    expect(evaluation.security).toEqual([{ bearerAuth: ['check'] }]);
    for (const status of ['400', '401', '403', '429', '503']) {
      expect([status, evaluation.responses[status].content['application/json'].schema.properties.error.required.sort()]).toEqual([status, ['code', 'message', 'status']]);
    }
    expect(doc.paths['/access/v1/evaluations'].post.requestBody.content['application/json'].schema.properties.evaluations.maxItems).toBe(100);
  });
});

describe('POST /access/v1/evaluation', () => {
  it("answers the spec's example request as /v1/check does", async () => {
    const example = { subject: anna, resource: acme, action: { name: 'can_manage', properties: { method: 'GET' } }, context: { time: '1985-10-26T01:22-07:00' } };
    const res = await authzen('evaluation', example);
    expect([res.status, res.body]).toEqual([200, { decision: true }]);
    expect(res.body.decision).toBe(await v1Check(example));
  });

  it('answers every subject, relation and resource of the scenario as /v1/check does', async () => {
    const questions = everyQuestion();
    const [ours, v1] = await Promise.all([
      Promise.all(questions.map(async (q) => (await authzen('evaluation', q)).body.decision)),
      Promise.all(questions.map(v1Check)),
    ]);
    expect(ours).toEqual(v1);
    expect(v1.filter(Boolean).length).toBeGreaterThan(20);
    expect(v1.filter((allowed) => !allowed).length).toBeGreaterThan(20);
  });

  it('ignores properties, context and fields it does not know, as the spec asks of receivers', async () => {
    const res = await authzen('evaluation', { subject: { ...bo, properties: { department: 'Sales', ip_address: '172.217.22.14' } }, action: { name: 'can_view' }, resource: { ...acme, properties: { library_record: { title: 'x' } } }, foo: 'bar', futureField: { nested: true } });
    expect([res.status, res.body]).toEqual([200, { decision: true }]);
  });
});

describe('POST /access/v1/evaluations', () => {
  it('answers every question of the scenario in order as /v1/check/batch does', async () => {
    const questions = everyQuestion();
    for (let i = 0; i < questions.length; i += 100) {
      const chunk = questions.slice(i, i + 100);
      const [ours, v1] = await Promise.all([
        authzen('evaluations', { evaluations: chunk }),
        svc.post('/v1/check/batch', { checks: chunk.map((q) => ({ user: ref(q.subject), relation: q.action.name, object: ref(q.resource) })) }),
      ]);
      expect(ours.status).toBe(200);
      expect(ours.body.evaluations.map((e: { decision: boolean }) => e.decision)).toEqual(v1.body.results.map((r: { allowed: boolean }) => r.allowed));
    }
  });

  it("fills each evaluation from the top-level defaults, as the spec's example does (the third overrides the action)", async () => {
    const res = await authzen('evaluations', {
      subject: gun,
      context: { time: '2024-05-31T15:22-07:00' },
      action: { name: 'can_view' },
      evaluations: [{ resource: acme }, { resource: other }, { action: { name: 'can_manage' }, resource: kund }],
    });
    expect([res.status, res.body]).toEqual([200, { evaluations: [{ decision: true }, { decision: false }, { decision: false }] }]);
    const asked = [[acme, 'can_view'], [other, 'can_view'], [kund, 'can_manage'], [kund, 'can_view']] as const;
    const v1 = await Promise.all(asked.map(([resource, name]) => v1Check({ subject: gun, action: { name }, resource })));
    // The last one proves the override mattered: the default action would have been allowed.
    expect(v1).toEqual([true, false, false, true]);
  });

  // The spec's example of the three semantics: the same three reads, of which the second is denied.
  const threeReads = (semantic?: string) => ({ subject: bo, action: { name: 'can_view' }, ...(semantic ? { options: { evaluations_semantic: semantic } } : {}), evaluations: [{ resource: acme }, { resource: kund }, { resource: other }] });

  it.each([
    ['execute_all', { evaluations: [{ decision: true }, { decision: false }, { decision: true }] }],
    ['deny_on_first_deny', { evaluations: [{ decision: true }, { decision: false, context: { code: '200', reason: 'deny_on_first_deny' } }] }],
    ['permit_on_first_permit', { evaluations: [{ decision: true }] }],
  ])('with %s, answers as the spec answers its example', async (semantic, expected) => {
    expect(await v1Check({ subject: bo, action: { name: 'can_view' }, resource: kund })).toBe(false);
    const res = await authzen('evaluations', threeReads(semantic));
    expect([res.status, res.body]).toEqual([200, expected]);
  });

  it('answers every evaluation without options (execute_all), and stops only at a deciding answer', async () => {
    expect((await authzen('evaluations', threeReads())).body).toEqual((await authzen('evaluations', threeReads('execute_all'))).body);
    const reversed = { subject: bo, action: { name: 'can_view' }, options: { evaluations_semantic: 'permit_on_first_permit' }, evaluations: [{ resource: kund }, { resource: byra }, { resource: other }, { resource: acme }] };
    expect((await authzen('evaluations', reversed)).body).toEqual({ evaluations: [{ decision: false }, { decision: false }, { decision: true }] });
    const allAllowed = { ...reversed, options: { evaluations_semantic: 'deny_on_first_deny' }, evaluations: [{ resource: acme }, { resource: other }] };
    expect((await authzen('evaluations', allAllowed)).body).toEqual({ evaluations: [{ decision: true }, { decision: true }] });
  });

  it('behaves as one evaluation without evaluations or with none, and refuses such a request that lacks a part', async () => {
    const single = { subject: anna, action: { name: 'can_manage' }, resource: acme };
    expect((await authzen('evaluations', single)).body).toEqual({ decision: true });
    expect((await authzen('evaluations', { ...single, evaluations: [] })).body).toEqual({ decision: true });
    const res = await authzen('evaluations', { subject: anna, action: { name: 'can_manage' } });
    expectSpecError(res, 400, 'invalid_request');
    expect(res.body.error.message).toBe('resource.type, resource.id are required: give them in the evaluation or at the top level');
  });

  it('denies an evaluation that cannot be asked, with its error in its context, and answers the rest', async () => {
    const res = await authzen('evaluations', {
      subject: anna,
      action: { name: 'can_view' },
      evaluations: [{ resource: acme }, {}, { action: { name: 'can_fly' }, resource: acme }, { resource: { type: 'document', id: 'readme' } }, { resource: other }],
    });
    expect(res.status).toBe(200);
    expect(res.body.evaluations).toEqual([
      { decision: true },
      { decision: false, context: { error: { status: 400, code: 'invalid_request', message: 'resource.type, resource.id are required: give them in the evaluation or at the top level' } } },
      { decision: false, context: { error: { status: 400, code: 'unknown_relation', message: expect.stringMatching(/^relation "can_fly" is not defined on organization; relations: /) } } },
      { decision: false, context: { error: { status: 400, code: 'unknown_type', message: expect.stringMatching(/unknown type "document"/) } } },
      { decision: false },
    ]);
    const stopped = await authzen('evaluations', { subject: anna, action: { name: 'can_view' }, options: { evaluations_semantic: 'deny_on_first_deny' }, evaluations: [{ resource: acme }, { action: { name: 'can_fly' } }, { resource: acme }] });
    expect(stopped.body.evaluations).toHaveLength(2);
    expect(stopped.body.evaluations[1].context.error.status).toBe(400);
  });
});

/** searchAll pages a search limit at a time and returns every page, checking each page's count. */
async function searchAll(path: string, body: Record<string, unknown>, limit: number): Promise<any[]> {
  const results: any[] = [];
  let token: string | undefined;
  for (let pages = 0; pages < 50; pages++) {
    // The second request leaves the limit out, as the spec's example of paging does.
    const res = await authzen(path, { ...body, page: token ? { token } : { limit } });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['page', 'results']);
    expect(res.body.page.count).toBe(res.body.results.length);
    expect(res.body.results.length).toBeLessThanOrEqual(limit);
    results.push(...res.body.results);
    token = res.body.page.next_token;
    if (token === '') return results;
  }
  throw new Error(`${path} did not end in 50 pages`);
}

describe('the searches', () => {
  it("find the subjects of the spec's example, and every resource's subjects as /v1/list-users does, one a page to the end", async () => {
    const example = { subject: { type: 'user' }, action: { name: 'can_view' }, resource: acme, context: { time: '2024-10-26T01:22-07:00' } };
    const res = await authzen('search/subject', example);
    expect([res.status, res.body]).toEqual([200, { page: { next_token: '', count: 5 }, results: [anna, bo, erik, gun, ivar] }]);
    const asked = RESOURCES.flatMap((resource) => relationsOf(resource.type).flatMap((name) => ['user', 'reseller'].map((type) => ({ resource, name, type }))));
    await Promise.all(asked.map(async ({ resource, name, type }) => {
      const v1 = await svc.post('/v1/list-users', { object: ref(resource), relation: name, userType: type });
      const ours = await searchAll('search/subject', { subject: { type }, action: { name }, resource }, 1);
      expect([ref(resource), name, type, ours.map(ref)]).toEqual([ref(resource), name, type, v1.body.users]);
    }));
  });

  it("find the resources of the spec's example, and every subject's resources as /v1/list-objects does, two a page to the end", async () => {
    const res = await authzen('search/resource', { subject: gun, action: { name: 'can_view' }, resource: { type: 'organization' } });
    expect([res.status, res.body]).toEqual([200, { page: { next_token: '', count: 2 }, results: [acme, kund] }]);
    const asked = SUBJECTS.flatMap((subject) => ['organization', 'reseller'].flatMap((type) => relationsOf(type).map((name) => ({ subject, name, type }))));
    await Promise.all(asked.map(async ({ subject, name, type }) => {
      const v1 = await svc.post('/v1/list-objects', { user: ref(subject), relation: name, type });
      const ours = await searchAll('search/resource', { subject, action: { name }, resource: { type } }, 2);
      expect([ref(subject), name, type, ours.map(ref)]).toEqual([ref(subject), name, type, v1.body.objects]);
    }));
  });

  it("find the actions of the spec's example, and every relation a subject holds on a resource as /v1/check says, one a page to the end", async () => {
    const res = await authzen('search/action', { subject: erik, resource: acme, context: { time: '2024-10-26T01:22-07:00' } });
    expect([res.status, res.body]).toEqual([200, { page: { next_token: '', count: 2 }, results: [{ name: 'can_manage' }, { name: 'can_view' }] }]);
    for (const subject of SUBJECTS) {
      for (const resource of RESOURCES) {
        const held = [];
        for (const name of relationsOf(resource.type).sort()) if (await v1Check({ subject, action: { name }, resource })) held.push({ name });
        expect([ref(subject), ref(resource), await searchAll('search/action', { subject, resource }, 1)]).toEqual([ref(subject), ref(resource), held]);
      }
    }
  });

  it('refuse a page token of another search, or one they did not give', async () => {
    const first = await authzen('search/resource', { subject: erik, action: { name: 'can_view' }, resource: { type: 'organization' }, page: { limit: 1 } });
    const token = first.body.page.next_token;
    expect(token).not.toBe('');
    expectSpecError(await authzen('search/resource', { subject: gun, action: { name: 'can_view' }, resource: { type: 'organization' }, page: { token } }), 400, 'page_token_mismatch');
    expectSpecError(await authzen('search/subject', { subject: { type: 'user' }, action: { name: 'can_view' }, resource: acme, page: { token } }), 400, 'page_token_mismatch');
    expectSpecError(await authzen('search/resource', { subject: erik, action: { name: 'can_view' }, resource: { type: 'organization' }, page: { token: 'a3M9NDU2O3N6PTI=' } }), 400, 'invalid_page_token');
  });
});

describe('bad input', () => {
  const good = { subject: anna, action: { name: 'can_view' }, resource: acme };

  it('is a 400 in the spec form for a type or relation the model does not have, naming what it has', async () => {
    const types = await authzen('evaluation', { ...good, resource: { type: 'account', id: '123' } });
    expectSpecError(types, 400, 'unknown_type');
    expect(types.body.error.message).toMatch(/unknown type "account"; types: user, reseller, organization/);
    const relations = await authzen('evaluation', { ...good, action: { name: 'can_read' } });
    expectSpecError(relations, 400, 'unknown_relation');
    expect(relations.body.error.message).toMatch(/relation "can_read" is not defined on organization; relations: .*can_view/);
    expectSpecError(await authzen('search/subject', { subject: { type: 'robot' }, action: { name: 'can_view' }, resource: acme }), 400, 'unknown_type');
    expectSpecError(await authzen('search/resource', { subject: anna, action: { name: 'can_fly' }, resource: { type: 'organization' } }), 400, 'unknown_relation');
    expectSpecError(await authzen('search/action', { subject: anna, resource: { type: 'document', id: 'x' } }), 400, 'unknown_type');
  });

  // The certification scenario's list of requests a PDP must refuse with 400.
  it.each([
    ['no subject', { action: good.action, resource: good.resource }],
    ['no action', { subject: good.subject, resource: good.resource }],
    ['no resource', { subject: good.subject, action: good.action }],
    ['a subject without a type', { ...good, subject: { id: anna.id } }],
    ['a subject without an id', { ...good, subject: { type: 'user' } }],
    ['an action without a name', { ...good, action: {} }],
    ['a resource without a type', { ...good, resource: { id: acme.id } }],
    ['a resource without an id', { ...good, resource: { type: 'organization' } }],
    ['a subject that is a string', { ...good, subject: 'anna' }],
    ['an action name that is a number', { ...good, action: { name: 123 } }],
    ['an id outside the contract', { ...good, subject: { type: 'user', id: 'anna smith' } }],
  ])('is a 400 in the spec form for %s', async (_what, body) => {
    const res = await authzen('evaluation', body);
    expectSpecError(res, 400, 'invalid_request');
  });

  it('is a 400 in the spec form for a body that is not JSON, not sent as JSON, or empty', async () => {
    const token = await checkToken();
    const raw = (body: string | undefined, headers: Record<string, string> = {}) => svc.request('POST', '/access/v1/evaluation', { body, token, headers });
    expectSpecError(await raw('{"subject": '), 400, 'invalid_json');
    expectSpecError(await raw(JSON.stringify(good), { 'content-type': 'text/plain' }), 400, 'unsupported_content_type');
    expectSpecError(await raw(undefined), 400, 'invalid_request');
    expectSpecError(await raw('[]'), 400, 'invalid_request');
    expectSpecError(await authzen('evaluations', { ...good, options: { evaluations_semantic: 'majority' } }), 400, 'invalid_request');
    expectSpecError(await authzen('evaluations', { evaluations: Array.from({ length: 101 }, () => good) }), 400, 'invalid_request');
    expectSpecError(await authzen('search/subject', { subject: { type: 'user' }, action: good.action, resource: acme, page: { limit: 0 } }), 400, 'invalid_request');
  });
});

describe('tokens and the rest of the protocol', () => {
  it('needs a token with the check scope, and says so in the spec form', async () => {
    const none = await svc.post('/access/v1/evaluation', { subject: anna, action: { name: 'can_view' }, resource: acme }, null);
    expectSpecError(none, 401, 'unauthenticated');
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer /);
    const reader = await svc.post('/access/v1/search/action', { subject: anna, resource: acme }, await svc.token('read write audit', 'not-a-gateway'));
    expectSpecError(reader, 403, 'insufficient_scope');
    expect(reader.headers.get('www-authenticate')).toContain('scope="check"');
  });

  it('answers an unknown path under /access/v1 in the spec form, and other paths in the contract form', async () => {
    expectSpecError(await authzen('search/everything', {}), 404, 'route_not_found');
    expect((await svc.get('/no-such-route', null)).body).toEqual({ error: { code: 'route_not_found', message: expect.any(String) } });
  });

  it('sends back the X-Request-ID the caller gave', async () => {
    const res = await svc.request('POST', '/access/v1/evaluation', { body: JSON.stringify({ subject: anna, action: { name: 'can_view' }, resource: acme }), token: checkToken(), headers: { 'X-Request-ID': 'bfe9eb29-ab87-4ca3-be83-a1d5d8305716' } });
    expect([res.status, res.headers.get('x-request-id')]).toEqual([200, 'bfe9eb29-ab87-4ca3-be83-a1d5d8305716']);
  });
});
