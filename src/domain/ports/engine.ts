/** The AuthzEngine port: the check engine (OpenFGA) that evaluates relations and takes the relay's changes. */
import type { Tuple } from '../tuple';
import type { TupleChange } from './tuples';

/** CheckOptions: fresh asks the engine for an answer that includes every change applied so far, past any cache. */
export interface CheckOptions {
  fresh?: boolean;
}

/** EngineHealth is 'ok', or 'store_missing' when the engine lost its store or model (restarted empty). */
export type EngineHealth = 'ok' | 'store_missing';

/**
 * AuthzEngine evaluates the relations of authz-model.fga over the tuples applied to it. Every
 * method throws DependencyUnavailableError when the engine does not answer in time, and a
 * DependencyUnavailableError with code openfga_rebuilding while its store is missing.
 */
export interface AuthzEngine {
  /** check answers whether tuple.user has tuple.relation on tuple.object, by the model's rules. */
  check(tuple: Tuple, opts?: CheckOptions): Promise<boolean>;
  /**
   * apply writes and deletes at most 100 changes, none touching the same tuple twice, all or none,
   * idempotently: writing a tuple the engine holds or deleting one it does not is not an error.
   */
  apply(changes: TupleChange[]): Promise<void>;
  /** readAll returns every tuple the engine holds, each once. */
  readAll(): Promise<Tuple[]>;
  /** health answers 'ok', or 'store_missing' when the store or its model is gone; it does not repair. */
  health(): Promise<EngineHealth>;
  /** bootstrap finds or creates the store and writes the model when the latest differs; after it, health is 'ok'. */
  bootstrap(): Promise<void>;
}
