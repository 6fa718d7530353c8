/**
 * Closing months honestly on the real stack: a past of several months built through the bulk import
 * (links with since/until), plans from the first month, invoices in it, months closed after they
 * ended; frozen statements answered byte for byte while plans, links and invoices change; a late
 * invoice paid once as an adjustment in the first open month (also when months close out of order);
 * a credit note taken back at the credited month's rate; the payout report of a closed month.
 * The months of 2001 are this file's own: nothing else in the suite records anything then.
 */
import { startTestService, uid, type TestService } from '../fixtures/harness';

let svc: TestService;
const run = uid('close');
const id = (name: string) => `${name}.${run}`;
const A = id('a'), B = id('b');
const org1 = `organization:${id('o1')}`, org2 = `organization:${id('o2')}`;
const link = (reseller: string, organization: string, since: string, until?: string) => ({ user: `reseller:${reseller}`, relation: 'reseller', object: organization, since, until });

beforeAll(async () => {
  svc = await startTestService();
  const lines = [
    link(A, org1, '2000-12-01T00:00:00Z'),
    link(B, org1, '2001-02-10T00:00:00Z', '2001-04-01T00:00:00Z'),
    link(A, org2, '2001-01-05T00:00:00Z', '2001-03-01T00:00:00Z'),
  ].map((l) => JSON.stringify(l));
  const imported = await svc.request('POST', '/v1/tuples/import', { body: lines.join('\n'), headers: { 'content-type': 'application/x-ndjson' } });
  expect([200, 202]).toContain(imported.status);
  expect(imported.body.written).toBe(3);
  for (const [r, tiers] of [[A, [{ from: 0, percent: 10 }, { from: 150000, percent: 20 }]], [B, [{ from: 0, percent: 20 }]]] as const) {
    expect((await svc.request('PUT', `/v1/resellers/${r}`, { body: JSON.stringify({ commission: { currency: 'SEK', tiers, effectiveFrom: '2001-01' } }) })).status).toBe(200); // the import made its node
  }
});
afterAll(async () => {
  await svc?.stop();
});

let n = 0;
async function invoice(organization: string, amount: number, issuedAt: string, creditFor?: string): Promise<string> {
  const body = { id: id(`inv-${(n += 1)}`), organization, amount, currency: 'SEK', issuedAt, creditFor };
  expect((await svc.post('/v1/invoices', body)).status).toBe(201);
  return body.id;
}
const statement = async (r: string, month: string) => (await svc.get(`/v1/resellers/${r}/commission?month=${month}`)).body;
const raw = async (r: string, month: string) => (await fetch(`${svc.url}/v1/resellers/${r}/commission?month=${month}`, { headers: { authorization: `Bearer ${await svc.token('read', 'reader')}` } })).text();
const close = (month: string) => svc.post(`/v1/commission/months/${month}/close`, {});

