/**
 * Monthly commission statements through the HTTP API against the real Neo4j and OpenFGA: links
 * made and ended around invoices (read from the link history), a customer shared by two
 * resellers, every tier boundary of the published Swedish tiers, rounding half up, currencies
 * kept apart, and the CSV form.
 */
import { startTestService, T, uid, type TestService } from '../fixtures/harness';

let svc: TestService;
const run = uid('com');
const id = (name: string) => `${name}.${run}`;
const rs = (n: string) => `reseller:${id(n)}`;
const org = (n: string) => `organization:${id(n)}`;

/** SEK_TIERS: 400 SEK → 20 %, 2000 SEK → 30 %, 10000 SEK → 50 %, in öre. */
const SEK_TIERS = { currency: 'SEK', tiers: [{ from: 40000, percent: 20 }, { from: 200000, percent: 30 }, { from: 1000000, percent: 50 }] };

beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => {
  await svc?.stop();
});

const put = (path: string, body: unknown) => svc.request('PUT', path, { body: JSON.stringify(body) });

async function reseller(name: string, commission: unknown = SEK_TIERS): Promise<void> {
  const res = await put(`/v1/resellers/${id(name)}`, { name, commission });
  expect(res.status).toBe(201);
}

/** tuples writes links; 202 (OpenFGA lagging under load) is fine, statements read Neo4j only. */
async function tuples(writes: ReturnType<typeof T>[], deletes: ReturnType<typeof T>[] = []): Promise<string> {
  const res = await svc.post('/v1/tuples', { writes, deletes });
  expect([200, 202]).toContain(res.status);
  return res.body.revision;
}

let invoices = 0;
/** invoice records an invoice issued now (after every link written so far) unless given a time; returns its id and month. */
async function invoice(organization: string, amount: number, opts: { currency?: string; issuedAt?: string } = {}): Promise<{ id: string; month: string }> {
  const issuedAt = opts.issuedAt ?? new Date().toISOString();
  const body = { id: id(`inv-${(invoices += 1)}`), organization, amount, currency: opts.currency ?? 'SEK', issuedAt };
  const res = await svc.post('/v1/invoices', body);
  expect(res.status).toBe(201);
  return { id: body.id, month: res.body.issuedAt.slice(0, 7) };
}

const statement = (name: string, month: string, headers: Record<string, string> = {}) => svc.request('GET', `/v1/resellers/${id(name)}/commission?month=${month}`, { headers });

describe('commission plans on resellers', () => {
  it('stores a plan and shows it back', async () => {
    await reseller('plan', { currency: 'EUR', tiers: [{ from: 0, percent: 12.5 }] });
    const res = await svc.get(`/v1/resellers/${id('plan')}`);
    expect(res.body.commission).toEqual({ currency: 'EUR', tiers: [{ from: 0, percent: 12.5 }], effectiveFrom: new Date().toISOString().slice(0, 7) });
  });

  it.each([
    [{ currency: 'SEK', tiers: [{ from: 200000, percent: 30 }, { from: 40000, percent: 20 }] }, /ascend/],
    [{ currency: 'SEK', tiers: [{ from: 0, percent: 12.345 }] }, /two decimals/],
    [{ currency: 'SEK', tiers: [{ from: 0, percent: 101 }] }, /percent/],
    [{ currency: 'sek', tiers: [{ from: 0, percent: 1 }] }, /ISO 4217/],
    [{ currency: 'SEK', tiers: [{ from: -1, percent: 1 }] }, /from/],
  ])('refuses the plan %j with a 400', async (commission, message) => {
    const res = await put(`/v1/resellers/${id('bad-plan')}`, { commission });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });

  it('does not take a plan on an organization', async () => {
    expect((await put(`/v1/organizations/${id('no-plan')}`, { commission: SEK_TIERS })).status).toBe(400);
  });
});

