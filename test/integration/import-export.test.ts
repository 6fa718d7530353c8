/**
 * Bulk import and export through the HTTP API against the real Neo4j and OpenFGA: history imported
 * with since and until is what access-paths `at` and commission read, a bad or overlapping line
 * refuses the whole file naming its line, a file imported twice changes nothing, and export streams
 * what is live at a revision, or every period with history.
 */
import { startTestService, T, uid, type TestService } from '../fixtures/harness';

let svc: TestService;
const run = uid('imp');
const id = (name: string) => `${name}.${run}`;
const u = (n: string) => `user:${id(n)}`;
const rs = (n: string) => `reseller:${id(n)}`;
const org = (n: string) => `organization:${id(n)}`;

beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => {
  await svc?.stop();
});

const ndjson = (lines: object[]) => lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
const importFile = (body: string, token?: Promise<string>) =>
  svc.request('POST', '/v1/tuples/import', { body, headers: { 'content-type': 'application/x-ndjson' }, token });

async function exportText(query = '', token?: Promise<string>): Promise<{ status: number; revision: string | null; lines: any[] }> {
  const res = await fetch(`${svc.url}/v1/tuples/export${query}`, { headers: { authorization: `Bearer ${await (token ?? svc.token('read'))}` } });
  const text = await res.text();
  return { status: res.status, revision: res.headers.get('partnergraph-revision'), lines: res.status === 200 ? text.split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [JSON.parse(text)] };
}

describe('POST /v1/tuples/import', () => {
  it('imports links with their history: access-paths at a past moment sees them, each tuple written by the importing token\'s sub', async () => {
    const lines = [
      { ...T(u('lena'), 'member', rs('north')), since: '2024-01-01T00:00:00Z' },
      { ...T(rs('north'), 'reseller', org('acme')), since: '2024-02-01T00:00:00Z', until: '2024-06-01T00:00:00Z' },
      { ...T(rs('north'), 'reseller', org('acme')), since: '2024-09-01T00:00:00Z' },
    ];
    const res = await importFile(ndjson(lines), svc.token('write', 'migrator'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ revision: expect.stringMatching(/^\d+$/), written: 3, skipped: 0 });
    expect(res.headers.get('partnergraph-revision')).toBe(res.body.revision);

    const paths = async (at?: string) => (await svc.post('/v1/access-paths', { user: u('lena'), relation: 'can_view', object: org('acme'), ...(at ? { at } : {}) })).body;
    expect((await paths('2024-03-15T00:00:00Z')).allowed).toBe(true);
    expect((await paths('2024-07-15T00:00:00Z')).allowed).toBe(false);
    expect((await paths('2024-01-15T00:00:00Z')).allowed).toBe(false);
    const now = await paths();
    expect(now.allowed).toBe(true);
    expect(now.paths[0].tuples).toEqual([
      expect.objectContaining({ user: u('lena'), object: rs('north'), writtenAt: '2024-01-01T00:00:00.000Z', writtenBy: 'migrator' }),
      expect.objectContaining({ user: rs('north'), object: org('acme'), writtenAt: '2024-09-01T00:00:00.000Z', writtenBy: 'migrator' }),
    ]);
    const check = await svc.post('/v1/check', { user: u('lena'), relation: 'can_view', object: org('acme'), consistency: { atLeast: res.body.revision } });
    expect(check.body).toEqual({ allowed: true });
  });

  it('lets a commission statement for a past month count an invoice by a back-dated link, and not one after the link ended', async () => {
    expect((await svc.request('PUT', `/v1/resellers/${id('south')}`, { body: JSON.stringify({ name: 'South', commission: { currency: 'SEK', tiers: [{ from: 0, percent: 10 }], effectiveFrom: '2024-01' } }) })).status).toBe(201);
    const res = await importFile(ndjson([{ ...T(rs('south'), 'reseller', org('bolag')), since: '2024-03-01T00:00:00Z', until: '2024-03-20T00:00:00Z' }]));
    expect(res.status).toBe(200);
    for (const [n, issuedAt] of [['in', '2024-03-10T12:00:00Z'], ['out', '2024-03-25T12:00:00Z']]) {
      const inv = await svc.post('/v1/invoices', { id: id(`inv-${n}`), organization: org('bolag'), amount: 100000, currency: 'SEK', issuedAt });
      expect(inv.status).toBe(201);
    }
    const statement = await svc.get(`/v1/resellers/${id('south')}/commission?month=2024-03`);
    expect(statement.status).toBe(200);
    expect(statement.body.lines.map((l: { invoice: string }) => l.invoice)).toEqual([id('inv-in')]);
    expect(statement.body).toMatchObject({ total: 100000, commission: 10000 });
    // History only: never live, so never in OpenFGA.
    expect((await svc.post('/v1/check', { user: rs('south'), relation: 'reseller', object: org('bolag') })).body).toEqual({ allowed: false });
  });

  it('refuses a bad line with a 400 naming its number, and writes none of the lines before it', async () => {
    const body = ndjson([T(u('first'), 'member', org('bad'))]) + '{"user": "user:x", "relation": "member"\n' + ndjson([T(u('third'), 'member', org('bad'))]);
    const res = await importFile(body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^line 2: /);
    const model = await importFile(ndjson([T(u('ok'), 'member', org('bad')), T(u('ok'), 'no_such_relation', org('bad'))]));
    expect(model.status).toBe(400);
    expect(model.body.error.message).toMatch(/^line 2: .*no_such_relation/);
    const future = await importFile(ndjson([{ ...T(u('ok'), 'member', org('bad')), since: '2999-01-01T00:00:00Z' }]));
    expect(future.body.error.message).toMatch(/^line 1: since must not be in the future/);
    expect((await svc.get(`/v1/tuples?object=${org('bad')}`)).body.tuples).toEqual([]);
  });

  it('refuses a period overlapping history kept for the tuple, naming the line; the same file twice changes nothing the second time', async () => {
    const link = T(rs('east'), 'reseller', org('kund'));
    const file = ndjson([T(u('anna'), 'member', org('kund')), { ...link, since: '2024-01-01T00:00:00Z', until: '2024-05-01T00:00:00Z' }]);
    expect((await importFile(file)).body).toMatchObject({ written: 2, skipped: 0 });
    const again = await importFile(file);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ written: 0, skipped: 2 });
    const overlapping = await importFile(ndjson([T(u('bo'), 'member', org('kund')), { ...link, since: '2024-04-01T00:00:00Z' }]));
    expect(overlapping.status).toBe(400);
    expect(overlapping.body.error).toMatchObject({ code: 'overlapping_period', message: expect.stringMatching(/^line 2: /) });
    expect((await svc.get(`/v1/tuples?object=${org('kund')}`)).body.tuples.map((t: { user: string }) => t.user)).toEqual([u('anna')]);
  });

  it('needs the write scope and an NDJSON body', async () => {
    expect((await importFile(ndjson([T(u('x'), 'member', org('scoped'))]), svc.token('read'))).status).toBe(403);
    const json = await svc.request('POST', '/v1/tuples/import', { body: '{}', headers: { 'content-type': 'application/json' } });
    expect(json.status).toBe(400);
    expect(json.body.error.code).toBe('unsupported_content_type');
  });
});

