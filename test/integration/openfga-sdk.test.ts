/**
 * The OpenFGA-compatible surface through the official JavaScript SDK (@openfga/sdk's OpenFgaClient,
 * made by examples/openfga-sdk.ts from the URL, the store id and a bearer token only): a scenario of
 * writes, checks, batch checks, lists, paged reads, changes and model reads, each answer compared
 * with what /v1 says on the same data; bad input surfaces as the SDK's own error types.
 */
import { FgaApiAuthenticationError, FgaApiNotFoundError, FgaApiValidationError, FgaValidationError, type OpenFgaClient } from '@openfga/sdk';
import { connect, linkReseller } from '../../examples/openfga-sdk';
import { startTestService, T, uid, type TestService } from '../fixtures/harness';

let svc: TestService;
let fga: OpenFgaClient;
let storeId: string;
const run = uid('sdk');
const [anna, bo, erik, gun, ivar] = ['anna', 'bo', 'erik', 'gun', 'ivar'].map((n) => `user:${n}-${run}`);
const [acme, kund, other] = ['acme', 'kund', 'other'].map((n) => `organization:${n}-${run}`);
const [byra, dist] = ['byra', 'dist'].map((n) => `reseller:${n}-${run}`);
const USERS = [anna, bo, erik, gun, ivar];
const OBJECTS = [acme, kund, other, byra, dist];
const TUPLES = [
  T(anna, 'owner', acme),
  T(bo, 'member', acme),
  T(bo, 'member', other),
  T(byra, 'reseller', kund),
  T(erik, 'admin', byra),
  T(gun, 'member', byra),
  T(dist, 'parent', byra),
  T(ivar, 'admin', dist),
];
const written = [...TUPLES];

beforeAll(async () => {
  svc = await startTestService();
  storeId = svc.service.engine.currentStoreId!;
  fga = connect(svc.url, storeId, await svc.token('admin', 'sdk-app'));
});
afterAll(async () => {
  await svc?.post('/v1/tuples', { deletes: written });
  await svc?.stop();
});

const relationsOf = (object: string) => svc.service.model.relationsOf(object.slice(0, object.indexOf(':')));
const everyQuestion = () => USERS.flatMap((user) => OBJECTS.flatMap((object) => relationsOf(object).map((relation) => ({ user, relation, object }))));

/** v1All pages a /v1 listing to its end. */
async function v1All(path: string, body: Record<string, unknown>, field: string): Promise<string[]> {
  const out: string[] = [];
  let cursor: string | undefined;
  do {
    const res = await svc.post(path, { ...body, limit: 7, cursor });
    expect(res.status).toBe(200);
    out.push(...res.body[field]);
    cursor = res.body.cursor ?? undefined;
  } while (cursor);
  return out;
}

