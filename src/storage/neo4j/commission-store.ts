/**
 * The Neo4j adapter of CommissionStore: plans as (:CommissionPlan)-[:PLAN_OF]->(:Entity) nodes,
 * appended and never changed (tiers as parallel integer lists: Neo4j properties hold no maps), and
 * closed months as (:ClosedStatement)-[:CLOSED_IN]->(:ClosedMonth). One (:CommissionLedger) node
 * is the lock and version that plan writes and closings serialise on.
 */
import type { CommissionPlan, DatedPlan } from '../../domain/commission';
import { parseRef } from '../../domain/tuple';
import type { CommissionStore, FrozenStatement, FrozenSummary, LedgerState, MonthClosing, ResellerPlan, WriteMeta } from '../../domain/ports';
import type { Neo4jExecutor, Row } from './executor';

function planOf(row: Row): ResellerPlan {
  const p = row.plan as Record<string, unknown>;
  const bp = p.tierBasisPoints as number[];
  return {
    reseller: String(p.reseller),
    effectiveFrom: String(p.effectiveFrom),
    currency: String(p.currency),
    tiers: (p.tierFrom as number[]).map((from, i) => ({ from: Number(from), basisPoints: Number(bp[i]) })),
    recordedAt: String(p.recordedAt),
    recordedBy: String(p.recordedBy),
  };
}

function summaryOf(p: Record<string, unknown>): FrozenSummary {
  return { reseller: String(p.reseller), month: String(p.month), currency: String(p.currency), basisPoints: Number(p.basisPoints), settled: (p.settled as string[]).map(String) };
}

/** Neo4jCommissionStore keeps plan history and closed months in Neo4j. */
export class Neo4jCommissionStore implements CommissionStore {
  constructor(private readonly db: Neo4jExecutor) {}

  async recordPlan(reseller: string, plan: CommissionPlan & { effectiveFrom: string }, meta: WriteMeta): Promise<DatedPlan | undefined> {
    const at = meta.at.toISOString();
    return this.db.write(async (run) => {
      await run('lock-commission-ledger', { at });
      if ((await run('closed-month', { month: plan.effectiveFrom })).length) return undefined;
      const [row] = await run('create-commission-plan', {
        reseller,
        resellerId: parseRef(reseller, 'reseller').id,
        effectiveFrom: plan.effectiveFrom,
        currency: plan.currency,
        tierFrom: plan.tiers.map((t) => t.from),
        tierBasisPoints: plan.tiers.map((t) => t.basisPoints),
        at,
        actor: meta.actor,
        requestId: meta.requestId,
      });
      const { reseller: _, ...dated } = planOf(row);
      return dated;
    });
  }

  /**
   * migrateLegacyPlans moves each plan a reseller node kept before plans had history into the
   * history, in force from 1970-01 (it then applied to every month), so no statement changes; run
   * at start, it does nothing once every plan is moved. Returns how many it moved.
   */
  async migrateLegacyPlans(): Promise<number> {
    const [row] = await this.db.write((run) => run('migrate-legacy-plans', { firstMonth: '1970-01' }));
    return Number(row?.moved ?? 0);
  }

  async plans(reseller?: string): Promise<ResellerPlan[]> {
    return (await this.db.read('commission-plans', { reseller: reseller ?? null })).map(planOf);
  }

  async ledger(): Promise<LedgerState> {
    const [row] = await this.db.read('commission-ledger');
    const closed = (row.closed as Array<Record<string, unknown>>).map((m) => ({ month: String(m.month), startedAt: String(m.startedAt), at: String(m.at), by: String(m.by) }));
    return { version: Number(row.version), closed };
  }

  async summaries(reseller: string, months: string[]): Promise<FrozenSummary[]> {
    return (await this.db.read('commission-summaries', { reseller, months })).map((r) => summaryOf(r.statement as Record<string, unknown>));
  }

  async frozen(month: string, reseller?: string): Promise<FrozenStatement[]> {
    return (await this.db.read('frozen-statements', { month, reseller: reseller ?? null })).map((r) => {
      const p = r.statement as Record<string, unknown>;
      return { ...summaryOf(p), body: String(p.body), hash: String(p.hash) };
    });
  }

  async closeMonth(closing: MonthClosing): Promise<'closed' | 'stale'> {
    return this.db.write(async (run) => {
      const [lock] = await run('lock-commission-ledger', { at: closing.at });
      if (Number(lock.version) !== closing.version || (await run('closed-month', { month: closing.month })).length) return 'stale';
      await run('close-month', { month: closing.month, startedAt: closing.startedAt, at: closing.at, by: closing.by, statements: closing.statements });
      return 'closed';
    });
  }
}
