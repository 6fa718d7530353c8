/**
 * Differential test against OpenFGA's own AuthZEN implementation (v1.22.1, --experimentals=authzen):
 * the same model and the same random partner graphs in the service and in a second OpenFGA, the
 * same AuthZEN requests to both, and their answers compared where their shapes should agree. Where
 * OpenFGA departs from the spec, the test pins both sides, so a change on either shows. Replay a
 * failure with AUTHZEN_SEED=<seed printed in the test name and the diff>.
 */
import { AuthzModel } from '../../src/domain/authz-model';
import { startOpenFga, type OpenFgaProcess } from '../../src/stack';
import { OpenFgaEngine } from '../../src/storage/openfga/engine';
import { startTestService, uid, type TestService } from '../fixtures/harness';
import { eachRandomGraph, type RandomGraph, type Rng } from '../fixtures/random-graph';

const SEED = Number(process.env.AUTHZEN_SEED ?? Math.floor(Math.random() * 2 ** 31));
const GRAPHS = Number(process.env.AUTHZEN_GRAPHS ?? 24);
const PARALLEL = 4;
const THEIR_BASE = 'https://pdp.example.com';

let svc: TestService;
let fga: OpenFgaProcess;
let theirs: OpenFgaEngine;
const run = uid('azdiff');
const written: RandomGraph['tuples'] = [];
/** seen counts what the comparisons covered, so a run where every answer is a deny or empty cannot pass unnoticed. */
const seen = { allowed: 0, denied: 0, found: 0 };

beforeAll(async () => {
  [svc, fga] = await Promise.all([
    startTestService({ NEO4J_TIMEOUT_MS: '30000', OPENFGA_TIMEOUT_MS: '30000', WRITE_ACK_TIMEOUT_MS: '30000', REQUEST_TIMEOUT_MS: '60000' }),
    startOpenFga({ datastore: 'memory', extraArgs: ['--experimentals=authzen', `--authzen-base-url=${THEIR_BASE}`] }),
  ]);
  theirs = new OpenFgaEngine({ apiUrl: fga.apiUrl, timeoutMs: 30_000, model: AuthzModel.load().json });
  await theirs.bootstrap();
}, 180_000);
afterAll(async () => {
  for (let i = 0; i < written.length; i += 1000) await svc.post('/v1/tuples', { deletes: written.slice(i, i + 1000) });
  await svc?.stop();
  await fga?.stop();
}, 120_000);

/** Both is one AuthZEN call answered by each side: ours through the service, theirs through the second OpenFGA's store. */
interface Both {
  ours: { status: number; body: any };
  theirs: { status: number; body: any };
}

