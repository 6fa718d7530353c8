/**
 * ReconcileStores: compare the tuples live in Neo4j at the applied mark with OpenFGA and repair
 * OpenFGA (Neo4j wins). The work runs inside the relay's loop so that it never races the outbox.
 */
import type { ReconcileReport, Reconciler } from './ports';

/** ReconcileStoresCommand runs one reconciliation and reports what it found and mended. */
export class ReconcileStoresCommand {
  constructor(private readonly reconciler: Reconciler) {}

  execute(): Promise<ReconcileReport> {
    return this.reconciler.reconcile();
  }
}
