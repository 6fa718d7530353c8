/**
 * The bench's rows for the OpenFGA-compatible surface that are not a load run: batch-checks of 50
 * through the official JavaScript SDK (its BatchCheck over /stores/{id}/batch-check) against the same
 * 50 checks through POST /v1/check/batch, one request at a time, alternating, in the same run.
 */
import { CredentialsMethod, OpenFgaClient } from '@openfga/sdk';
import type { Tuple } from '../src/domain/tuple';
import { percentile } from './load';

/** BatchRow is the latency of one batch of 50 each way, in ms. */
export interface BatchRow {
  batches: number;
  sdk: { p50: number; p99: number; max: number };
  v1: { p50: number; p99: number; max: number };
}

const summary = (ms: number[]) => {
  const sorted = Float64Array.from(ms).sort();
  const round = (x: number) => Math.round(x * 100) / 100;
  return { p50: round(percentile(sorted, 50)), p99: round(percentile(sorted, 99)), max: round(sorted[sorted.length - 1] ?? NaN) };
};

/** measureBatchOf50 asks rounds batches of 50 checks each way and checks both give the same answers. */
export async function measureBatchOf50(url: string, storeId: string, token: string, checks: Tuple[], rounds: number): Promise<BatchRow> {
  const fga = new OpenFgaClient({ apiUrl: url, storeId, credentials: { method: CredentialsMethod.ApiToken, config: { token } } });
  const sdk: number[] = [];
  const v1: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const batch = Array.from({ length: 50 }, (_, j) => checks[(i * 50 + j) % checks.length]);
    let started = performance.now();
    const theirs = await fga.batchCheck({ checks: batch.map((q, j) => ({ ...q, correlationId: `c${j}` })) });
    sdk.push(performance.now() - started);
    started = performance.now();
    const res = await fetch(`${url}/v1/check/batch`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ checks: batch }) });
    const ours = (await res.json()) as { results: Array<{ allowed: boolean }> };
    v1.push(performance.now() - started);
    const byId = new Map(theirs.result.map((r) => [r.correlationId, r.allowed]));
    if (ours.results.some((r, j) => r.allowed !== byId.get(`c${j}`))) throw new Error('the SDK batch-check and /v1/check/batch disagree');
  }
  return { batches: rounds, sdk: summary(sdk), v1: summary(v1) };
}