describe('statements', () => {
  it('counts an invoice only while the link was live: not before it was made, not after it ended', async () => {
    await reseller('hist');
    const before = await invoice(org('hist-kund'), 500000, { issuedAt: new Date().toISOString() });
    await tuples([T(rs('hist'), 'reseller', org('hist-kund'))]);
    const [link] = (await svc.get(`/v1/tuples?object=${org('hist-kund')}&relation=reseller`)).body.tuples;
    const atLink = await invoice(org('hist-kund'), 1000, { issuedAt: link.writtenAt });
    const during = await invoice(org('hist-kund'), 250000);
    await tuples([], [T(rs('hist'), 'reseller', org('hist-kund'))]);
    const after = await invoice(org('hist-kund'), 700000);

    const res = await statement('hist', during.month);
    expect(res.status).toBe(200);
    const counted = res.body.lines.map((l: { invoice: string }) => l.invoice);
    expect(counted).toEqual([atLink.id, during.id]);
    expect(counted).not.toContain(before.id);
    expect(counted).not.toContain(after.id);
    expect(res.body).toMatchObject({ reseller: rs('hist'), month: during.month, currency: 'SEK', total: 251000, percent: 30, commission: 75300 });
  });

  it('shares a customer of two resellers equally, the odd öre to the one linked longest', async () => {
    await reseller('z-first');
    await reseller('a-second');
    await tuples([T(rs('z-first'), 'reseller', org('delad'))]);
    await tuples([T(rs('a-second'), 'reseller', org('delad'))]);
    const inv = await invoice(org('delad'), 100001);
    const first = await statement('z-first', inv.month);
    const second = await statement('a-second', inv.month);
    expect(first.body.lines).toEqual([expect.objectContaining({ invoice: inv.id, amount: 100001, share: 50001, sharedWith: [rs('a-second')] })]);
    expect(second.body.lines).toEqual([expect.objectContaining({ invoice: inv.id, amount: 100001, share: 50000, sharedWith: [rs('z-first')] })]);
    expect(first.body).toMatchObject({ total: 50001, percent: 20, commission: 10000 }); // 10000.2
    expect(second.body).toMatchObject({ total: 50000, percent: 20, commission: 10000 });
  });

  it('breaks a tie between resellers linked in the same write by reseller id', async () => {
    await reseller('tie-b');
    await reseller('tie-a');
    await tuples([T(rs('tie-b'), 'reseller', org('tie')), T(rs('tie-a'), 'reseller', org('tie'))]);
    const inv = await invoice(org('tie'), 80001);
    expect((await statement('tie-a', inv.month)).body.total).toBe(40001);
    expect((await statement('tie-b', inv.month)).body.total).toBe(40000);
  });

  it.each([
    [39999, 0, 0],
    [40000, 20, 8000],
    [199999, 20, 40000], // 39999.8
    [200000, 30, 60000],
    [999999, 30, 300000], // 299999.7
    [1000000, 50, 500000],
  ])('puts a month of %p öre in the %p %% tier, commission %p öre', async (amount, percent, commission) => {
    const name = `tier-${amount}`;
    await reseller(name);
    await tuples([T(rs(name), 'reseller', org(name))]);
    const inv = await invoice(org(name), amount);
    const res = await statement(name, inv.month);
    expect(res.body).toMatchObject({ total: amount, percent, commission });
  });

  it.each([
    [4, 1], // 0.5 → 1
    [20, 3], // 2.5 → 3 (half up, not to even)
    [12345, 1543], // 1543.125 → 1543
    [11, 1], // 1.375 → 1
  ])('rounds %p öre at 12.5 %% half up to %p öre', async (amount, commission) => {
    const name = `round-${amount}`;
    await reseller(name, { currency: 'SEK', tiers: [{ from: 0, percent: 12.5 }] });
    await tuples([T(rs(name), 'reseller', org(name))]);
    const inv = await invoice(org(name), amount);
    expect((await statement(name, inv.month)).body).toMatchObject({ total: amount, percent: 12.5, commission });
  });

  it('lists an invoice in another currency apart and counts only the plan currency', async () => {
    await reseller('valuta');
    await tuples([T(rs('valuta'), 'reseller', org('valuta'))]);
    const sek = await invoice(org('valuta'), 50000);
    const eur = await invoice(org('valuta'), 900000, { currency: 'EUR' });
    const res = await statement('valuta', sek.month);
    expect(res.body.lines.map((l: { invoice: string }) => l.invoice)).toEqual([sek.id]);
    expect(res.body.excluded).toEqual([expect.objectContaining({ invoice: eur.id, currency: 'EUR', amount: 900000, reason: 'currency_mismatch' })]);
    expect(res.body).toMatchObject({ total: 50000, percent: 20, commission: 10000 });
  });

  it('answers the same statement as CSV with Accept: text/csv', async () => {
    await reseller('csv');
    await tuples([T(rs('csv'), 'reseller', org('csv-kund')), T(rs('csv-other'), 'reseller', org('csv-kund'))]);
    const inv = await invoice(org('csv-kund'), 80000);
    const res = await statement('csv', inv.month, { accept: 'text/csv' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = String(res.body).trimEnd().split('\r\n');
    expect(lines[0]).toBe('kind,organization,invoice,issuedAt,currency,amount,share,percent,commission,note');
    expect(lines[1]).toMatch(new RegExp(`^line,${org('csv-kund')},${inv.id},[^,]+,SEK,80000,40000,,,shared with ${rs('csv-other')}$`));
    expect(lines[2]).toBe(`total,,,,SEK,,40000,20,8000,${rs('csv')} ${inv.month}`);
  });

  it('answers 409 for a reseller without a plan, 404 for an unknown one, 400 for a bad month', async () => {
    expect((await put(`/v1/resellers/${id('planless')}`, { name: 'no plan' })).status).toBe(201);
    const planless = await statement('planless', '2025-03');
    expect(planless.status).toBe(409);
    expect(planless.body.error.code).toBe('no_commission_plan');
    const unknown = await statement('unknown', '2025-03');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('unknown_entity');
    expect((await statement('planless', '2025-3')).status).toBe(400);
  });

  it('needs the read scope', async () => {
    await reseller('scoped');
    const res = await svc.get(`/v1/resellers/${id('scoped')}/commission?month=${new Date().toISOString().slice(0, 7)}`, svc.token('check', 'checker'));
    expect(res.status).toBe(403);
    expect((await svc.get(`/v1/resellers/${id('scoped')}/commission?month=${new Date().toISOString().slice(0, 7)}`, svc.token('read', 'reader'))).status).toBe(200);
  });

  it('lets a reseller admin and a parent admin ask can_view_commission, and not a member', async () => {
    const revision = await tuples([
      T(`user:${id('boss')}`, 'admin', rs('view')),
      T(`user:${id('staff')}`, 'member', rs('view')),
      T(`user:${id('top')}`, 'admin', rs('view-parent')),
      T(rs('view-parent'), 'parent', rs('view')),
    ]);
    const can = async (u: string) => (await svc.post('/v1/check', { user: `user:${id(u)}`, relation: 'can_view_commission', object: rs('view'), consistency: { atLeast: revision } })).body.allowed;
    expect(await can('boss')).toBe(true);
    expect(await can('top')).toBe(true);
    expect(await can('staff')).toBe(false);
  });
});
