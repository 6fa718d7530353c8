/**
 * The change feed over HTTP: ordered, filterable by object or user, paged by cursor.
 */
import { startTestService, T, uid, type Reply, type TestService } from '../fixtures/harness';

let svc: TestService;
const run = uid('changes');
const u = (n: string) => `user:${n}.${run}`;
const org = (n: string) => `organization:${n}.${run}`;
const revisions: string[] = [];

beforeAll(async () => {
  svc = await startTestService();
  const steps = [
    { writes: [T(u('anna'), 'owner', org('acme')), T(u('bo'), 'member', org('acme'))] },
    { writes: [T(u('bo'), 'member', org('other'))] },
    { deletes: [T(u('bo'), 'member', org('acme'))] },
  ];
  for (const [i, body] of steps.entries()) {
    const res = await svc.post('/v1/tuples', body, svc.token('write', `clerk-${i}`));
    expect(res.status).toBe(200);
    revisions.push(res.body.revision);
  }
});
afterAll(async () => {
  await svc?.stop();
});

describe('GET /v1/changes', () => {
  it('shows every change that touched an organization, in order, with its actor', async () => {
    const res = await svc.get(`/v1/changes?object=${encodeURIComponent(org('acme'))}&after=${Number(revisions[0]) - 1}`);
    expect(res.status).toBe(200);
    expect(res.body.changes.map((c: any) => `${c.op} ${c.tuple.user} ${c.tuple.relation} by ${c.actor}`)).toEqual([
      `write ${u('anna')} owner by clerk-0`,
      `write ${u('bo')} member by clerk-0`,
      `delete ${u('bo')} member by clerk-2`,
    ]);
    expect(res.body.changes.map((c: any) => c.revision)).toEqual([revisions[0], revisions[0], revisions[2]]);
    expect(res.body.cursor).toBeNull();
  });

  it('pages a user\'s changes with a cursor, one at a time, without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: Reply = await svc.get(`/v1/changes?user=${encodeURIComponent(u('bo'))}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.changes.map((c: any) => `${c.op} ${c.tuple.object}`));
      cursor = res.body.cursor;
    } while (cursor);
    expect(seen).toEqual([`write ${org('acme')}`, `write ${org('other')}`, `delete ${org('acme')}`]);
  });

  it('refuses a cursor it did not give and needs the audit scope', async () => {
    expect((await svc.get('/v1/changes?cursor=bm9wZQ')).status).toBe(400);
    expect((await svc.get('/v1/changes', svc.token('read'))).status).toBe(403);
  });
});
