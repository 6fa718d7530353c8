/**
 * Commission over time as a property, on the in-memory adapters through the real use cases: random
 * link histories, plans, invoices, credit notes and closings in random order, every statement
 * compared with the independent reference in test/fixtures/commission-reference.ts; and, closing
 * months in random order among randomly late invoices, every invoice paid exactly once.
 */
import { CloseMonthCommand } from '../../src/domain/close-month';
import { CommissionStatementQuery } from '../../src/domain/commission-statement';
import { DomainError } from '../../src/domain/errors';
import { PutEntityCommand } from '../../src/domain/put-entity';
import { RecordInvoiceCommand } from '../../src/domain/record-invoice';
import type { Statement } from '../../src/domain/statement';
import { RefLedger, type RefPlan, type RefStatement } from '../fixtures/commission-reference';
import { memoryStores } from '../fixtures/memory';
import { Rng } from '../fixtures/random-graph';

const MONTHS = ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06', '2025-07'];
const RESELLERS = ['r1', 'r2', 'r3'];
const ORGS = ['o1', 'o2', 'o3', 'o4'];
const who = { actor: 'finance', requestId: 'property' };

/** instant is a random moment in a month (days 1..28, so every month has it). */
function instant(rng: Rng, month: string): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${month}-${pad(rng.int(1, 28))}T${pad(rng.int(0, 23))}:${pad(rng.int(0, 59))}:00.000Z`;
}

/** World is one random run: the service's use cases over fresh memory adapters, and the reference beside them. */
function world(rng: Rng) {
  const stores = memoryStores();
  const ref = new RefLedger();
  const put = new PutEntityCommand(stores.entities, stores.commissions);
  const record = new RecordInvoiceCommand(stores.invoices);
  const close = new CloseMonthCommand(stores.invoices, stores.commissions);
  const statement = new CommissionStatementQuery(stores.entities, stores.invoices, stores.commissions);

  /** links writes a random link history (0..2 periods a pair, from December 2024) in time order, as an import of the past would. */
  async function links(): Promise<void> {
    const events: Array<{ at: string; write: boolean; r: string; o: string }> = [];
    for (const r of RESELLERS) {
      for (const o of ORGS) {
        let from = 0;
        for (let n = rng.int(0, 2); n > 0 && from < 7; n -= 1) {
          const since = instant(rng, ['2024-12', ...MONTHS][rng.int(from, 7)]);
          const ends = rng.next() < 0.5;
          const untilMonth = rng.int(MONTHS.indexOf(since.slice(0, 7)) + 1, 7);
          const until = ends && untilMonth < 7 ? instant(rng, MONTHS[untilMonth]) : undefined;
          ref.periods.push({ reseller: `reseller:${r}`, organization: `organization:${o}`, since, until });
          events.push({ at: since, write: true, r, o });
          if (!until) break;
          events.push({ at: until, write: false, r, o });
          from = untilMonth + 2;
        }
      }
    }
    for (const e of events.sort((a, b) => (a.at < b.at ? -1 : 1))) {
      const t = [{ user: `reseller:${e.r}`, relation: 'reseller', object: `organization:${e.o}` }];
      await stores.tuples.writeTuples({ writes: e.write ? t : [], deletes: e.write ? [] : t, ...who, at: new Date(e.at) });
    }
  }

  /** plan records a random plan in both, and checks they agree on whether its month may take one. */
  async function plan(r: string, effectiveFrom: string): Promise<void> {
    const tiers: RefPlan['tiers'] = [[0, rng.int(0, 40) * 50]];
    if (rng.next() < 0.7) tiers.push([rng.int(2000, 9000), rng.int(0, 40) * 50 + 2000]);
    const accepted = await put.execute({ type: 'reseller', id: r, commission: { currency: 'SEK', tiers: tiers.map(([from, bp]) => ({ from, percent: bp / 100 })), effectiveFrom }, ...who }).then(() => true, (e: DomainError) => e.code);
    expect(accepted).toBe(ref.frozen.has(effectiveFrom) ? 'month_closed' : true);
    if (accepted === true) ref.plans.push({ reseller: `reseller:${r}`, effectiveFrom, tiers, currency: 'SEK' });
  }

  let n = 0;
  async function invoice(month: string, currency = 'SEK'): Promise<void> {
    const i = { id: `inv-${(n += 1)}`, organization: `organization:${rng.pick(ORGS)}`, amount: rng.int(0, 12000), currency, issuedAt: instant(rng, month) };
    await record.execute({ ...i, ...who });
    ref.invoices.push(i);
  }

  /** credit credits a random invoice, sometimes more than is left, and checks both agree on refusing. */
  async function credit(): Promise<void> {
    const originals = ref.invoices.filter((i) => !i.creditFor && i.amount > 0);
    if (!originals.length) return;
    const o = rng.pick(originals);
    const left = o.amount - ref.invoices.filter((i) => i.creditFor === o.id).reduce((a, i) => a + i.amount, 0);
    const c = { id: `cr-${(n += 1)}`, organization: o.organization, amount: rng.int(1, Math.max(1, Math.ceil(left * 1.2))), currency: o.currency, issuedAt: instant(rng, rng.pick(MONTHS.filter((m) => m >= o.issuedAt.slice(0, 7)))), creditFor: o.id };
    if (c.issuedAt < o.issuedAt) c.issuedAt = o.issuedAt;
    const accepted = await record.execute({ ...c, ...who }).then(() => true, (e: DomainError) => e.code);
    expect(accepted).toBe(c.amount > left ? 'credit_exceeds_invoice' : true);
    if (accepted === true) ref.invoices.push(c);
  }

  async function closeMonth(month: string): Promise<void> {
    await close.execute(month, 'finance');
    ref.close(month, RESELLERS.map((r) => `reseller:${r}`));
  }

  /** answer is the service's statement, or undefined for a 409 (no plan in force). */
  async function answer(r: string, month: string): Promise<Statement | undefined> {
    return statement.execute(r, month).catch((e: DomainError) => {
      if (e.code !== 'no_commission_plan') throw e;
      return undefined;
    });
  }
  return { ref, links, plan, invoice, credit, closeMonth, answer };
}

/** shape puts a service statement in the reference's terms. */
function shape(s: Statement): Omit<RefStatement, 'ids' | 'currency'> {
  return {
    lines: s.lines.map((l) => [l.invoice, l.share]),
    total: s.total,
    bp: Math.round(s.percent * 100),
    commission: s.commission,
    adjustments: s.adjustments.map((a) => [a.invoice, a.originalMonth, a.share, Math.round(a.percent * 100), a.commission]),
    credits: s.credits.map((c) => [c.invoice, c.originalMonth, c.share, Math.round(c.percent * 100), c.commission]),
    payout: s.payout,
  };
}

async function compareAll(w: ReturnType<typeof world>, seed: number, when: string): Promise<void> {
  for (const r of RESELLERS) {
    for (const m of MONTHS) {
      const expected = w.ref.answer(`reseller:${r}`, m);
      const got = await w.answer(r, m);
      const { ids: _, currency: __, ...want } = expected ?? { ids: [], currency: '' };
      expect({ seed, when, r, m, statement: got && shape(got) }).toEqual({ seed, when, r, m, statement: expected && want });
    }
  }
}

describe('commission over time, against an independent reference', () => {
  it.each(Array.from({ length: 40 }, (_, i) => [i + 1]))('agrees on every statement of random history %p, before and after each closing', async (seed) => {
    const rng = new Rng(seed * 7919);
    const w = world(rng);
    await w.links();
    for (const r of RESELLERS.slice(0, 2)) await w.plan(r, rng.pick(MONTHS.slice(0, 3)));
    for (let step = 0; step < 45; step += 1) {
      const roll = rng.next();
      if (roll < 0.45) await w.invoice(rng.pick(MONTHS), rng.next() < 0.1 ? 'EUR' : 'SEK');
      else if (roll < 0.6) await w.credit();
      else if (roll < 0.72) await w.plan(rng.pick(RESELLERS), rng.pick(MONTHS));
      else {
        await w.closeMonth(rng.pick(MONTHS.slice(0, 6)));
        await compareAll(w, seed, `after step ${step}`);
      }
    }
    await compareAll(w, seed, 'at the end');
  });
});

describe('closing months in random order among late invoices', () => {
  it.each(Array.from({ length: 25 }, (_, i) => [i + 1]))('pays every invoice once, summed over all months (seed %p)', async (seed) => {
    const rng = new Rng(seed * 104729);
    const w = world(rng);
    await w.links();
    for (const r of RESELLERS) await w.plan(r, '2025-01');
    const order = MONTHS.slice(0, 6).sort(() => rng.next() - 0.5);
    for (const m of order) {
      for (let k = rng.int(0, 6); k > 0; k -= 1) await w.invoice(rng.pick(MONTHS));
      await w.closeMonth(m);
    }
    for (let k = rng.int(1, 6); k > 0; k -= 1) await w.invoice(rng.pick(MONTHS));
    for (const r of RESELLERS) {
      const key = `reseller:${r}`;
      const paid = new Map<string, number>();
      for (const m of MONTHS) {
        const s = (await w.answer(r, m)) as Statement;
        for (const l of [...s.lines, ...s.adjustments]) paid.set(l.invoice, (paid.get(l.invoice) ?? 0) + 1);
        for (const a of s.adjustments) expect(a.originalMonth < m).toBe(true);
      }
      const earned = w.ref.invoices.filter((i) => w.ref.linked(key, i.organization, i.issuedAt)).map((i) => i.id).sort();
      expect({ seed, r, paid: [...paid.keys()].sort() }).toEqual({ seed, r, paid: earned });
      expect([...paid.values()].every((times) => times === 1)).toBe(true);
    }
  });
});
