/**
 * PutEntity: sets a user's, organization's or reseller's attributes, creating the entity, filling
 * the bare node a tuple made, or reviving a deleted one. A PUT replaces every attribute. A
 * reseller's commission plan is not replaced but added to its history, from effectiveFrom (the
 * current UTC month by default); a plan starting in a closed month is refused, nothing written.
 */
import { monthOf, monthRange, parsePlan, planInForce, type CommissionPlan, type CommissionPlanInput } from './commission';
import { entityKey, viewOf, type EntityType, type EntityView } from './entity';
import { ConflictError } from './errors';
import type { CommissionStore, EntityStore, WriteMeta } from './ports';

/** PutEntityInput is the validated body of a PUT plus who sends it; email is for users, commission for resellers. */
export interface PutEntityInput {
  type: EntityType;
  id: string;
  name?: string;
  email?: string;
  commission?: CommissionPlanInput & { effectiveFrom?: string };
  actor: string;
  requestId: string;
}

const samePlan = (a: CommissionPlan, b: CommissionPlan) => a.currency === b.currency && JSON.stringify(a.tiers) === JSON.stringify(b.tiers);

/** monthClosed is the 409 for a plan that would change a closed month. */
export function monthClosed(month: string): ConflictError {
  return new ConflictError(`${month} is closed: its statements are frozen, so a plan cannot start in it; start the plan in an open month`, 'month_closed');
}

/** PutEntityCommand creates or replaces an entity's attributes and adds a reseller's plan to its history. */
export class PutEntityCommand {
  constructor(
    private readonly store: Pick<EntityStore, 'putEntity'>,
    private readonly plans: Pick<CommissionStore, 'recordPlan' | 'plans' | 'ledger'>,
  ) {}

  async execute(input: PutEntityInput): Promise<{ entity: EntityView; created: boolean }> {
    const key = entityKey(input.type, input.id);
    const meta: WriteMeta = { actor: input.actor, requestId: input.requestId, at: new Date() };
    const plan = input.commission && { ...parsePlan(input.commission), effectiveFrom: this.effectiveFrom(input.commission.effectiveFrom, meta.at) };
    if (plan && (await this.plans.ledger()).closed.some((c) => c.month === plan.effectiveFrom)) throw monthClosed(plan.effectiveFrom);
    const { entity, created } = await this.store.putEntity(input.type, input.id, { name: input.name, email: input.email }, meta);
    if (input.type !== 'reseller') return { entity: viewOf(entity), created };
    let history = await this.plans.plans(key);
    const current = plan && planInForce(history, plan.effectiveFrom);
    if (plan && !(current && current.effectiveFrom === plan.effectiveFrom && samePlan(current, plan))) {
      // The closing may have come in since the look above; the store checks again atomically.
      if (!(await this.plans.recordPlan(key, plan, meta))) throw monthClosed(plan.effectiveFrom);
      history = await this.plans.plans(key);
    }
    return { entity: viewOf(entity, history.at(-1)), created };
  }

  private effectiveFrom(month: string | undefined, now: Date): string {
    if (month === undefined) return monthOf(now.toISOString());
    monthRange(month, 'commission.effectiveFrom');
    return month;
  }
}
