/** The one way this service talks to OpenFGA: JSON over a pool of keep-alive connections, every failure leaving as a domain error. */
import { Pool } from 'undici';
import { DependencyUnavailableError } from '../../domain/errors';
import { childSpan, tracingEnabled } from '../../observability/tracing';

/** OpenFgaHttpSettings say where one OpenFGA is and how long a call may take. */
export interface OpenFgaHttpSettings {
  apiUrl: string;
  /** apiToken is sent as a bearer token when OpenFGA is started with preshared-key authentication. */
  apiToken?: string;
  timeoutMs: number;
  /** observe is told each call's kind (openFgaOp) and time in seconds, failures included: the metrics hook. */
  observe?: (op: string, seconds: number) => void;
}

/** StoreMissingError says the store or its model is gone, as when OpenFGA restarted with an empty memory datastore. */
export class StoreMissingError extends DependencyUnavailableError {
  constructor() {
    super('openfga', 'OpenFGA lost its store; the service is rebuilding it from Neo4j', 1, 'openfga_rebuilding');
  }
}

/** openFgaUnavailable is the error of a call OpenFGA did not answer usefully, which a retry may fix. */
export const openFgaUnavailable = () => new DependencyUnavailableError('openfga', 'OpenFGA did not answer in time; try again');

/**
 * OpenFgaHttp sends calls to one OpenFGA on undici's pool of keep-alive connections rather than
 * through @openfga/sdk (its axios, redirect and telemetry layers cost more CPU than a check itself)
 * or `node:http` (a quarter more client CPU per call than undici at c=1: bench/README.md); one transport
 * means one error mapping.
 */
export class OpenFgaHttp {
  private readonly pool: Pool;
  private readonly base: URL;
  private readonly prefix: string;
  private readonly auth: Record<string, string>;

  constructor(private readonly s: OpenFgaHttpSettings) {
    this.base = new URL(s.apiUrl);
    this.pool = new Pool(this.base.origin, { connections: 128 });
    this.prefix = this.base.pathname.replace(/\/$/, '');
    this.auth = s.apiToken ? { authorization: `Bearer ${s.apiToken}` } : {};
  }


  /** get reads a JSON answer; query values left undefined or empty are not sent, so a first page needs no token. */
  get<T extends object>(path: string, query: Record<string, string | number | undefined> = {}): Promise<T> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
    const search = params.toString();
    return this.call<T>('GET', search ? `${path}?${search}` : path);
  }

  /** post sends body as JSON; JSON.stringify leaves out fields that are undefined, so optional ones can stay unset. */
  post<T extends object>(path: string, body: object): Promise<T> {
    return this.call<T>('POST', path, JSON.stringify(body));
  }

  private async call<T extends object>(method: 'GET' | 'POST', path: string, body?: string): Promise<T> {
    const op = openFgaOp(method, path);
    const started = performance.now();
    const span = tracingEnabled() ? childSpan(`openfga ${op}`, { 'rpc.system': 'openfga', 'rpc.method': op, 'http.request.method': method, 'server.address': this.base.hostname, 'url.path': path.split('?', 1)[0] }) : undefined;
    const headers: Record<string, string> = { ...this.auth };
    span?.propagate(headers);
    let failure: Error | undefined;
    try {
      const answer = await this.exchange(method, this.prefix + path, headers, body).then(
        ({ status, text }) => ({ status, json: parseJson(text) }),
        () => undefined,
      );
      if (answer) span?.set('http.response.status_code', answer.status);
      if (answer && answer.status >= 200 && answer.status < 300 && typeof answer.json === 'object' && answer.json !== null) return answer.json as T;
      throw (failure = callFailure(`${method} ${path}`, answer));
    } finally {
      this.s.observe?.(op, (performance.now() - started) / 1000);
      span?.end(failure);
    }
  }

  /**
   * exchange sends one request and reads the whole answer; it rejects on a network error, or when
   * the answer's headers, or the next part of its body, have not come within timeoutMs.
   */
  private async exchange(method: 'GET' | 'POST', path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; text: string }> {
    if (body !== undefined) headers['content-type'] = 'application/json';
    const answer = await this.pool.request({ method, path, headers, body, headersTimeout: this.s.timeoutMs, bodyTimeout: this.s.timeoutMs });
    return { status: answer.statusCode, text: await answer.body.text() };
  }
}

/** OPENFGA_OPS are the calls the service makes, named as OpenFGA's API names them; anything else is `other`, so the label stays bounded. */
const OPENFGA_OPS = new Set(['check', 'batch-check', 'write', 'read', 'list-objects', 'list-users', 'expand', 'changes']);

/**
 * openFgaOp names a call by its kind, never by its store or model id: `check`, `batch-check`,
 * `write`, `read`, ..., `read-authorization-model(s)`, `write-authorization-model`, `get-store`,
 * `list-stores`, `create-store`, else `other`.
 */
export function openFgaOp(method: string, path: string): string {
  const parts = path.split('?', 1)[0].split('/').filter(Boolean);
  if (parts[0] !== 'stores') return 'other';
  if (parts.length === 1) return method === 'POST' ? 'create-store' : 'list-stores';
  if (parts.length === 2) return 'get-store';
  if (parts[2] === 'authorization-models') {
    if (parts.length === 4) return 'read-authorization-model';
    return method === 'POST' ? 'write-authorization-model' : 'read-authorization-models';
  }
  return parts.length === 3 && OPENFGA_OPS.has(parts[2]) ? parts[2] : 'other';
}

const MISSING_CODES = new Set(['store_id_not_found', 'authorization_model_not_found', 'latest_authorization_model_not_found']);

/**
 * callFailure is the one mapping of failed calls to the errors callers get: no answer (a network
 * error, a time-out), 5xx, 429 and a success that is not a JSON object (a proxy's page) mean try
 * again; 404 or a store/model-missing code mean the store is gone and the service rebuilds it; any
 * other refusal is a request this service should not have made, so it becomes a plain Error, a 500
 * with the detail in the log only.
 */
function callFailure(call: string, answer?: { status: number; json: unknown }): Error {
  if (!answer) return openFgaUnavailable();
  const { status, json } = answer;
  const { code, message } = (typeof json === 'object' && json !== null ? json : {}) as { code?: unknown; message?: unknown };
  const codeText = String(code ?? '');
  if (MISSING_CODES.has(codeText) || status === 404) return new StoreMissingError();
  if (status >= 500 || status === 429 || (status >= 200 && status < 300)) return openFgaUnavailable();
  return new OpenFgaRefusedError(`OpenFGA refused ${call} with ${status} ${codeText}${message ? `: ${String(message)}` : ''}`.trim(), status, codeText, String(message ?? ''));
}

/** OpenFgaRefusedError is a 4xx OpenFGA gave: a 500 unless the caller's own input (a check's context) was what it refused. */
export class OpenFgaRefusedError extends Error {
  constructor(message: string, readonly status: number, readonly code: string, readonly detail: string) {
    super(message);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