describe('GET /v1/tuples/export', () => {
  it('streams the live tuples at a revision and, with history, every period, with the revision exported', async () => {
    const link = T(rs('west'), 'reseller', org('exp'));
    const imported = await importFile(ndjson([{ ...link, since: '2023-01-01T00:00:00Z', until: '2023-02-01T00:00:00Z' }, { ...link, since: '2023-03-01T00:00:00Z' }]));
    const revision = imported.body.revision;
    const deleted = await svc.post('/v1/tuples', { writes: [], deletes: [link] });
    expect([200, 202]).toContain(deleted.status);

    const mine = (lines: any[]) => lines.filter((l) => l.object === org('exp'));
    const then = await exportText(`?revision=${revision}`);
    expect(then.revision).toBe(revision);
    expect(mine(then.lines)).toEqual([{ ...link, since: '2023-03-01T00:00:00.000Z' }]);
    const latest = await exportText();
    expect(Number(latest.revision)).toBeGreaterThanOrEqual(Number(deleted.body.revision));
    expect(mine(latest.lines)).toEqual([]);
    const history = await exportText('?history=true');
    expect(mine(history.lines).sort((a, b) => (a.since < b.since ? -1 : 1))).toEqual([
      { ...link, since: '2023-01-01T00:00:00.000Z', until: '2023-02-01T00:00:00.000Z' },
      { ...link, since: '2023-03-01T00:00:00.000Z', until: expect.stringMatching(/^20\d\d-/) },
    ]);
  });

  it('refuses a revision not written yet, and needs the read scope', async () => {
    const res = await exportText('?revision=999999999999');
    expect(res.status).toBe(400);
    expect(res.lines[0].error.code).toBe('invalid_revision');
    expect((await exportText('', svc.token('check'))).status).toBe(403);
  });
});