it('closes past months, pays a late invoice and a credit note once in the first open month, and never changes a closed statement', async () => {
  const jan = await invoice(org1, 100000, '2001-01-15T10:00:00Z');
  const febShared = await invoice(org1, 100001, '2001-02-20T10:00:00Z');
  await invoice(org2, 100000, '2001-02-01T10:00:00Z');
  const org2March = await invoice(org2, 9999, '2001-03-15T10:00:00Z'); // A's link to org2 ended 2001-03-01, for now
  expect((await close('2001-01')).status).toBe(201);
  expect((await close('2001-02')).status).toBe(201);

  const febA = await statement(A, '2001-02');
  expect(febA).toMatchObject({ total: 150001, percent: 20, commission: 30000, payout: 30000, closed: { by: 'test-admin' } });
  expect(febA.lines.find((l: any) => l.invoice === febShared)).toMatchObject({ share: 50001, sharedWith: [`reseller:${B}`] });
  expect(await statement(B, '2001-02')).toMatchObject({ total: 50000, percent: 20, commission: 10000 });
  const frozenA = await raw(A, '2001-02');
  const frozenB = await raw(B, '2001-02');

  // Everything that could change February happens now: a late February invoice, a credit, a new plan, a new link.
  const late = await invoice(org1, 3001, '2001-02-25T10:00:00Z');
  const credit = await invoice(org1, 5003, '2001-03-05T10:00:00Z', jan);
  const march = await invoice(org1, 20000, '2001-03-10T10:00:00Z');
  expect((await svc.request('PUT', `/v1/resellers/${A}`, { body: JSON.stringify({ commission: { currency: 'SEK', tiers: [{ from: 0, percent: 50 }], effectiveFrom: '2001-02' } }) })).status).toBe(409);
  expect((await svc.request('PUT', `/v1/resellers/${A}`, { body: JSON.stringify({ commission: { currency: 'SEK', tiers: [{ from: 0, percent: 10 }], effectiveFrom: '2001-03' } }) })).status).toBe(200);
  const more = await svc.request('POST', '/v1/tuples/import', { body: JSON.stringify(link(A, org2, '2001-03-02T00:00:00Z', '2001-03-20T00:00:00Z')), headers: { 'content-type': 'application/x-ndjson' } });
  expect([200, 202]).toContain(more.status);
  expect(await raw(A, '2001-02')).toBe(frozenA);
  expect(await raw(B, '2001-02')).toBe(frozenB);

  const marA = await statement(A, '2001-03');
  // The link imported just now (2001-03-02 to 03-20) makes org2's March invoice count: March is open.
  expect(marA.lines.map((l: any) => [l.invoice, l.share])).toEqual([[march, 10000], [org2March, 9999]]);
  expect(marA).toMatchObject({ plan: { effectiveFrom: '2001-03' }, total: 19999, percent: 10, commission: 2000, payout: 1800 });
  expect(marA.adjustments).toEqual([{ invoice: late, originalMonth: '2001-02', organization: org1, issuedAt: '2001-02-25T10:00:00.000Z', share: 1501, percent: 20, commission: 300 }]);
  expect(marA.credits).toEqual([{ invoice: credit, creditFor: jan, originalMonth: '2001-01', organization: org1, issuedAt: '2001-03-05T10:00:00.000Z', share: 5003, percent: 10, commission: -500 }]);
  expect((await statement(B, '2001-03')).adjustments).toEqual([expect.objectContaining({ invoice: late, share: 1500, percent: 20, commission: 300 })]);

  expect((await close('2001-03')).status).toBe(201);
  const payouts = await svc.get('/v1/commission/payouts?month=2001-03');
  expect(payouts.body.closed).toMatchObject({ by: 'test-admin' });
  const mine = payouts.body.payouts.filter((p: any) => [`reseller:${A}`, `reseller:${B}`].includes(p.reseller));
  expect(mine).toEqual([
    { reseller: `reseller:${A}`, currency: 'SEK', commission: 2000, adjustments: 300, credits: -500, payout: 1800 },
    { reseller: `reseller:${B}`, currency: 'SEK', commission: 2000, adjustments: 300, credits: 0, payout: 2300 },
  ]);
  expect(await statement(A, '2001-04')).toMatchObject({ adjustments: [], credits: [], closed: null });
});

it('pays an invoice of a month closed out of order in the first open month after it, once', async () => {
  expect((await close('2001-05')).status).toBe(201);
  expect((await close('2001-04')).status).toBe(201);
  const late = await invoice(org1, 1000, '2001-04-10T10:00:00Z'); // B's link ended 2001-04-01: A alone
  expect((await statement(A, '2001-05')).adjustments).toEqual([]);
  const june = await statement(A, '2001-06');
  expect(june.adjustments).toEqual([expect.objectContaining({ invoice: late, originalMonth: '2001-04', share: 1000, percent: 10, commission: 100 })]);
  expect((await close('2001-06')).status).toBe(201);
  expect((await statement(A, '2001-07')).adjustments).toEqual([]);
});
