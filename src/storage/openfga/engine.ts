/**
 * The OpenFGA adapter of AuthzEngine: wires the store bootstrap, the check batcher and the HTTP
 * client into the port's contract; OpenFGA's answers leave it only as domain errors.
 */
import type { ModelJson } from '../../domain/authz-model';
import type { Tuple } from '../../domain/tuple';
import type { AuthzEngine, CheckOptions, EngineHealth, StoreInfo, TupleChange, UsersetTree } from '../../domain/ports';
import { InvalidInputError } from '../../domain/errors';
import { ensureModel, findOrCreateStore } from './bootstrap';
import { CheckBatcher } from './check-batcher';
import { OpenFgaHttp, OpenFgaRefusedError, openFgaUnavailable, StoreMissingError } from './http-client';

/** OpenFgaSettings are what the adapter needs to reach one OpenFGA. */
export interface OpenFgaSettings {
  apiUrl: string;
  storeId?: string;
  apiToken?: string;
  timeoutMs: number;
  model: ModelJson;
  /** checkCalls bounds the check calls in flight to OpenFGA; default CHECK_CALLS. */
  checkCalls?: number;
  log?: (msg: string) => void;
  /** onCheck is told every check answer that came from OpenFGA (check-batcher.ts): the metrics hook. */
  onCheck?: (allowed: boolean) => void;
  /** observe is told each OpenFGA call's kind and time (http-client.ts): the metrics hook. */
  observe?: (op: string, seconds: number) => void;
}

const keyOf = ({ user, relation, object }: Tuple) => ({ user, relation, object });
const consistencyOf = (fresh: boolean | undefined) => (fresh ? 'HIGHER_CONSISTENCY' : 'MINIMIZE_LATENCY');

type BatchCheckResult = Record<string, { allowed?: boolean; error?: { input_error?: string; message?: string } }>;

/** OpenFgaEngine talks to one OpenFGA store, through one keep-alive HTTP client, with its checks coalesced. */
export class OpenFgaEngine implements AuthzEngine {
  private readonly fga: OpenFgaHttp;
  private readonly checks: CheckBatcher;
  private storeId?: string;
  private modelId?: string;

  constructor(private readonly s: OpenFgaSettings) {
    this.fga = new OpenFgaHttp(s);
    this.checks = new CheckBatcher((tuples, fresh) => this.sendChecks(tuples, fresh), s);
    this.storeId = s.storeId;
  }

  /** currentStoreId is the store in use, once bootstrapped. */
  get currentStoreId(): string | undefined {
    return this.storeId;
  }

  async bootstrap(): Promise<void> {
    this.storeId = await findOrCreateStore(this.fga, this.storeId, this.s.log);
    this.modelId = await ensureModel(this.fga, this.storeId, this.s.model, this.s.log);
  }

  /**
   * check is coalesced with the other checks of this turn (check-batcher.ts); fresh ones ask for
   * higher consistency. One with contextual tuples or a context goes alone, as its own question.
   */
  check(t: Tuple, opts: CheckOptions = {}): Promise<boolean> {
    if (opts.contextualTuples?.length || opts.context) return this.checkAlone(t, opts);
    return this.checks.check(t, opts.fresh === true);
  }

  private async checkAlone(t: Tuple, opts: CheckOptions): Promise<boolean> {
    const { storeId, modelId } = this.ids();
    const { allowed } = await this.fga.post<{ allowed?: boolean }>(`/stores/${storeId}/check`, {
      tuple_key: keyOf(t),
      contextual_tuples: opts.contextualTuples?.length ? { tuple_keys: opts.contextualTuples.map(keyOf) } : undefined,
      context: opts.context,
      authorization_model_id: modelId,
      consistency: consistencyOf(opts.fresh),
    }).catch((err: unknown) => {
      // The caller's context and contextual tuples reach OpenFGA as given: what it refuses of them is the caller's 400, in its words.
      if (err instanceof OpenFgaRefusedError && err.status === 400) throw new InvalidInputError(`the check engine refused the context or contextual tuples: ${err.detail.slice(0, 300)}`, err.code || 'validation_error');
      throw err;
    });
    return allowed === true;
  }

