/**
 * Commission over time through the HTTP API against the real Neo4j and OpenFGA, with links made
 * now (months ahead stand in for later months, since links cannot be back-dated here): plans kept
 * as history, a statement using the plan in force for its month, credit notes taken back at the
 * credited invoice's rate in the same shares, the payout report with a negative total, and closing
 * a month (admin only, once, only when it has ended) that freezes its statements byte for byte.
 */
import { startTestService, T, uid, type TestService } from '../fixtures/harness';

let svc: TestService;
const run = uid('cot');
const id = (name: string) => `${name}.${run}`;
const rs = (n: string) => `reseller:${id(n)}`;
const org = (n: string) => `organization:${id(n)}`;
const month = (offset: number) => {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + offset, 1)).toISOString().slice(0, 7);
};
const tiers = (percent: number) => [{ from: 0, percent }, { from: 1_000_000, percent: percent + 10 }];

beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => {
  await svc?.stop();
});

const plan = (name: string, percent: number, effectiveFrom?: string) => svc.request('PUT', `/v1/resellers/${id(name)}`, { body: JSON.stringify({ name, commission: { currency: 'SEK', tiers: tiers(percent), effectiveFrom } }) });
const statement = (name: string, m: string) => svc.get(`/v1/resellers/${id(name)}/commission?month=${m}`);
let n = 0;
async function invoice(organization: string, amount: number, issuedAt: string, creditFor?: string): Promise<{ status: number; id: string; body: any }> {
  const body = { id: id(`inv-${(n += 1)}`), organization, amount, currency: 'SEK', issuedAt, creditFor };
  const res = await svc.post('/v1/invoices', body);
  return { status: res.status, id: body.id, body: res.body };
}
const mid = (m: string) => `${m}-15T12:00:00.000Z`;

describe('plans over time', () => {
  it('keeps every plan with the months it is in force, and each month counts with its own plan', async () => {
    expect((await plan('hist', 10, month(-2))).status).toBe(201);
    expect((await plan('hist', 20, month(1))).status).toBe(200);
    expect((await plan('hist', 15, month(-2))).status).toBe(200); // replaces the first, same month, recorded later
    const res = await svc.get(`/v1/resellers/${id('hist')}/commission-plans`);
    expect(res.status).toBe(200);
    expect(res.body.plans.map((p: any) => [p.effectiveFrom, p.tiers[0].percent, p.months])).toEqual([
      [month(-2), 10, null],
      [month(-2), 15, { from: month(-2), until: month(0) }],
      [month(1), 20, { from: month(1), until: null }],
    ]);
    expect(res.body.plans[0]).toMatchObject({ currency: 'SEK', recordedBy: 'test-admin' });
    expect((await svc.get(`/v1/resellers/${id('hist')}`)).body.commission).toEqual({ currency: 'SEK', tiers: tiers(20), effectiveFrom: month(1) });
    await svc.post('/v1/tuples', { writes: [T(rs('hist'), 'reseller', org('hist'))] });
    await invoice(org('hist'), 100000, mid(month(1)));
    await invoice(org('hist'), 100000, mid(month(2)));
    expect((await statement('hist', month(0))).body).toMatchObject({ plan: { effectiveFrom: month(-2) }, percent: 15, commission: 0 });
    expect((await statement('hist', month(1))).body).toMatchObject({ plan: { effectiveFrom: month(1) }, total: 100000, percent: 20, commission: 20000, payout: 20000, closed: null });
    expect((await statement('hist', month(-3))).status).toBe(409);
  });

  it('refuses a bad effectiveFrom with a 400 and writes nothing', async () => {
    const res = await plan('bad-from', 10, '2025-13');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/effectiveFrom/);
    expect((await svc.get(`/v1/resellers/${id('bad-from')}`)).status).toBe(404);
  });
});

