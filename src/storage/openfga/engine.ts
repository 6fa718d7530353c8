/**
 * The OpenFGA adapter of AuthzEngine: finds or creates the store, keeps its model equal to
 * authz-model.fga, answers checks and applies the relay's changes idempotently. SDK errors stop
 * here and leave as domain errors.
 */
import http from 'node:http';
import https from 'node:https';
import axios from 'axios';
import {
  ClientWriteRequestOnDuplicateWrites, ClientWriteRequestOnMissingDeletes, ConsistencyPreference, CredentialsMethod,
  FgaApiError, OpenFgaClient,
} from '@openfga/sdk';
import { transformer } from '@openfga/syntax-transformer';
import type { ModelJson } from '../../domain/authz-model';
import { DependencyUnavailableError } from '../../domain/errors';
import type { Tuple } from '../../domain/tuple';
import type { AuthzEngine, CheckOptions, TupleChange } from '../../domain/ports';

/** STORE_NAME is the name the service gives the store it creates and looks for. */
export const STORE_NAME = 'partnergraph';

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
}

/** BATCH_CHECK_MAX is the most checks in one BatchCheck: OpenFGA's default max-checks-per-batch-check. */
export const BATCH_CHECK_MAX = 50;
/**
 * CHECK_CALLS is the most check calls in flight to OpenFGA; more waiting checks share the next
 * calls, so under load checks go as BatchChecks instead of one call each. Measured through the
 * service on size M (SQLite), bounds side by side in one run: at concurrency 64, 8 calls answered
 * 295-350 checks/s against 252-257 with 64; at an open 250 checks/s, near OpenFGA's capacity
 * here, 64 calls let a queue build in some rounds (p50 0.4-2.2 s) where 8 kept p50 under 100 ms.
 * 2 calls did as well or better at concurrency 64 but collapsed in one open-loop round, and a
 * bound that low lets two slow checks hold up every other.
 */
export const CHECK_CALLS = 8;

/** PendingCheck is a check waiting for its turn's batch, since the performance.now() it arrived. */
interface PendingCheck {
  tuple: Tuple;
  since: number;
  resolve: (allowed: boolean) => void;
  reject: (err: unknown) => void;
}

/** StoreMissingError says the store or its model is gone, as when OpenFGA restarted with an empty memory datastore. */
export class StoreMissingError extends DependencyUnavailableError {
  constructor() {
    super('openfga', 'OpenFGA lost its store; the service is rebuilding it from Neo4j', 1, 'openfga_rebuilding');
  }
}

/**
 * OpenFgaEngine talks to one OpenFGA store over HTTP with keep-alive and bounded calls. Check, the
 * hot path, is a plain HTTP request on the same keep-alive agent rather than an SDK call: the
 * SDK's axios, redirect and telemetry layers cost more CPU than the check itself (bench/README.md).
 */
export class OpenFgaEngine implements AuthzEngine {
  private readonly client: OpenFgaClient;
  private readonly checkTransport: CheckTransport;
  private storeId?: string;
  private modelId?: string;
  private readonly queue: PendingCheck[] = [];
  private readonly freshQueue: PendingCheck[] = [];
  private pumpScheduled = false;
  private callsInFlight = 0;

  constructor(private readonly s: OpenFgaSettings) {
    const agentOptions = { keepAlive: true, maxSockets: 128 };
    const httpAgent = new http.Agent(agentOptions);
    const httpsAgent = new https.Agent(agentOptions);
    const instance = axios.create({ timeout: s.timeoutMs, httpAgent, httpsAgent });
    const base = new URL(s.apiUrl);
    this.checkTransport = {
      request: base.protocol === 'https:' ? https.request : http.request,
      agent: base.protocol === 'https:' ? httpsAgent : httpAgent,
      host: base.hostname,
      port: base.port,
      prefix: base.pathname.replace(/\/$/, ''),
      headers: s.apiToken ? { authorization: `Bearer ${s.apiToken}` } : {},
    };
    this.client = new OpenFgaClient(
      {
        apiUrl: s.apiUrl,
        credentials: s.apiToken ? { method: CredentialsMethod.ApiToken, config: { token: s.apiToken } } : undefined,
        retryParams: { maxRetry: 0 },
      },
      instance,
    );
    this.storeId = s.storeId;
  }

  /** currentStoreId is the store in use, once bootstrapped. */
  get currentStoreId(): string | undefined {
    return this.storeId;
  }

  async bootstrap(): Promise<void> {
    await this.call(async () => {
      this.storeId = await this.findOrCreateStore();
      this.modelId = await this.ensureModel(this.storeId);
    });
  }

  /**
   * check is coalesced: checks wait in a queue, and at most CHECK_CALLS calls to OpenFGA are in
   * flight, each a BatchCheck of up to BATCH_CHECK_MAX waiting checks (one alone goes as a plain
   * Check). Under concurrent load that saves a round trip per check here and request handling in
   * OpenFGA (bench/README.md).
   */
  check(t: Tuple, opts: CheckOptions = {}): Promise<boolean> {
    return new Promise((resolve, reject) => {
      (opts.fresh ? this.freshQueue : this.queue).push({ tuple: t, since: performance.now(), resolve, reject });
      if (this.pumpScheduled) return;
      this.pumpScheduled = true;
      // Wait for the rest of this turn's requests, so they can share a call.
      setImmediate(() => {
        this.pumpScheduled = false;
        this.pump();
      });
    });
  }

