/**
 * Invoices through the HTTP API against the real Neo4j: recorded once per id (the same body again
 * is a 200, a different body a 409), validated, and listed by organization and UTC month.
 */
import { startTestService, uid, type TestService } from '../fixtures/harness';

let svc: TestService;
const run = uid('inv');
const id = (name: string) => `${name}.${run}`;

beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => {
  await svc?.stop();
});

const invoice = (over: Record<string, unknown> = {}) => ({
  id: id('f-1'),
  organization: `organization:${id('acme')}`,
  amount: 125000,
  currency: 'SEK',
  issuedAt: '2025-03-14T09:30:00Z',
  ...over,
});

describe('invoices', () => {
  it('records an invoice with 201, normalising issuedAt to UTC, and makes its organization known', async () => {
    const res = await svc.post('/v1/invoices', invoice());
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: id('f-1'), organization: `organization:${id('acme')}`, amount: 125000, currency: 'SEK', issuedAt: '2025-03-14T09:30:00.000Z', recordedBy: 'test-admin' });
    expect((await svc.get(`/v1/organizations/${id('acme')}`)).status).toBe(200);
  });

  it('answers 200 with the stored invoice when the same invoice is sent again, even in another time zone notation', async () => {
    const first = await svc.post('/v1/invoices', invoice({ id: id('f-2') }));
    const again = await svc.post('/v1/invoices', invoice({ id: id('f-2'), issuedAt: '2025-03-14T10:30:00+01:00' }));
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
  });

  it('answers 409 invoice_conflict when another invoice comes under a taken id, and keeps the first', async () => {
    await svc.post('/v1/invoices', invoice({ id: id('f-3') }));
    const other = await svc.post('/v1/invoices', invoice({ id: id('f-3'), amount: 125001 }));
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('invoice_conflict');
    const list = await svc.get(`/v1/invoices?organization=organization:${id('acme')}&month=2025-03`);
    expect(list.body.invoices.find((i: { id: string }) => i.id === id('f-3')).amount).toBe(125000);
  });

  it('records the same id once when it is sent twice at the same moment', async () => {
    const [a, b] = await Promise.all([svc.post('/v1/invoices', invoice({ id: id('f-race') })), svc.post('/v1/invoices', invoice({ id: id('f-race') }))]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
  });

  it.each([
    [{ amount: 12.5 }, /amount/],
    [{ amount: -1 }, /amount/],
    [{ currency: 'kr' }, /ISO 4217/],
    [{ issuedAt: '2025-03-14 09:30' }, /issuedAt/],
    [{ issuedAt: '2025-03-14T09:30:00' }, /with a zone/],
    [{ organization: 'reseller:x' }, /organization/],
    [{ id: 'bad id' }, /id must match/],
  ])('refuses %p with a 400 saying what is allowed', async (over, message) => {
    const res = await svc.post('/v1/invoices', invoice({ id: id('bad'), ...over }));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });

  it('lists an organization month by month in issue order, with a cursor', async () => {
    const org = `organization:${id('monthly')}`;
    const times = ['2025-04-30T23:59:59.999Z', '2025-04-01T00:00:00Z', '2025-05-01T00:00:00Z', '2025-03-31T23:59:59Z', '2025-04-15T12:00:00+02:00'];
    for (const [i, issuedAt] of times.entries()) {
      expect((await svc.post('/v1/invoices', invoice({ id: id(`m-${i}`), organization: org, issuedAt }))).status).toBe(201);
    }
    const first = await svc.get(`/v1/invoices?organization=${org}&month=2025-04&limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.invoices.map((i: { id: string }) => i.id)).toEqual([id('m-1'), id('m-4')]);
    const second = await svc.get(`/v1/invoices?organization=${org}&month=2025-04&limit=2&cursor=${first.body.cursor}`);
    expect(second.body.invoices.map((i: { id: string }) => i.id)).toEqual([id('m-0')]);
    expect(second.body.cursor).toBeNull();
  });

  it('refuses a malformed month and needs the write scope to record', async () => {
    expect((await svc.get('/v1/invoices?month=2025-4')).status).toBe(400);
    expect((await svc.post('/v1/invoices', invoice({ id: id('scoped') }), svc.token('read', 'reader'))).status).toBe(403);
    expect((await svc.get('/v1/invoices?month=2025-04', svc.token('read', 'reader'))).status).toBe(200);
  });
});
