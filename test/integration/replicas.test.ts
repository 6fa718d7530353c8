/**
 * Several replicas on one Neo4j and one OpenFGA: only the holder of the relay lease applies the
 * outbox (the lease itself is held to its contract in neo4j-adapters.test.ts), yet any replica
 * answers what needs the lease. On a stack of this file's own: on the shared one, dozens of other
 * suites' services take the lease in turn, and a reconcile may meet a revision an earlier holder
 * was still applying (it repairs to the applied mark, and the relay moves on from there), so its
 * counts would say more about the neighbours than about these replicas.
 */
import { startTestService, T, uid } from '../fixtures/harness';
import { startPrivateStack, type PrivateStack } from '../fixtures/private-stack';

jest.setTimeout(180_000);

let stack: PrivateStack;
beforeAll(async () => {
  stack = await startPrivateStack();
});
afterAll(async () => {
  await stack?.stop();
});

it('answers a reconcile on every replica, whichever of them holds the relay lease', async () => {
  const replicas = [await startTestService(stack.env), await startTestService(stack.env)];
  try {
    const org = `organization:${uid('replicas')}`;
    const tuples = ['anna', 'bo', 'cia'].map((n) => T(`user:${uid(n)}`, 'member', org));
    expect((await replicas[0].post('/v1/tuples', { writes: tuples })).status).toBe(200);
    expect((await replicas[1].post('/v1/tuples', { deletes: [tuples[0]] })).status).toBe(200);
    const replies = await Promise.all(replicas.map((r) => r.post('/v1/admin/reconcile', {})));
    for (const reply of replies) {
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ neo4jTuples: 2, openfgaTuples: 2, missing: 0, extra: 0 });
    }
  } finally {
    await Promise.all(replicas.map((r) => r.stop()));
  }
});
