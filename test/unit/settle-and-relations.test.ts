/**
 * The use cases grown for surfaces that answer per item: CheckBatchQuery.settle (a refused check
 * keeps its place, the others are answered) and ListRelationsQuery (the relations a user holds on
 * an object, paged), over the in-memory check engine.
 */
import { AuthzModel } from '../../src/domain/authz-model';
import { CheckAccessQuery } from '../../src/domain/check-access';
import { CheckBatchQuery } from '../../src/domain/check-batch';
import { InvalidInputError } from '../../src/domain/errors';
import { ListRelationsQuery } from '../../src/domain/list-relations';
import { SnapshotPages } from '../../src/domain/sorted-page';
import { MemoryEngine } from '../fixtures/memory';

const T = (user: string, relation: string, object: string) => ({ user, relation, object });
const model = AuthzModel.load();
const noWait = { reach: async () => ({ fresh: false }) };

async function engineWith(...tuples: ReturnType<typeof T>[]) {
  const engine = new MemoryEngine();
  await engine.apply(tuples.map((tuple) => ({ op: 'write' as const, tuple })));
  return engine;
}

describe('CheckBatchQuery.settle', () => {
  it('answers the good checks and gives each refused one its error in its place', async () => {
    const engine = await engineWith(T('user:anna', 'owner', 'organization:acme'));
    const batch = new CheckBatchQuery(model, new CheckAccessQuery(model, engine, noWait as never), noWait);
    const outcomes = await batch.settle({
      checks: [
        T('user:anna', 'can_manage', 'organization:acme'),
        T('user:anna', 'can_fly', 'organization:acme'),
        T('user:bo', 'can_view', 'organization:acme'),
        T('user:anna', 'can_view', 'document:readme'),
      ],
    });
    expect(outcomes.map((o) => ('allowed' in o ? o.allowed : o.error.code))).toEqual([true, 'unknown_relation', false, 'unknown_type']);
    expect((outcomes[1] as { error: InvalidInputError }).error.message).toMatch(/^relation "can_fly" is not defined on organization; relations: /);
    expect(engine.checks).toBe(2);
  });

  it('still refuses the whole batch for its size, and execute still refuses it for one bad check, naming its place', async () => {
    const batch = new CheckBatchQuery(model, { execute: async () => ({ allowed: true }) }, noWait);
    await expect(batch.settle({ checks: [] })).rejects.toMatchObject({ code: 'empty_batch' });
    await expect(batch.execute({ checks: [T('user:a', 'can_view', 'organization:x'), T('user:a', 'can_fly', 'organization:x')] })).rejects.toThrow(
      /^checks\[1\]: relation "can_fly" is not defined on organization/,
    );
  });
});

describe('ListRelationsQuery', () => {
  const pages = () => new SnapshotPages({ latestRevision: async () => 1 });

  it("lists, sorted, every relation of the object's type the user holds, and only those", async () => {
    const engine = await engineWith(T('user:anna', 'admin', 'reseller:byra'), T('reseller:byra', 'reseller', 'organization:kund'));
    const checkAccess = new CheckAccessQuery(model, engine, noWait as never);
    const list = new ListRelationsQuery(model, new CheckBatchQuery(model, checkAccess, noWait), pages());
    expect((await list.execute({ user: 'user:anna', object: 'organization:kund', limit: 100 })).items).toEqual(['can_manage', 'can_view']);
    expect((await list.execute({ user: 'user:anna', object: 'reseller:byra', limit: 100 })).items).toEqual(['admin', 'can_manage', 'can_view', 'can_view_commission', 'member']);
    expect((await list.execute({ user: 'reseller:byra', object: 'organization:kund', limit: 100 })).items).toEqual(['reseller']);
    expect((await list.execute({ user: 'user:bo', object: 'organization:kund', limit: 100 })).items).toEqual([]);
    // Each relation of the model, asked as /v1/check asks it.
    for (const relation of model.relationsOf('organization')) {
      const held = (await list.execute({ user: 'user:anna', object: 'organization:kund', limit: 100 })).items.includes(relation);
      expect([relation, held]).toEqual([relation, (await checkAccess.execute(T('user:anna', relation, 'organization:kund'))).allowed]);
    }
  });

  it('pages through the same answer, two at a time', async () => {
    const engine = await engineWith(T('user:anna', 'owner', 'reseller:byra'));
    const list = new ListRelationsQuery(model, new CheckBatchQuery(model, new CheckAccessQuery(model, engine, noWait as never), noWait), pages());
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await list.execute({ user: 'user:anna', object: 'reseller:byra', limit: 2, cursor });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items);
      cursor = page.cursor;
    } while (cursor);
    expect(seen).toEqual(['admin', 'can_manage', 'can_view', 'can_view_commission', 'member', 'owner']);
  });

  it('refuses a type the model does not have, naming the field, and answers nothing for a type without relations', async () => {
    const list = new ListRelationsQuery(model, { execute: async () => ({ results: [] }) }, pages());
    await expect(list.execute({ user: 'user:anna', object: 'document:x', limit: 10 })).rejects.toThrow(/^object has unknown type "document"/);
    await expect(list.execute({ user: 'robot:r2', object: 'organization:x', limit: 10 })).rejects.toThrow(/^user has unknown type "robot"/);
    expect((await list.execute({ user: 'user:anna', object: 'user:bo', limit: 10 })).items).toEqual([]);
  });
});
