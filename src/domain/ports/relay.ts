/**
 * What the use cases need of the outbox relay: to know when a revision has reached the check
 * engine, and to have the engine reconciled with the source of truth. The relay implements both.
 */

/** Revisions tells when a written revision has reached the check engine. */
export interface Revisions {
  /** kick asks for the outbox to be applied at once, after a write committed. */
  kick(): void;
  /** waitFor resolves true once revision is applied to the check engine, or false after timeoutMs; it never rejects. */
  waitFor(revision: number, timeoutMs: number): Promise<boolean>;
}

/** ReconcileReport counts what a reconcile compared, found and mended. */
export interface ReconcileReport {
  neo4jTuples: number;
  openfgaTuples: number;
  missing: number;
  extra: number;
  repaired: number;
}

/** Reconciler repairs the check engine from the source of truth. */
export interface Reconciler {
  /**
   * reconcile compares the tuples live in the source of truth at the applied mark with the check
   * engine's and repairs the engine (the source of truth wins). It rejects with the store's or
   * engine's error when either does not answer, and when the relay stops first.
   */
  reconcile(): Promise<ReconcileReport>;
}
