/** CommissionPlans: a reseller's plan history, each plan with the months it is in force, so finance can see which rate any month used. */
import { addMonths, showPlan, type CommissionPlanInput } from './commission';
import { entityKey, unknownEntity } from './entity';
import type { CommissionStore, EntityStore } from './ports';

/** PlanView is one recorded plan: in force from `from` through `until` (null: still in force), or replaced before it started. */
export interface PlanView extends CommissionPlanInput {
  effectiveFrom: string;
  /** months the plan is in force; null when a plan recorded later for the same month replaced it. */
  months: { from: string; until: string | null } | null;
  recordedAt: string;
  recordedBy: string;
}

/** CommissionPlansQuery lists a reseller's plans in (effectiveFrom, recordedAt) order; a deleted reseller keeps its history. */
export class CommissionPlansQuery {
  constructor(
    private readonly entities: Pick<EntityStore, 'getEntity'>,
    private readonly commissions: Pick<CommissionStore, 'plans'>,
  ) {}

  async execute(id: string): Promise<{ reseller: string; plans: PlanView[] }> {
    const key = entityKey('reseller', id);
    if (!(await this.entities.getEntity('reseller', id))) throw unknownEntity('reseller', id);
    const plans = await this.commissions.plans(key);
    const views = plans.map((p, i): PlanView => {
      const replaced = plans[i + 1]?.effectiveFrom === p.effectiveFrom;
      const next = plans.slice(i + 1).find((q) => q.effectiveFrom > p.effectiveFrom);
      const months = replaced ? null : { from: p.effectiveFrom, until: next ? addMonths(next.effectiveFrom, -1) : null };
      return { ...showPlan(p), effectiveFrom: p.effectiveFrom, months, recordedAt: p.recordedAt, recordedBy: p.recordedBy };
    });
    return { reseller: key, plans: views };
  }
}