describe('the official JavaScript SDK', () => {
  it('finds the store and the model the service uses', async () => {
    const { stores } = await fga.listStores();
    expect(stores.map((s) => s.id)).toEqual([storeId]);
    expect((await fga.getStore()).id).toBe(storeId);
    const latest = await fga.readLatestAuthorizationModel();
    expect(latest.authorization_model?.type_definitions.map((t) => t.type).sort()).toEqual([...svc.service.model.types].sort());
    const byId = await fga.readAuthorizationModel({ authorizationModelId: latest.authorization_model!.id });
    expect(byId.authorization_model?.id).toBe(svc.service.engine.ids().modelId);
  });

  it('writes through Neo4j, and a duplicate write or a missing delete fails as OpenFGA fails it unless told to ignore', async () => {
    const res = await fga.write({ writes: TUPLES });
    expect(res.writes.map((w) => w.status)).toEqual(TUPLES.map(() => 'success'));
    const v1 = await svc.get(`/v1/tuples?object=${encodeURIComponent(acme)}`);
    expect(v1.body.tuples.map((t: { user: string; writtenBy: string }) => [t.user, t.writtenBy])).toEqual([[bo, 'sdk-app'], [anna, 'sdk-app']]);
    const duplicate = await fga.write({ writes: [TUPLES[0]] }).catch((e: unknown) => e);
    expect(duplicate).toBeInstanceOf(FgaApiValidationError);
    expect((duplicate as FgaApiValidationError).apiErrorCode).toBe('write_failed_due_to_invalid_input');
    await expect(fga.write({ writes: [TUPLES[0]] }, { conflict: { onDuplicateWrites: 'ignore' as never } })).resolves.toBeDefined();
    const missing = await fga.deleteTuples([T(anna, 'member', other)]).catch((e: unknown) => e);
    expect((missing as FgaApiValidationError).apiErrorCode).toBe('write_failed_due_to_invalid_input');
    await expect(fga.deleteTuples([T(anna, 'member', other)], { conflict: { onMissingDeletes: 'ignore' as never } })).resolves.toBeDefined();
  });

  it('acknowledges a write as POST /v1/tuples does: {} with the revision in Partnergraph-Revision, readable at once', async () => {
    const t = T(ivar, 'member', acme);
    const res = await svc.post(`/stores/${storeId}/write`, { writes: { tuple_keys: [t] } });
    written.push(t);
    expect([res.status, res.body, res.headers.get('partnergraph-revision')]).toEqual([200, {}, expect.stringMatching(/^\d+$/)]);
    const atLeast = res.headers.get('partnergraph-revision')!;
    expect((await svc.post('/v1/check', { user: ivar, relation: 'can_view', object: acme, consistency: { atLeast } })).body.allowed).toBe(true);
    expect((await fga.check({ user: ivar, relation: 'can_view', object: acme }, { consistency: 'HIGHER_CONSISTENCY' as never })).allowed).toBe(true);
    const feed = await svc.get(`/v1/changes?after=${Number(atLeast) - 1}&limit=5`);
    expect(feed.body.changes[0]).toMatchObject({ op: 'write', tuple: t, revision: atLeast, actor: 'test-admin' });
    await svc.post(`/stores/${storeId}/write`, { deletes: { tuple_keys: [t] } });
  });

  it('answers every check of the scenario as /v1/check does, one by one and in batches of 50', async () => {
    const questions = everyQuestion();
    const ours = await Promise.all(questions.map(async (q) => (await svc.post('/v1/check', q)).body.allowed as boolean));
    const theirs = await Promise.all(questions.map(async (q) => (await fga.check(q)).allowed));
    expect(theirs).toEqual(ours);
    const batch = await fga.batchCheck({ checks: questions.map((q, i) => ({ ...q, correlationId: `q-${i}` })) });
    // The SDK sends chunks of 50 at once and lists results as the chunks come back: match them by correlation id.
    expect(batch.result).toHaveLength(questions.length);
    expect(Object.fromEntries(batch.result.map((r) => [r.correlationId, r.allowed]))).toEqual(Object.fromEntries(questions.map((_, i) => [`q-${i}`, ours[i]])));
    expect(ours.filter(Boolean).length).toBeGreaterThan(5);
    expect(ours.filter((a) => !a).length).toBeGreaterThan(5);
  });

  it('counts contextual tuples for the one check that brings them, as the example shows', async () => {
    const question = { user: gun, relation: 'can_view', object: other };
    expect((await fga.check({ ...question, contextualTuples: [T(byra, 'reseller', other)], context: { channel: 'portal' } })).allowed).toBe(true);
    expect((await fga.check(question)).allowed).toBe(false);
    expect(await linkReseller(fga, dist, other, ivar)).toBe(true);
    written.push(T(dist, 'reseller', other));
    expect((await svc.post('/v1/check', { user: ivar, relation: 'can_manage', object: other })).body.allowed).toBe(true);
  });

  it('lists objects and users completely, as /v1 lists them', async () => {
    for (const user of USERS) {
      for (const relation of ['can_view', 'can_manage']) {
        const { objects } = await fga.listObjects({ user, relation, type: 'organization' });
        expect([user, relation, [...objects].sort()]).toEqual([user, relation, await v1All('/v1/list-objects', { user, relation, type: 'organization' }, 'objects')]);
      }
    }
    for (const object of OBJECTS) {
      const { users } = await fga.listUsers({ object: { type: object.split(':')[0], id: object.split(':')[1] }, relation: 'can_view', user_filters: [{ type: 'user' }] });
      const theirs = users.map((u) => `${u.object!.type}:${u.object!.id}`).sort();
      expect([object, theirs]).toEqual([object, await v1All('/v1/list-users', { object, relation: 'can_view', userType: 'user' }, 'users')]);
    }
  });

  it('reads tuples page by page to the end, by object and by object type with a user, as /v1/tuples lists them', async () => {
    const pages: string[][] = [];
    let token: string | undefined;
    do {
      const page = await fga.read({ object: acme }, { pageSize: 1, continuationToken: token });
      pages.push(page.tuples.map((t) => `${t.key.user} ${t.key.relation}`));
      token = page.continuation_token || undefined;
    } while (token && pages.length < 10);
    expect(pages).toEqual([[`${bo} member`], [`${anna} owner`]]);
    const byType = await fga.read({ user: bo, object: 'organization:' });
    expect(byType.tuples.map((t) => t.key.object)).toEqual([acme, other]);
    const v1 = await svc.get(`/v1/tuples?user=${encodeURIComponent(bo)}`);
    expect(v1.body.tuples.map((t: { object: string }) => t.object)).toEqual([acme, other]);
  });

  it('reads the change feed by type from a start time, in order, and polls on from the last token', async () => {
    type Change = { tuple_key: { user: string; relation: string; object: string }; operation: string };
    const mine = (changes: Change[]) => changes.filter((c) => c.tuple_key.object.includes(run));
    const seen: Change[] = [];
    let token: string | undefined;
    let last = '';
    for (let pages = 0; pages < 1000; pages++) {
      const page = await fga.readChanges({ type: 'reseller', startTime: new Date(Date.now() - 3600_000).toISOString() }, { pageSize: 100, continuationToken: token });
      seen.push(...mine(page.changes as never));
      last = page.continuation_token ?? '';
      if (page.changes.length === 0) break;
      token = page.continuation_token;
    }
    expect(seen.map((c) => `${c.operation} ${c.tuple_key.user} ${c.tuple_key.relation}`)).toEqual([
      `TUPLE_OPERATION_WRITE ${erik} admin`, `TUPLE_OPERATION_WRITE ${gun} member`, `TUPLE_OPERATION_WRITE ${dist} parent`, `TUPLE_OPERATION_WRITE ${ivar} admin`,
    ]);
    expect(last).not.toBe('');
    await fga.write({ deletes: [T(gun, 'member', byra)] });
    written.push(T(gun, 'member', byra));
    const next = await fga.readChanges({ type: 'reseller' }, { continuationToken: last });
    expect(mine(next.changes as never).map((c) => `${c.operation} ${c.tuple_key.user}`)).toEqual([`TUPLE_OPERATION_DELETE ${gun}`]);
    await fga.write({ writes: [T(gun, 'member', byra)] });
  });

  it('expands a relation one level as OpenFGA does', async () => {
    const { tree } = await fga.expand({ relation: 'member', object: byra });
    const nodes = (tree?.root?.union?.nodes ?? []).map((n) => n.leaf);
    expect(nodes[0]?.users?.users).toEqual([gun]);
    expect(nodes[1]?.computed?.userset).toBe(`${byra}#admin`);
    expect(nodes[2]?.tupleToUserset?.computed).toEqual([{ userset: `${dist}#member` }]);
  });

  it("surfaces bad input as the SDK's own error types, with OpenFGA's codes", async () => {
    const unknownRelation = await fga.check({ user: anna, relation: 'can_fly', object: acme }).catch((e: unknown) => e);
    expect(unknownRelation).toBeInstanceOf(FgaApiValidationError);
    expect((unknownRelation as FgaApiValidationError).apiErrorCode).toBe('validation_error');
    const unknownStore = await fga.check({ user: anna, relation: 'can_view', object: acme }, { storeId: '01ARZ3NDEKTSV4RRFFQ69G5FAV' }).catch((e: unknown) => e);
    expect(unknownStore).toBeInstanceOf(FgaApiNotFoundError);
    expect((unknownStore as FgaApiNotFoundError).apiErrorCode).toBe('store_id_not_found');
    await expect(fga.check({ user: anna, relation: 'can_view', object: acme }, { storeId: 'not-a-store' })).rejects.toBeInstanceOf(FgaValidationError);
    const model = await fga.writeAuthorizationModel({ schema_version: '1.1', type_definitions: [{ type: 'user' }] }).catch((e: unknown) => e);
    expect([model instanceof FgaApiAuthenticationError, (model as FgaApiAuthenticationError).apiErrorCode]).toEqual([true, 'forbidden']);
    const tooMany = await fga.write({ writes: Array.from({ length: 101 }, (_, i) => T(`user:x${i}-${run}`, 'member', acme)) }).catch((e: unknown) => e);
    expect((tooMany as FgaApiValidationError).apiErrorCode).toBe('exceeded_entity_limit');
    const readOnly = connect(svc.url, storeId, await svc.token('check read', 'reader'));
    const denied = await readOnly.write({ writes: [T(anna, 'member', other)] }).catch((e: unknown) => e);
    expect([denied instanceof FgaApiAuthenticationError, (denied as FgaApiAuthenticationError).apiErrorCode]).toEqual([true, 'forbidden']);
    const anonymous = await connect(svc.url, storeId, 'not.a.token').check({ user: anna, relation: 'can_view', object: acme }).catch((e: unknown) => e);
    expect([anonymous instanceof FgaApiAuthenticationError, (anonymous as FgaApiAuthenticationError).apiErrorCode]).toEqual([true, 'unauthenticated']);
  });
});
