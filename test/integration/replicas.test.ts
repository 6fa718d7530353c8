/**
 * Several replicas on one Neo4j and one OpenFGA: only the holder of the relay lease applies the
 * outbox (the lease itself is held to its contract in neo4j-adapters.test.ts), yet any replica
 * answers what needs the lease.
 */
import { startTestService } from '../fixtures/harness';

it('answers a reconcile on every replica, whichever of them holds the relay lease', async () => {
  const replicas = [await startTestService(), await startTestService()];
  try {
    const replies = await Promise.all(replicas.map((r) => r.post('/v1/admin/reconcile', {})));
    for (const reply of replies) {
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ missing: 0, extra: 0 });
    }
  } finally {
    await Promise.all(replicas.map((r) => r.stop()));
  }
});
