/** Operator routes (admin scope): reconcile OpenFGA with Neo4j on demand. */
import { Router } from 'express';
import type { ReconcileStoresCommand } from '../../domain/reconcile-stores';
import { requireScope } from '../auth';

export function adminRoutes(uc: { reconcileStores: ReconcileStoresCommand }): Router {
  const r = Router();
  r.post('/admin/reconcile', requireScope('admin'), async (_req, res) => {
    res.json(await uc.reconcileStores.execute());
  });
  return r;
}