  async expand(relation: string, object: string, opts: Pick<CheckOptions, 'fresh'> = {}): Promise<UsersetTree> {
    const { storeId, modelId } = this.ids();
    const { tree } = await this.fga.post<{ tree?: UsersetTree }>(`/stores/${storeId}/expand`, {
      tuple_key: { relation, object },
      authorization_model_id: modelId,
      consistency: consistencyOf(opts.fresh),
    });
    return tree ?? { root: {} };
  }

  async store(): Promise<StoreInfo> {
    const { storeId } = this.ids();
    const s = await this.fga.get<{ id: string; name: string; created_at: string; updated_at: string }>(`/stores/${storeId}`);
    return { id: s.id, name: s.name, createdAt: s.created_at, updatedAt: s.updated_at };
  }

  /** sendChecks asks one call's checks: one alone as a plain Check, more as one BatchCheck. */
  private async sendChecks(tuples: Tuple[], fresh: boolean): Promise<Array<boolean | Error>> {
    const { storeId, modelId: authorizationModelId } = this.ids();
    const consistency = consistencyOf(fresh);
    if (tuples.length === 1) {
      const body = { tuple_key: keyOf(tuples[0]), authorization_model_id: authorizationModelId, consistency };
      const { allowed } = await this.fga.post<{ allowed?: boolean }>(`/stores/${storeId}/check`, body);
      return [allowed === true];
    }
    const checks = tuples.map((t, i) => ({ tuple_key: keyOf(t), correlation_id: String(i) }));
    const body = { checks, authorization_model_id: authorizationModelId, consistency };
    const { result } = await this.fga.post<{ result?: BatchCheckResult }>(`/stores/${storeId}/batch-check`, body);
    return tuples.map((_, i) => {
      const r = result?.[String(i)];
      if (!r) return openFgaUnavailable();
      if (r.error) return r.error.input_error ? new Error(`OpenFGA refused a check: ${r.error.message ?? r.error.input_error}`) : openFgaUnavailable();
      return r.allowed === true;
    });
  }

  async apply(changes: TupleChange[]): Promise<void> {
    if (changes.length === 0) return;
    const { storeId, modelId: authorizationModelId } = this.ids();
    const writes = changes.filter((c) => c.op === 'write').map((c) => c.tuple);
    const deletes = changes.filter((c) => c.op === 'delete').map((c) => c.tuple);
    await this.fga.post(`/stores/${storeId}/write`, {
      authorization_model_id: authorizationModelId,
      writes: writes.length ? { tuple_keys: writes, on_duplicate: 'ignore' } : undefined,
      deletes: deletes.length ? { tuple_keys: deletes, on_missing: 'ignore' } : undefined,
    });
  }

  async *readAll(): AsyncIterable<Tuple[]> {
    const storeId = this.requireStore();
    let token: string | undefined;
    do {
      const page = await this.fga.post<{ tuples?: Array<{ key: Tuple }>; continuation_token?: string }>(
        `/stores/${storeId}/read`,
        { page_size: 100, continuation_token: token },
      );
      yield (page.tuples ?? []).map(({ key }) => ({ user: key.user, relation: key.relation, object: key.object }));
      token = page.continuation_token || undefined;
    } while (token);
  }

  /**
   * health asks for the store as well as its model: on SQL datastores a deleted store still answers
   * for its model (and checks), so only the store itself tells that a restarted replica would not find it.
   */
  async health(): Promise<EngineHealth> {
    try {
      const { storeId, modelId } = this.ids();
      await Promise.all([this.fga.get(`/stores/${storeId}`), this.fga.get(`/stores/${storeId}/authorization-models/${modelId}`)]);
      return 'ok';
    } catch (err) {
      if (err instanceof StoreMissingError) return 'store_missing';
      throw err;
    }
  }

  ids(): { storeId: string; modelId: string } {
    if (!this.modelId) throw new StoreMissingError();
    return { storeId: this.requireStore(), modelId: this.modelId };
  }

  private requireStore(): string {
    if (!this.storeId) throw new StoreMissingError();
    return this.storeId;
  }
}
