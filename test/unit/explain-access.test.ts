/**
 * ExplainAccessQuery over an in-memory GraphStore: only chains the rules accept are paths, and a
 * limit cut by refused candidates is refilled by asking again.
 */
import { AccessRules } from '../../src/domain/access-rules';
import { AuthzModel } from '../../src/domain/authz-model';
import { ExplainAccessQuery } from '../../src/domain/explain-access';
import type { ChainQuery, StoredTuple } from '../../src/domain/ports';

const model = AuthzModel.load();
const rules = new AccessRules(model.json);
const S = (user: string, relation: string, object: string): StoredTuple => ({ user, relation, object, writtenAt: '2026-01-01T00:00:00.000Z', writtenBy: 'test' });

/** Candidates a loose traversal could return: a chain through an organization is never a grant. */
const refused = Array.from({ length: 5 }, (_, i) => [S('user:a', 'member', `organization:x${i}`), S(`organization:x${i}`, 'reseller', 'organization:o')]);
const granted = [[S('user:a', 'member', 'reseller:r'), S('reseller:r', 'reseller', 'organization:o')]];

describe('ExplainAccessQuery', () => {
  it('keeps asking until enough accepted paths are found, and keeps only those', async () => {
    const asked: number[] = [];
    const graph = { chains: async (q: ChainQuery) => { asked.push(q.limit); return [...refused, ...granted].slice(0, q.limit); } };
    const answer = await new ExplainAccessQuery(model, rules, graph).execute({ user: 'user:a', relation: 'can_view', object: 'organization:o', limit: 1 });
    expect(answer.allowed).toBe(true);
    expect(answer.paths).toEqual([{ tuples: granted[0] }]);
    expect(answer.truncated).toBe(false);
    expect(asked).toEqual([2, 8]);
  });

  it('refuses an `at` that is not an ISO time with a zone', async () => {
    const graph = { chains: async () => [] };
    await expect(new ExplainAccessQuery(model, rules, graph).execute({ user: 'user:a', relation: 'can_view', object: 'organization:o', limit: 1, at: '2026-01-01 10:00' }))
      .rejects.toMatchObject({ status: 400, code: 'invalid_time' });
  });

  it('refuses an `at` whose ISO form would not compare as text with the history (before 1970, after 9999)', async () => {
    const graph = { chains: async () => [] };
    for (const at of ['1969-12-31T23:59:59Z', '9999-12-31T23:00:00-02:00']) {
      await expect(new ExplainAccessQuery(model, rules, graph).execute({ user: 'user:a', relation: 'can_view', object: 'organization:o', limit: 1, at }))
        .rejects.toMatchObject({ status: 400, code: 'invalid_time' });
    }
  });
});
