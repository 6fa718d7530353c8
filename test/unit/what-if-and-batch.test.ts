/**
 * WhatIfQuery and CheckBatchQuery over the in-memory adapters of their ports: what a change would do
 * downstream, and a batch's order and single wait.
 */
import { AccessRules } from '../../src/domain/access-rules';
import { AuthzModel } from '../../src/domain/authz-model';
import { CheckBatchQuery } from '../../src/domain/check-batch';
import { WhatIfQuery } from '../../src/domain/what-if';
import { memoryStores } from '../fixtures/memory';

const T = (user: string, relation: string, object: string) => ({ user, relation, object });
const model = AuthzModel.load();
const rules = new AccessRules(model.json);

describe('WhatIfQuery', () => {
  const live = [
    T('user:erik', 'member', 'reseller:byra'),
    T('reseller:byra', 'reseller', 'organization:kund'),
    T('user:gun', 'member', 'organization:kund'),
    T('reseller:sub', 'reseller', 'organization:other'),
  ];
  const { tuples, graph } = memoryStores();
  const whatIf = new WhatIfQuery(model, rules, graph);
  beforeAll(() => tuples.writeTuples({ writes: live, deletes: [], actor: 'test', requestId: 'test', at: new Date('2026-01-01T00:00:00Z') }));

  it('finds the customers of a child tier gaining the new parent tier\'s admin', async () => {
    const answer = await whatIf.execute({ writes: [T('user:ivar', 'admin', 'reseller:dist'), T('reseller:dist', 'parent', 'reseller:sub')], deletes: [] });
    expect(answer.gains).toContainEqual(T('user:ivar', 'can_manage', 'organization:other'));
    expect(answer.gains).toContainEqual(T('user:ivar', 'member', 'reseller:sub'));
    expect(answer.gains.some((g) => g.object === 'organization:kund')).toBe(false);
    expect(answer.losses).toEqual([]);
  });

  it('lists the first limit gains and losses in order, with how many there are in all', async () => {
    const change = { writes: [T('user:nils', 'member', 'reseller:byra')], deletes: [T('reseller:byra', 'reseller', 'organization:kund')] };
    const all = await whatIf.execute(change);
    expect(all.truncated).toBe(false);
    expect(all.totals).toEqual({ gains: all.gains.length, losses: all.losses.length });
    expect(Math.min(all.losses.length, all.gains.length)).toBeGreaterThan(1);
    const cut = await whatIf.execute({ ...change, limit: 1 });
    expect(cut.losses).toEqual(all.losses.slice(0, 1));
    expect(cut.gains).toEqual(all.gains.slice(0, 1));
    expect(cut.totals).toEqual(all.totals);
    expect(cut.truncated).toBe(true);
  });

  it('reports no loss for a user who keeps access another way', async () => {
    const answer = await whatIf.execute({ writes: [T('user:gun', 'member', 'reseller:byra')], deletes: [T('user:gun', 'member', 'organization:kund')] });
    expect(answer.losses).toEqual([T('user:gun', 'member', 'organization:kund')]);
    expect(answer.gains).not.toContainEqual(T('user:gun', 'can_view', 'organization:kund'));
  });
});

describe('CheckBatchQuery', () => {
  it('answers in request order and waits once for the strongest revision asked', async () => {
    const reached: unknown[] = [];
    const batch = new CheckBatchQuery(
      model,
      { execute: async (c) => ({ allowed: c.object.endsWith('yes') }) },
      { reach: async (c) => { reached.push(c); return { fresh: true }; } },
    );
    const answer = await batch.execute({
      checks: [
        { user: 'user:a', relation: 'can_view', object: 'organization:yes', consistency: { atLeast: '7' } },
        { user: 'user:a', relation: 'can_view', object: 'organization:no' },
        { user: 'user:a', relation: 'can_view', object: 'organization:yes' },
      ],
      consistency: { atLeast: '3' },
    });
    expect(answer.results).toEqual([{ allowed: true }, { allowed: false }, { allowed: true }]);
    expect(reached).toEqual([{ atLeast: '7' }]);
  });
});
