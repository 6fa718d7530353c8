/**
 * Users, organizations and resellers through the HTTP API against the real Neo4j and OpenFGA:
 * attributes, bare nodes made by tuples, listing with cursors, and DELETE removing the entity's
 * tuples from both stores through the one write path.
 */
import { Neo4jEntityStore } from '../../src/storage/neo4j/entity-store';
import type { Neo4jExecutor } from '../../src/storage/neo4j/executor';
import { connectTestNeo4j, startTestService, T, uid, type TestService } from '../fixtures/harness';

let svc: TestService;
let db: Neo4jExecutor;
const run = uid('ent');
const id = (name: string) => `${name}.${run}`;

beforeAll(async () => {
  svc = await startTestService();
  db = await connectTestNeo4j();
});
afterAll(async () => {
  await svc?.stop();
  await db?.close();
});

const put = (path: string, body: unknown, token?: string) => svc.request('PUT', path, { body: JSON.stringify(body), token });
const del = (path: string, token?: string) => svc.request('DELETE', path, { token });

describe('entities', () => {
  it('creates a user with 201, reads it back, and answers 200 when the same PUT replaces it', async () => {
    const created = await put(`/v1/users/${id('anna')}`, { name: 'Anna Andersson', email: 'anna@example.se' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ type: 'user', id: id('anna'), name: 'Anna Andersson', email: 'anna@example.se' });
    const again = await put(`/v1/users/${id('anna')}`, { name: 'Anna A.' });
    expect(again.status).toBe(200);
    const read = await svc.get(`/v1/users/${id('anna')}`);
    expect(read.status).toBe(200);
    expect(read.body.name).toBe('Anna A.');
    expect(read.body).not.toHaveProperty('email');
  });

  it('answers 404 unknown_entity for an entity that was never written', async () => {
    const res = await svc.get(`/v1/organizations/${id('nobody')}`);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('unknown_entity');
  });

  it('treats a node made by a tuple as existing, and lets a PUT give it attributes', async () => {
    await svc.post('/v1/tuples', { writes: [T(`user:${id('bare')}`, 'member', `organization:${id('bare-org')}`)] });
    const bare = await svc.get(`/v1/organizations/${id('bare-org')}`);
    expect(bare.status).toBe(200);
    expect(bare.body).not.toHaveProperty('name');
    const named = await put(`/v1/organizations/${id('bare-org')}`, { name: 'Bare AB' });
    expect(named.status).toBe(200);
    expect(named.body.createdAt).toBe(bare.body.createdAt);
    const tuples = await svc.get(`/v1/tuples?object=organization:${id('bare-org')}`);
    expect(tuples.body.tuples).toHaveLength(1);
  });

  it('refuses a bad id, a long name, a bad email and attributes of another type with 400s naming them', async () => {
    const badId = await put(`/v1/users/${encodeURIComponent('-bad id')}`, { name: 'x' });
    expect(badId.status).toBe(400);
    expect(badId.body.error.message).toMatch(/id must match/);
    const long = await put(`/v1/users/${id('long')}`, { name: 'x'.repeat(201) });
    expect(long.status).toBe(400);
    expect(long.body.error.message).toMatch(/name/);
    const email = await put(`/v1/users/${id('mail')}`, { email: 'not-an-email' });
    expect(email.status).toBe(400);
    expect(email.body.error.message).toMatch(/email/);
    const longLocal = await put(`/v1/users/${id('mail2')}`, { email: `${'a'.repeat(65)}@example.se` });
    expect(longLocal.status).toBe(400);
    expect(longLocal.body.error.message).toMatch(/64 characters/);
    const other = await put(`/v1/organizations/${id('o')}`, { email: 'a@b.se' });
    expect(other.status).toBe(400);
    expect(other.body.error.message).toMatch(/email/);
  });

  it('lists entities of one type in id order, page by page, without deleted ones', async () => {
    // ids starting with a digit sort before the letter-led ids other tests write, so the first pages hold them
    const prefix = `0list-${run}-`;
    const ids = ['c', 'a', 'e', 'b', 'd'].map((n) => prefix + n);
    for (const r of ids) expect((await put(`/v1/resellers/${r}`, { name: r })).status).toBe(201);
    expect((await del(`/v1/resellers/${prefix}d`)).status).toBe(200);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: { resellers: Array<{ id: string }>; cursor: string | null } } = await svc.get(`/v1/resellers?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.resellers.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.resellers.map((r) => r.id));
      cursor = res.body.cursor;
    } while (cursor && seen[seen.length - 1] < `${prefix}z`);
    expect(seen.filter((s) => s.startsWith(prefix))).toEqual([`${prefix}a`, `${prefix}b`, `${prefix}c`, `${prefix}e`]);
    expect([...seen].sort()).toEqual(seen);
  });

  it('deletes an entity and its tuples in both directions from Neo4j and OpenFGA, keeping the history', async () => {
    const rs = `reseller:${id('gone')}`;
    const org = `organization:${id('gone-kund')}`;
    const user = `user:${id('gone-admin')}`;
    await put(`/v1/resellers/${id('gone')}`, { name: 'Gone AB' });
    await svc.post('/v1/tuples', { writes: [T(user, 'admin', rs), T(rs, 'reseller', org), T(`reseller:${id('gone-parent')}`, 'parent', rs)] });
    expect((await svc.post('/v1/check', { user, relation: 'can_manage', object: org })).body.allowed).toBe(true);

    const res = await del(`/v1/resellers/${id('gone')}`);
    expect([200, 202]).toContain(res.status); // 202: OpenFGA lagged; the check below waits for the revision
    expect(res.body).toMatchObject({ type: 'reseller', id: id('gone'), deleted: true, tuplesDeleted: 3 });
    expect(res.body.revision).toMatch(/^\d+$/);

    const check = await svc.post('/v1/check', { user, relation: 'can_manage', object: org, consistency: { atLeast: res.body.revision } });
    expect(check.body.allowed).toBe(false);
    expect((await svc.get(`/v1/tuples?object=${rs}`)).body.tuples).toEqual([]);
    expect((await svc.get(`/v1/tuples?user=${rs}`)).body.tuples).toEqual([]);
    expect((await svc.get(`/v1/resellers/${id('gone')}`)).status).toBe(404);
    expect((await del(`/v1/resellers/${id('gone')}`)).status).toBe(404);
    // the user at the other end of a deleted tuple is untouched
    expect((await svc.get(`/v1/users/${id('gone-admin')}`)).status).toBe(200);
  });

  it('revives a deleted entity with a later PUT', async () => {
    await put(`/v1/users/${id('phoenix')}`, { name: 'Phoenix' });
    const gone = await del(`/v1/users/${id('phoenix')}`);
    expect(gone.body).toMatchObject({ deleted: true, tuplesDeleted: 0 });
    expect(gone.body.revision).toMatch(/^\d+$/);
    const back = await put(`/v1/users/${id('phoenix')}`, { name: 'Phoenix II' });
    expect(back.status).toBe(201);
    expect((await svc.get(`/v1/users/${id('phoenix')}`)).body.name).toBe('Phoenix II');
  });

  it('brings a deleted entity back when a new tuple names it, since a live tuple says it exists', async () => {
    await put(`/v1/organizations/${id('lazarus')}`, { name: 'Lazarus AB' });
    expect((await del(`/v1/organizations/${id('lazarus')}`)).status).toBeLessThan(300);
    expect((await svc.get(`/v1/organizations/${id('lazarus')}`)).status).toBe(404);
    const w = await svc.post('/v1/tuples', { writes: [{ user: `user:${id('lars')}`, relation: 'member', object: `organization:${id('lazarus')}` }] });
    expect([200, 202]).toContain(w.status);
    expect((await svc.get(`/v1/organizations/${id('lazarus')}`)).status).toBe(200);
  });

  it('does not mark an entity deleted while a live tuple still names it', async () => {
    const org = `organization:${id('named')}`;
    await put(`/v1/organizations/${id('named')}`, { name: 'Named AB' });
    await svc.post('/v1/tuples', { writes: [T(`user:${id('namer')}`, 'member', org)] });
    const entities = new Neo4jEntityStore(db);
    expect(await entities.markDeleted('organization', id('named'), { actor: 'test', requestId: 'r', at: new Date() })).toBe(false);
    expect((await svc.get(`/v1/organizations/${id('named')}`)).status).toBe(200);
  });

  it('deletes more than one write of tuples (over 1000) in chunks', async () => {
    const org = `organization:${id('big')}`;
    const writes = Array.from({ length: 1000 }, (_, i) => T(`user:${id(`m${i}`)}`, 'member', org));
    // 202 only means OpenFGA had not caught up within the bound; this test is about Neo4j's side
    expect([200, 202]).toContain((await svc.post('/v1/tuples', { writes })).status);
    expect([200, 202]).toContain((await svc.post('/v1/tuples', { writes: Array.from({ length: 5 }, (_, i) => T(`user:${id(`n${i}`)}`, 'member', org)) })).status);
    const res = await del(`/v1/organizations/${id('big')}`);
    expect([200, 202]).toContain(res.status);
    expect(res.body.tuplesDeleted).toBe(1005);
    expect((await svc.get(`/v1/tuples?object=${org}&limit=10`)).body.tuples).toEqual([]);
  }, 120_000);

  it('needs the write scope to PUT or DELETE and the read scope to GET', async () => {
    const reader = await svc.token('read', 'reader');
    expect((await put(`/v1/users/${id('scoped')}`, { name: 'x' }, reader)).status).toBe(403);
    expect((await put(`/v1/users/${id('scoped')}`, { name: 'x' }, await svc.token('write', 'writer'))).status).toBe(201);
    expect((await del(`/v1/users/${id('scoped')}`, reader)).status).toBe(403);
    expect((await svc.get(`/v1/users/${id('scoped')}`, await svc.token('check', 'checker'))).status).toBe(403);
    expect((await svc.get(`/v1/users/${id('scoped')}`, reader)).status).toBe(200);
  });
});