async function both(path: string, body: unknown): Promise<Both> {
  const [ours, res] = await Promise.all([
    svc.post(`/access/v1/${path}`, body, await svc.token('check', 'gateway')),
    fetch(`${fga.apiUrl}/stores/${theirs.currentStoreId}/access/v1/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  ]);
  return { ours: { status: ours.status, body: ours.body }, theirs: { status: res.status, body: await res.json() } };
}

/** ourSearch pages one of our searches two at a time to the end and returns every result. */
async function ourSearch(path: string, body: Record<string, unknown>): Promise<unknown[]> {
  const out: unknown[] = [];
  let token = '';
  for (let pages = 0; pages < 100; pages++) {
    const res = await svc.post(`/access/v1/${path}`, { ...body, page: token ? { token } : { limit: 2 } }, await svc.token('check', 'gateway'));
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
    out.push(...res.body.results);
    token = res.body.page.next_token;
    if (!token) return out;
  }
  throw new Error(`${path} did not end in 100 pages`);
}

const entity = (ref: string) => ({ type: ref.slice(0, ref.indexOf(':')), id: ref.slice(ref.indexOf(':') + 1) });
const byRef = (a: { type: string; id: string }, b: { type: string; id: string }) => (`${a.type}:${a.id}` < `${b.type}:${b.id}` ? -1 : 1);

/** compareGraph asks both sides the same random questions about one graph and returns every disagreement. */
async function compareGraph(seed: number, g: RandomGraph, rng: Rng): Promise<unknown[]> {
  const wrong: unknown[] = [];
  const model = svc.service.model;
  const subjects = [...g.users, ...g.users, ...g.resellers];
  const question = () => {
    const object = rng.pick([...g.organizations, ...g.resellers]);
    return { subject: entity(rng.pick(subjects)), action: { name: rng.pick(model.relationsOf(entity(object).type)) }, resource: entity(object) };
  };
  const differ = (what: string, asked: unknown, ours: unknown, theirs: unknown) => {
    if (JSON.stringify(ours) !== JSON.stringify(theirs)) wrong.push({ seed, what, asked, ours, theirs });
  };
  const evaluation = question();
  const batch = Array.from({ length: 6 }, question);
  const subjectSearch = { ...question(), subject: { type: rng.pick(['user', 'reseller']) } };
  const resourceType = rng.pick(['organization', 'reseller']);
  const resourceSearch = { subject: entity(rng.pick(subjects)), action: { name: rng.pick(model.relationsOf(resourceType)) }, resource: { type: resourceType } };
  const actionSearch = { subject: entity(rng.pick(subjects)), resource: entity(rng.pick([...g.organizations, ...g.resellers])) };

  const single = await both('evaluation', evaluation);
  differ('evaluation', evaluation, single.ours, single.theirs);
  seen[single.ours.body.decision ? 'allowed' : 'denied']++;
  for (const semantic of ['execute_all', 'deny_on_first_deny', 'permit_on_first_permit']) {
    const asked = { options: { evaluations_semantic: semantic }, evaluations: batch };
    const r = await both('evaluations', asked);
    for (const e of r.ours.body.evaluations ?? []) seen[e.decision ? 'allowed' : 'denied']++;
    // Where they differ on purpose: the deny that ends deny_on_first_deny carries the spec example's context here, none there.
    const ours = r.ours.body.evaluations?.map((e: { decision: boolean; context?: unknown }) => (semantic === 'deny_on_first_deny' ? { decision: e.decision } : e));
    differ(`evaluations ${semantic}`, asked, [r.ours.status, ours], [r.theirs.status, r.theirs.body.evaluations]);
    if (semantic === 'deny_on_first_deny' && ours.at(-1)?.decision === false) {
      differ('deny_on_first_deny context', asked, r.ours.body.evaluations.at(-1).context, { code: '200', reason: 'deny_on_first_deny' });
    }
  }
  const subjects2 = await Promise.all([ourSearch('search/subject', subjectSearch), both('search/subject', subjectSearch)]);
  differ('search/subject', subjectSearch, subjects2[0], [...(subjects2[1].theirs.body.results ?? [])].sort(byRef));
  const resources = await Promise.all([ourSearch('search/resource', resourceSearch), both('search/resource', resourceSearch)]);
  differ('search/resource', resourceSearch, resources[0], [...(resources[1].theirs.body.results ?? [])].sort(byRef));
  const actions = await Promise.all([ourSearch('search/action', actionSearch), both('search/action', actionSearch)]);
  differ('search/action', actionSearch, actions[0], actions[1].theirs.body.results ?? []);
  seen.found += subjects2[0].length + resources[0].length + actions[0].length;
  return wrong;
}

describe('AuthZEN answers against OpenFGA AuthZEN', () => {
  it(`agree on evaluation, evaluations (three semantics) and the three searches on ${GRAPHS} random graphs (AUTHZEN_SEED=${SEED})`, async () => {
    const wrong = await eachRandomGraph({ seed: SEED, count: GRAPHS, parallel: PARALLEL, ns: run }, async (seed, g, rng) => {
      if (g.tuples.length) {
        const res = await svc.post('/v1/tuples', { writes: g.tuples });
        if (res.status !== 200 || res.body.pending) throw new Error(`write of graph ${seed} answered ${res.status}: ${JSON.stringify(res.body)}`);
        written.push(...g.tuples);
        await theirs.apply(g.tuples.map((tuple) => ({ op: 'write' as const, tuple })));
      }
      return compareGraph(seed, g, rng);
    });
    expect(wrong.slice(0, 5)).toEqual([]);
    expect(seen.allowed).toBeGreaterThan(GRAPHS);
    expect(seen.denied).toBeGreaterThan(GRAPHS);
    // Searches find less than checks decide (a search may rightly be empty): seed 677197502 found 20 in 24 graphs.
    expect(seen.found).toBeGreaterThan(GRAPHS / 2);
  }, 300_000);
});

describe('where OpenFGA and the spec part, and which this service follows', () => {
  const anna = { type: 'user', id: `anna-${run}` };
  const acme = { type: 'organization', id: `acme-${run}` };
  beforeAll(async () => {
    const tuple = { user: `user:${anna.id}`, relation: 'owner', object: `organization:${acme.id}` };
    expect((await svc.post('/v1/tuples', { writes: [tuple] })).status).toBe(200);
    written.push(tuple);
    await theirs.apply([{ op: 'write', tuple }]);
  });

  it('agree that an evaluation of an unknown relation or type is a 400, each in its own error shape', async () => {
    for (const asked of [{ subject: anna, action: { name: 'can_fly' }, resource: acme }, { subject: anna, action: { name: 'can_view' }, resource: { type: 'document', id: 'x' } }]) {
      const r = await both('evaluation', asked);
      expect([r.ours.status, r.theirs.status]).toEqual([400, 400]);
      // Ours: the spec's error object with the contract's code; theirs: OpenFGA's {code, message}.
      expect(Object.keys(r.ours.body.error).sort()).toEqual(['code', 'message', 'status']);
      expect(r.theirs.body).toEqual({ code: expect.any(String), message: expect.any(String) });
    }
  });

  it("agree that one evaluation of a batch with an unknown relation is denied with a 400 in its context", async () => {
    const asked = { subject: anna, resource: acme, evaluations: [{ action: { name: 'can_manage' } }, { action: { name: 'can_fly' } }] };
    const r = await both('evaluations', asked);
    for (const e of r.ours.body.evaluations ?? []) seen[e.decision ? 'allowed' : 'denied']++;
    expect([r.ours.status, r.theirs.status]).toEqual([200, 200]);
    expect(r.ours.body.evaluations.map((e: any) => [e.decision, e.context?.error?.status])).toEqual([[true, undefined], [false, 400]]);
    expect(r.theirs.body.evaluations.map((e: any) => [e.decision, e.context?.error?.status])).toEqual([[true, undefined], [false, 400]]);
  });

  it('part on a batch evaluation that lacks a part: the certification scenario denies that one (ours), OpenFGA refuses the batch', async () => {
    const r = await both('evaluations', { subject: anna, action: { name: 'can_view' }, evaluations: [{ resource: acme }, {}] });
    expect([r.ours.status, r.ours.body.evaluations.map((e: any) => e.decision)]).toEqual([200, [true, false]]);
    expect(r.theirs.status).toBe(400);
  });

  it('part on a request without evaluations: the spec answers it as one evaluation (ours), OpenFGA as a batch of one', async () => {
    const r = await both('evaluations', { subject: anna, action: { name: 'can_view' }, resource: acme });
    expect([r.ours.body, r.theirs.body]).toEqual([{ decision: true }, { evaluations: [{ decision: true }] }]);
  });

  it('part on paging: ours pages with page.next_token; OpenFGA answers every result at once, without page', async () => {
    const asked = { subject: { type: 'user' }, action: { name: 'can_view' }, resource: acme, page: { limit: 1 } };
    const r = await both('search/subject', asked);
    expect(r.ours.body).toEqual({ page: { next_token: '', count: 1 }, results: [anna] });
    expect(r.theirs.body).toEqual({ results: [anna] });
  });

  it('name the same endpoints in discovery; OpenFGA per store, under its configured base URL', async () => {
    const ours = (await svc.get('/.well-known/authzen-configuration', null)).body;
    const theirBody = (await (await fetch(`${fga.apiUrl}/.well-known/authzen-configuration/${theirs.currentStoreId}`)).json()) as Record<string, string>;
    // The spec: "parameters that have no values MUST be omitted"; OpenFGA sends an empty capabilities list, this service none.
    const { capabilities, ...theirEndpoints } = theirBody;
    expect(capabilities).toEqual([]);
    expect(Object.keys(ours).sort()).toEqual(Object.keys(theirEndpoints).sort());
    const base = `${THEIR_BASE}/stores/${theirs.currentStoreId}`;
    for (const [key, url] of Object.entries(theirEndpoints)) expect([key, url.replace(base, '')]).toEqual([key, (ours[key] as string).replace(svc.url, '')]);
  });
});