  /**
   * pump sends waiting checks while a call slot is free, fresh ones first. A check that has waited
   * longer than timeoutMs for a slot is answered 503 openfga_overloaded and not sent: when checks
   * arrive faster than OpenFGA answers, the queue holds at most that much work instead of growing
   * until every answer comes too late to be of use.
   */
  private pump(): void {
    const stale = performance.now() - this.s.timeoutMs;
    for (const queue of [this.freshQueue, this.queue]) {
      let n = 0;
      while (n < queue.length && queue[n].since < stale) n++;
      for (const a of queue.splice(0, n)) a.reject(overloaded());
    }
    while (this.callsInFlight < (this.s.checkCalls ?? CHECK_CALLS)) {
      const fresh = this.freshQueue.length > 0;
      const asks = (fresh ? this.freshQueue : this.queue).splice(0, BATCH_CHECK_MAX);
      if (asks.length === 0) return;
      this.callsInFlight++;
      void this.send(asks, fresh).finally(() => {
        this.callsInFlight--;
        this.pump();
      });
    }
  }

  /** send asks OpenFGA one call's checks and settles each of them; it never rejects. */
  private async send(asks: PendingCheck[], fresh: boolean): Promise<void> {
    const consistency = fresh ? ConsistencyPreference.HigherConsistency : ConsistencyPreference.MinimizeLatency;
    // Settling a check twice changes nothing, so failing all of them also covers those already settled.
    const failAll = (err: unknown) => {
      for (const a of asks) a.reject(err);
    };
    let ids: { storeId: string; authorizationModelId: string };
    try {
      ids = this.ids();
    } catch (err) {
      failAll(err);
      return;
    }
    const { storeId, authorizationModelId } = ids;
    const keyOf = ({ user, relation, object }: Tuple) => ({ user, relation, object });
    const single = asks.length === 1;
    const body = JSON.stringify(single
      ? { tuple_key: keyOf(asks[0].tuple), authorization_model_id: authorizationModelId, consistency }
      : { checks: asks.map((a, i) => ({ tuple_key: keyOf(a.tuple), correlation_id: String(i) })), authorization_model_id: authorizationModelId, consistency });
    let res: { status: number; text: string };
    try {
      res = await postJson(this.checkTransport, `/stores/${storeId}/${single ? 'check' : 'batch-check'}`, body, this.s.timeoutMs);
    } catch {
      failAll(unavailable());
      return;
    }
    if (res.status !== 200) {
      failAll(checkFailure(res.status, res.text));
      return;
    }
    try {
      if (single) {
        asks[0].resolve((JSON.parse(res.text) as { allowed?: boolean }).allowed === true);
        return;
      }
      const { result } = JSON.parse(res.text) as { result?: Record<string, { allowed?: boolean; error?: { input_error?: string; message?: string } }> };
      asks.forEach((a, i) => {
        const r = result?.[String(i)];
        if (!r) a.reject(unavailable());
        else if (r.error) a.reject(r.error.input_error ? new Error(`OpenFGA refused a check: ${r.error.message ?? r.error.input_error}`) : unavailable());
        else a.resolve(r.allowed === true);
      });
    } catch {
      // An answer that is not the JSON OpenFGA sends (a proxy's page): every check still unsettled fails.
      failAll(unavailable());
    }
  }

  async apply(changes: TupleChange[]): Promise<void> {
    if (changes.length === 0) return;
    const writes = changes.filter((c) => c.op === 'write').map((c) => c.tuple);
    const deletes = changes.filter((c) => c.op === 'delete').map((c) => c.tuple);
    await this.call(() =>
      this.client.write(
        { writes: writes.length ? writes : undefined, deletes: deletes.length ? deletes : undefined },
        {
          ...this.ids(),
          conflict: {
            onDuplicateWrites: ClientWriteRequestOnDuplicateWrites.Ignore,
            onMissingDeletes: ClientWriteRequestOnMissingDeletes.Ignore,
          },
        },
      ),
    );
  }

  async readAll(): Promise<Tuple[]> {
    const out: Tuple[] = [];
    let token: string | undefined;
    do {
      const res = await this.call(() => this.client.read({}, { storeId: this.requireStore(), pageSize: 100, continuationToken: token }));
      for (const t of res.tuples) out.push({ user: t.key.user, relation: t.key.relation, object: t.key.object });
      token = res.continuation_token || undefined;
    } while (token);
    return out;
  }

  async health(): Promise<'ok' | 'store_missing'> {
    try {
      await this.call(() => this.client.readAuthorizationModel({ ...this.ids() }));
      return 'ok';
    } catch (err) {
      if (err instanceof StoreMissingError) return 'store_missing';
      throw err;
    }
  }