describe('credit notes', () => {
  it('takes back commission from the resellers that shared the invoice, in the same shares, at its rate, in the month of the credit', async () => {
    await plan('cr-a', 20, month(0));
    await plan('cr-b', 10, month(0));
    await svc.post('/v1/tuples', { writes: [T(rs('cr-a'), 'reseller', org('cr'))] });
    await svc.post('/v1/tuples', { writes: [T(rs('cr-b'), 'reseller', org('cr'))] });
    const sale = await invoice(org('cr'), 200001, mid(month(1)));
    expect(sale.status).toBe(201);
    const credit = await invoice(org('cr'), 100001, mid(month(2)), sale.id);
    expect(credit.status).toBe(201);
    expect(credit.body).toMatchObject({ creditFor: sale.id, amount: 100001 });
    expect((await statement('cr-a', month(1))).body).toMatchObject({ total: 100001, commission: 20000 }); // 20000.2
    const a = (await statement('cr-a', month(2))).body;
    expect(a.credits).toEqual([{ invoice: credit.id, creditFor: sale.id, originalMonth: month(1), organization: org('cr'), issuedAt: mid(month(2)), share: 50001, percent: 20, commission: -10000 }]);
    expect(a).toMatchObject({ commission: 0, payout: -10000 });
    expect((await statement('cr-b', month(2))).body.credits).toEqual([expect.objectContaining({ share: 50000, percent: 10, commission: -5000 })]);

    const payouts = await svc.get(`/v1/commission/payouts?month=${month(2)}`);
    expect(payouts.status).toBe(200);
    expect(payouts.body.closed).toBeNull();
    expect(payouts.body.payouts).toEqual(expect.arrayContaining([{ reseller: rs('cr-a'), currency: 'SEK', commission: 0, adjustments: 0, credits: -10000, payout: -10000 }]));
    const csv = await svc.request('GET', `/v1/commission/payouts?month=${month(2)}`, { headers: { accept: 'text/csv' } });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const rows = String(csv.body).trimEnd().split('\r\n');
    expect(rows[0]).toBe('reseller,currency,commission,adjustments,credits,payout,month,status');
    expect(rows).toContain(`${rs('cr-a')},SEK,0,0,-10000,-10000,${month(2)},open`);
  });

  it('refuses more than is left, another organization or currency, and an unknown invoice, writing nothing; a resend is the same credit', async () => {
    const sale = await invoice(org('left'), 1000, mid(month(0)));
    const first = await invoice(org('left'), 600, mid(month(0)), sale.id);
    expect(first.status).toBe(201);
    const again = await svc.post('/v1/invoices', { id: first.id, organization: org('left'), amount: 600, currency: 'SEK', issuedAt: mid(month(0)), creditFor: sale.id });
    expect(again.status).toBe(200);
    const over = await invoice(org('left'), 401, mid(month(0)), sale.id);
    expect(over.status).toBe(409);
    expect(over.body.error).toMatchObject({ code: 'credit_exceeds_invoice' });
    expect(over.body.error.message).toMatch(/400/);
    const otherOrg = await invoice(org('elsewhere'), 1, mid(month(0)), sale.id);
    expect(otherOrg.status).toBe(400);
    const eur = await svc.post('/v1/invoices', { id: id('eur-credit'), organization: org('left'), amount: 1, currency: 'EUR', issuedAt: mid(month(0)), creditFor: sale.id });
    expect(eur.status).toBe(400);
    const unknown = await invoice(org('left'), 1, mid(month(0)), id('no-such-invoice'));
    expect(unknown.status).toBe(409);
    expect(unknown.body.error.code).toBe('unknown_invoice');
    const before = await invoice(org('left'), 1, '2020-01-01T00:00:00Z', sale.id);
    expect(before.status).toBe(400);
    const listed = await svc.get(`/v1/invoices?organization=${org('left')}`);
    expect(listed.body.invoices.map((i: any) => i.id)).toEqual([sale.id, first.id]);
    expect((await svc.get(`/v1/invoices?organization=${org('elsewhere')}`)).body.invoices).toEqual([]);
  });
});

describe('closing a month', () => {
  // Months of 2003 are this file's own: nothing else in the suite records anything then.
  it('needs the admin scope, and refuses a month that has not ended', async () => {
    const write = await svc.post('/v1/commission/months/2003-01/close', {}, svc.token('write', 'writer'));
    expect(write.status).toBe(403);
    const open = await svc.post(`/v1/commission/months/${month(0)}/close`, {});
    expect(open.status).toBe(409);
    expect(open.body.error.code).toBe('month_not_ended');
    expect((await svc.post('/v1/commission/months/2003-1/close', {})).status).toBe(400);
  });

  it('freezes every statement once, answers it byte for byte after plans change, and refuses a plan starting in it', async () => {
    await plan('frozen', 10, '2003-01');
    const first = await svc.post('/v1/commission/months/2003-02/close', {});
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ month: '2003-02', closed: { by: 'test-admin' } });
    expect(first.body.statements).toBeGreaterThanOrEqual(1);
    const again = await svc.post('/v1/commission/months/2003-02/close', {});
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const raw = async () => (await fetch(`${svc.url}/v1/resellers/${id('frozen')}/commission?month=2003-02`, { headers: { authorization: `Bearer ${await svc.token('read', 'reader')}` } })).text();
    const frozen = await raw();
    expect(JSON.parse(frozen)).toMatchObject({ month: '2003-02', percent: 10, closed: { at: first.body.closed.at, by: 'test-admin', hash: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    const refused = await plan('frozen', 40, '2003-02');
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('month_closed');
    expect((await plan('frozen', 30, '2003-01')).status).toBe(200);
    expect((await statement('frozen', '2003-01')).body.percent).toBe(30);
    expect((await statement('frozen', '2003-03')).body.percent).toBe(30);
    expect(await raw()).toBe(frozen);
    const payouts = await svc.get('/v1/commission/payouts?month=2003-02');
    expect(payouts.body.closed).toEqual(first.body.closed);
    expect(payouts.body.payouts).toContainEqual({ reseller: rs('frozen'), currency: 'SEK', commission: 0, adjustments: 0, credits: 0, payout: 0 });
    expect((await svc.get(`/v1/resellers/${id('frozen')}/commission-plans`)).body.plans.map((p: any) => p.tiers[0].percent)).toEqual([10, 30]);
  });
});
