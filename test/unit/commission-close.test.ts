/**
 * The commission use cases' own refusals on the in-memory adapters: closing a month that has not
 * ended, a closing that keeps losing to plans, a plan sent twice, a plan in a closed month, and the
 * statement and payout report of a closed month read from what was frozen, not counted again.
 */
import { CloseMonthCommand } from '../../src/domain/close-month';
import { CommissionPayoutsQuery } from '../../src/domain/commission-payouts';
import { CommissionStatementQuery } from '../../src/domain/commission-statement';
import { PutEntityCommand } from '../../src/domain/put-entity';
import { memoryStores } from '../fixtures/memory';

const who = { actor: 'finance', requestId: 'unit' };
const plan = (percent: number, effectiveFrom: string) => ({ currency: 'SEK', tiers: [{ from: 0, percent }], effectiveFrom });

function setup(now = new Date('2025-05-01T00:00:00.000Z')) {
  const stores = memoryStores();
  return {
    ...stores,
    put: new PutEntityCommand(stores.entities, stores.commissions),
    close: new CloseMonthCommand(stores.invoices, stores.commissions, () => now),
    statement: new CommissionStatementQuery(stores.entities, stores.invoices, stores.commissions),
    payouts: new CommissionPayoutsQuery(stores.invoices, stores.commissions),
  };
}

describe('closing a month', () => {
  it('refuses a month that has not ended, to the millisecond', async () => {
    const s = setup(new Date('2025-04-30T23:59:59.999Z'));
    await expect(s.close.execute('2025-04', 'finance')).rejects.toMatchObject({ status: 409, code: 'month_not_ended' });
    expect((await s.commissions.ledger()).closed).toEqual([]);
    await expect(setup().close.execute('2025-04', 'finance')).resolves.toMatchObject({ month: '2025-04', created: true });
  });

  it('gives up with a 409 when plans keep moving the ledger under it, writing nothing', async () => {
    const s = setup();
    await s.put.execute({ type: 'reseller', id: 'r', commission: plan(10, '2025-01'), ...who });
    let moves = 0;
    // The same store, but every closing finds that a plan came in since the ledger was read.
    const busy: typeof s.commissions = Object.create(s.commissions);
    busy.closeMonth = async (closing) => {
      moves += 1;
      await s.commissions.recordPlan('reseller:other', { currency: 'SEK', tiers: [{ from: 0, basisPoints: 100 }], effectiveFrom: '2025-06' }, { ...who, at: new Date() });
      return s.commissions.closeMonth(closing);
    };
    await expect(new CloseMonthCommand(s.invoices, busy, () => new Date('2025-05-01T00:00:00.000Z')).execute('2025-03', 'finance')).rejects.toMatchObject({ status: 409, code: 'close_contended' });
    expect(moves).toBe(5);
    expect((await s.commissions.ledger()).closed).toEqual([]);
  });

  it('answers a closed month from what was frozen, and a second closing with the first', async () => {
    const s = setup();
    await s.put.execute({ type: 'reseller', id: 'r', commission: plan(10, '2025-01'), ...who });
    const first = await s.close.execute('2025-03', 'anna');
    expect(first).toMatchObject({ statements: 1, created: true, closed: { by: 'anna' } });
    expect(await s.close.execute('2025-03', 'bo')).toEqual({ ...first, created: false });
    const [frozen] = await s.commissions.frozen('2025-03');
    // What is answered is what was frozen, even if the frozen text says something no counting would.
    frozen.body = frozen.body.replace('"payout":0', '"payout":777');
    s.db.commission.frozen[0].body = frozen.body;
    expect(JSON.stringify(await s.statement.execute('r', '2025-03'))).toBe(frozen.body);
    expect((await s.payouts.execute('2025-03')).payouts).toEqual([{ reseller: 'reseller:r', currency: 'SEK', commission: 0, adjustments: 0, credits: 0, payout: 777 }]);
    expect((await s.payouts.execute('2025-03')).closed).toEqual(first.closed);
  });
});

describe('plans', () => {
  it('records a plan sent twice once, and refuses a plan in a closed month before writing anything', async () => {
    const s = setup();
    await s.put.execute({ type: 'reseller', id: 'r', name: 'R', commission: plan(10, '2025-01'), ...who });
    await s.put.execute({ type: 'reseller', id: 'r', name: 'R', commission: plan(10, '2025-01'), ...who });
    expect(await s.commissions.plans('reseller:r')).toHaveLength(1);
    await s.close.execute('2025-02', 'finance');
    await expect(s.put.execute({ type: 'reseller', id: 'r', name: 'Renamed', commission: plan(20, '2025-02'), ...who })).rejects.toMatchObject({ status: 409, code: 'month_closed' });
    expect((await s.entities.getEntity('reseller', 'r'))?.name).toBe('R');
    expect(await s.commissions.plans('reseller:r')).toHaveLength(1);
  });
});