  private ids(): { storeId: string; authorizationModelId: string } {
    if (!this.modelId) throw new StoreMissingError();
    return { storeId: this.requireStore(), authorizationModelId: this.modelId };
  }

  private requireStore(): string {
    if (!this.storeId) throw new StoreMissingError();
    return this.storeId;
  }

  private async findOrCreateStore(): Promise<string> {
    if (this.storeId) {
      const found = await this.client.getStore({ storeId: this.storeId }).then(() => true, (err) => {
        if (translate(err) instanceof StoreMissingError) return false;
        throw err;
      });
      if (found) return this.storeId;
      this.s.log?.(`OpenFGA store ${this.storeId} is gone; creating a new one and rebuilding it from Neo4j`);
    }
    let token: string | undefined;
    do {
      const page = await this.client.listStores({ pageSize: 100, continuationToken: token });
      const mine = page.stores.find((s) => s.name === STORE_NAME);
      if (mine && !this.storeId) return mine.id;
      token = page.continuation_token || undefined;
    } while (token);
    return (await this.client.createStore({ name: STORE_NAME })).id;
  }

  /** ensureModel writes the model unless the store's latest one already means the same. */
  private async ensureModel(storeId: string): Promise<string> {
    const { authorization_models: [latest] } = await this.client.readAuthorizationModels({ storeId, pageSize: 1 });
    if (latest && canonicalDsl(latest as unknown as ModelJson) === canonicalDsl(this.s.model)) return latest.id;
    const written = await this.client.writeAuthorizationModel(
      { schema_version: this.s.model.schema_version, type_definitions: this.s.model.type_definitions as never, conditions: this.s.model.conditions as never },
      { storeId },
    );
    this.s.log?.(`wrote authorization model ${written.authorization_model_id} to OpenFGA store ${storeId}`);
    return written.authorization_model_id;
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw translate(err);
    }
  }
}

/**
 * canonicalDsl renders a model back to DSL with relations in name order, so two models compare by
 * meaning rather than layout: OpenFGA answers relations sorted by name, the file has them as written.
 */
export function canonicalDsl(model: ModelJson): string {
  const byName = <T>(rels: Record<string, T> | undefined) =>
    rels && Object.fromEntries(Object.entries(rels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const typeDefinitions = model.type_definitions.map((def) => ({
    ...def,
    relations: byName(def.relations),
    metadata: def.metadata && { ...def.metadata, relations: byName(def.metadata.relations ?? undefined) },
  }));
  return transformer.transformJSONToDSL({ schema_version: model.schema_version, type_definitions: typeDefinitions, conditions: model.conditions } as never);
}

const MISSING_CODES = new Set(['store_id_not_found', 'authorization_model_not_found', 'latest_authorization_model_not_found']);

/** translate maps SDK and network errors to domain errors; anything unexpected passes through to become a 500. */
function translate(err: unknown): unknown {
  if (err instanceof StoreMissingError || err instanceof DependencyUnavailableError) return err;
  if (err instanceof FgaApiError) {
    const code = String(err.responseData?.code ?? '');
    if (MISSING_CODES.has(code) || err.statusCode === 404) return new StoreMissingError();
    if (err.statusCode === undefined || err.statusCode >= 500 || err.statusCode === 429) return unavailable();
    return err;
  }
  if (axios.isAxiosError(err) || (err instanceof Error && /ECONNREFUSED|ECONNRESET|timeout|socket hang up/i.test(err.message))) {
    return unavailable();
  }
  if (err instanceof Error && (err.name === 'FgaError' || err.name === 'FgaApiError')) return unavailable();
  return err;
}

const unavailable = () => new DependencyUnavailableError('openfga', 'OpenFGA did not answer in time; try again');
const overloaded = () =>
  new DependencyUnavailableError('openfga', 'OpenFGA answers more slowly than checks arrive: this check waited longer than OPENFGA_TIMEOUT_MS for its turn; try again', 1, 'openfga_overloaded');

/** CheckTransport is what the plain-HTTP check needs: where OpenFGA is and the keep-alive agent to reach it. */
interface CheckTransport {
  request: typeof http.request;
  agent: http.Agent;
  host: string;
  port: string;
  prefix: string;
  headers: Record<string, string>;
}

/** postJson sends one JSON POST and reads the whole answer; it rejects on a network error or after timeoutMs. */
function postJson(t: CheckTransport, path: string, body: string, timeoutMs: number): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = t.request(
      {
        agent: t.agent, host: t.host, port: t.port, path: t.prefix + path, method: 'POST',
        headers: { ...t.headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        res.on('error', reject);
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

/** checkFailure maps a non-200 check answer as translate() maps the SDK's errors. */
function checkFailure(status: number, text: string): Error {
  let code = '';
  try {
    code = String((JSON.parse(text) as { code?: unknown }).code ?? '');
  } catch {
    // Not JSON (a proxy's error page): the status decides.
  }
  if (MISSING_CODES.has(code) || status === 404) return new StoreMissingError();
  if (status >= 500 || status === 429) return unavailable();
  return new Error(`OpenFGA refused a check with ${status} ${code}`.trim());
}
