/**
 * The money of the partner program, exactly: commission plans, equal shares of a shared
 * customer's invoice, tier choice and rounding half up. Pure functions over BigInt minor units,
 * no floats, so every öre is accounted for and the rules can be tested without a database.
 */
import { InvalidInputError } from './errors';

/** CURRENCY_PATTERN is an ISO 4217 code: three upper-case letters. */
export const CURRENCY_PATTERN = /^[A-Z]{3}$/;
/** PERCENT_PATTERN is a percentage with at most two decimals, as JSON writes it (12, 12.5, 12.25). */
const PERCENT_PATTERN = /^(?:\d{1,3})(?:\.\d{1,2})?$/;
/** MAX_TIERS bounds a plan; real programs publish three or four. */
export const MAX_TIERS = 20;

/** Tier: from `from` minor units of monthly counted total upward, the rate is basisPoints / 100 percent. */
export interface Tier {
  from: number;
  /** basisPoints are hundredths of a percent (12.5 % is 1250), so percentages stay integers. */
  basisPoints: number;
}

/** CommissionPlan is a reseller's plan: one currency, tiers ascending by `from`. */
export interface CommissionPlan {
  currency: string;
  tiers: Tier[];
}

/** CommissionPlanInput is a plan as the API takes and shows it: percent rather than basis points. */
export interface CommissionPlanInput {
  currency: string;
  tiers: Array<{ from: number; percent: number }>;
}

/** DatedPlan is one plan of a reseller's history: in force from effectiveFrom (YYYY-MM) until a later plan starts. */
export interface DatedPlan extends CommissionPlan {
  effectiveFrom: string;
  recordedAt: string;
  recordedBy: string;
}

/**
 * planInForce is the plan a month's statement uses: the one with the latest effectiveFrom not after
 * the month; of two starting the same month, the one recorded later. Plans come in any order.
 */
export function planInForce<P extends DatedPlan>(plans: readonly P[], month: string): P | undefined {
  let best: P | undefined;
  for (const p of plans) {
    if (p.effectiveFrom > month) continue;
    if (!best || p.effectiveFrom > best.effectiveFrom || (p.effectiveFrom === best.effectiveFrom && p.recordedAt >= best.recordedAt)) best = p;
  }
  return best;
}

/**
 * parsePlan validates a plan: ISO 4217 currency, 1..20 tiers, `from` whole minor units ≥ 0 in
 * strictly ascending order, percent 0..100 with at most two decimals. It throws a 400 naming the field.
 */
export function parsePlan(input: CommissionPlanInput, field = 'commission'): CommissionPlan {
  const bad = (where: string, what: string) => new InvalidInputError(`${field}.${where}: ${what}`, 'invalid_commission_plan');
  parseCurrency(input.currency, `${field}.currency`);
  if (input.tiers.length === 0 || input.tiers.length > MAX_TIERS) throw bad('tiers', `give 1 to ${MAX_TIERS} tiers; got ${input.tiers.length}`);
  const tiers = input.tiers.map((t, i): Tier => {
    if (!Number.isSafeInteger(t.from) || t.from < 0) throw bad(`tiers[${i}].from`, `must be a whole number of minor units (öre, cents) ≥ 0; got ${t.from}`);
    if (i > 0 && t.from <= input.tiers[i - 1].from) throw bad(`tiers[${i}].from`, `tiers must ascend strictly by from; ${t.from} follows ${input.tiers[i - 1].from}`);
    return { from: t.from, basisPoints: basisPoints(t.percent, `${field}.tiers[${i}].percent`) };
  });
  return { currency: input.currency, tiers };
}

/** parseCurrency refuses anything but an ISO 4217 code. */
export function parseCurrency(value: string, field: string): string {
  if (!CURRENCY_PATTERN.test(value)) {
    throw new InvalidInputError(`${field} must be an ISO 4217 code of three upper-case letters (SEK, EUR); got ${JSON.stringify(value.slice(0, 10))}`, 'invalid_currency');
  }
  return value;
}

