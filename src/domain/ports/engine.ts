/** The AuthzEngine port: the check engine (OpenFGA) that evaluates relations and takes the relay's changes. */
import type { Tuple } from '../tuple';
import type { TupleChange } from './tuples';

/**
 * CheckOptions: fresh asks the engine for an answer that includes every change applied so far, past
 * any cache. contextualTuples count as written for this one question only; context is what the
 * model's conditions would read (the model has none, so it changes no answer, but it is passed on).
 */
export interface CheckOptions {
  fresh?: boolean;
  contextualTuples?: Tuple[];
  context?: Record<string, unknown>;
}

/** EngineHealth is 'ok', or 'store_missing' when the engine lost its store or model (restarted empty). */
export type EngineHealth = 'ok' | 'store_missing';

/** StoreInfo describes the engine's store as OpenFGA lists a store. */
export interface StoreInfo {
  id: string;
  name: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * UsersetTree is one level of a relation's expansion in OpenFGA's JSON form (`{root: {name, leaf |
 * union | intersection | difference}}`): the users written directly and the usersets the rest comes
 * from, for a caller to expand further.
 */
export type UsersetTree = { root: Record<string, unknown> };

/**
 * AuthzEngine evaluates the relations of authz-model.fga over the tuples applied to it. Every
 * method throws DependencyUnavailableError when the engine does not answer in time, and a
 * DependencyUnavailableError with code openfga_rebuilding while its store is missing.
 */
export interface AuthzEngine {
  /** check answers whether tuple.user has tuple.relation on tuple.object, by the model's rules. */
  check(tuple: Tuple, opts?: CheckOptions): Promise<boolean>;
  /** expand answers relation on object one level deep (OpenFGA's Expand); fresh as for check. */
  expand(relation: string, object: string, opts?: Pick<CheckOptions, 'fresh'>): Promise<UsersetTree>;
  /**
   * apply writes and deletes at most 100 changes, none touching the same tuple twice, all or none,
   * idempotently: writing a tuple the engine holds or deleting one it does not is not an error.
   */
  apply(changes: TupleChange[]): Promise<void>;
  /** readAll yields every tuple the engine holds, each once, page by page, in constant memory. */
  readAll(): AsyncIterable<Tuple[]>;
  /** health answers 'ok', or 'store_missing' when the store or its model is gone; it does not repair. */
  health(): Promise<EngineHealth>;
  /** bootstrap finds or creates the store and writes the model when the latest differs; after it, health is 'ok'. */
  bootstrap(): Promise<void>;
  /** ids are the store and the model in use, without a call; before bootstrap they throw the openfga_rebuilding error. */
  ids(): { storeId: string; modelId: string };
  /** store describes the store in use. */
  store(): Promise<StoreInfo>;
}