/** basisPoints reads a percentage 0..100 with at most two decimals as an integer of hundredths. */
export function basisPoints(percent: number, field: string): number {
  const text = String(percent);
  if (typeof percent !== 'number' || !PERCENT_PATTERN.test(text) || percent > 100) {
    throw new InvalidInputError(`${field}: must be a percentage from 0 to 100 with at most two decimals; got ${text.slice(0, 20)}`, 'invalid_commission_plan');
  }
  const [whole, frac = ''] = text.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}

/** percentOf shows basis points as a percentage (1250 -> 12.5); exact to two decimals by construction. */
export function percentOf(bp: number): number {
  return bp / 100;
}

/** showPlan turns a stored plan back into the API's shape. */
export function showPlan(plan: CommissionPlan): CommissionPlanInput {
  return { currency: plan.currency, tiers: plan.tiers.map((t) => ({ from: t.from, percent: percentOf(t.basisPoints) })) };
}

/** tierRate is the basis points of the highest tier whose `from` the total reaches; 0 below the lowest. */
export function tierRate(plan: CommissionPlan, total: bigint): number {
  let rate = 0;
  for (const tier of plan.tiers) if (total >= BigInt(tier.from)) rate = tier.basisPoints;
  return rate;
}

/** commissionOf is total × basisPoints / 10000 rounded half up to the minor unit (totals are never negative; a credit's is negated after rounding). */
export function commissionOf(total: bigint, bp: number): bigint {
  if (total < 0n) throw new RangeError('commission of a negative total');
  return (total * BigInt(bp) + 5000n) / 10000n;
}

/** Link is a reseller linked to an organization at a moment, and since when that link has been live. */
export interface Link {
  reseller: string;
  since: string;
}

/**
 * shareAmong splits an amount equally among the resellers linked at the moment, in whole minor
 * units; the remainder goes to the one linked longest (earliest `since`, ISO strings compare by
 * time), ties broken by reseller key. Every unit lands with exactly one reseller.
 */
export function shareAmong(amount: bigint, links: Link[]): Map<string, bigint> {
  const byReseller = new Map<string, string>();
  for (const l of links) {
    const seen = byReseller.get(l.reseller);
    if (seen === undefined || l.since < seen) byReseller.set(l.reseller, l.since);
  }
  const order = [...byReseller].sort(([ra, sa], [rb, sb]) => (sa < sb ? -1 : sa > sb ? 1 : ra < rb ? -1 : ra > rb ? 1 : 0));
  const shares = new Map<string, bigint>();
  if (order.length === 0) return shares;
  const n = BigInt(order.length);
  const each = amount / n;
  order.forEach(([reseller], i) => shares.set(reseller, i === 0 ? each + (amount - each * n) : each));
  return shares;
}

/** MONTH_PATTERN is YYYY-MM. */
const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** monthRange turns YYYY-MM into its UTC bounds [from, to) as ISO strings, comparable with stored instants. */
export function monthRange(month: string, field = 'month'): { from: string; to: string } {
  const m = MONTH_PATTERN.exec(month);
  if (!m || Number(m[1]) < 1970) throw new InvalidInputError(`${field} must be a month written YYYY-MM (1970 or later), e.g. 2025-03; got ${JSON.stringify(month.slice(0, 20))}`, 'invalid_month');
  const year = Number(m[1]);
  const index = Number(m[2]) - 1;
  return { from: new Date(Date.UTC(year, index, 1)).toISOString(), to: new Date(Date.UTC(year, index + 1, 1)).toISOString() };
}

/** monthOf is the UTC month (YYYY-MM) of an ISO instant. */
export function monthOf(iso: string): string {
  return iso.slice(0, 7);
}

/** addMonths moves a YYYY-MM month by n months (n may be negative). */
export function addMonths(month: string, n: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}
