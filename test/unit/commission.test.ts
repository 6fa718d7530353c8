/**
 * The money rules of the partner program, without a database: plan validation, tiers, equal
 * shares with the remainder to the longest-linked reseller, rounding half up, currency apart.
 */
import { addMonths, basisPoints, commissionOf, monthRange, parsePlan, planInForce, shareAmong, tierRate, type CommissionPlan } from '../../src/domain/commission';
import { buildStatement, type CandidateInvoice } from '../../src/domain/statement';
import { InvalidInputError } from '../../src/domain/errors';

/** The published Swedish example: 400 SEK → 20 %, 2000 SEK → 30 %, 10000 SEK → 50 % (in öre). */
const plan: CommissionPlan = parsePlan({ currency: 'SEK', tiers: [{ from: 40000, percent: 20 }, { from: 200000, percent: 30 }, { from: 1000000, percent: 50 }] });

describe('commission plans', () => {
  it('reads percentages with up to two decimals as exact basis points', () => {
    expect(basisPoints(20, 'p')).toBe(2000);
    expect(basisPoints(12.5, 'p')).toBe(1250);
    expect(basisPoints(0.07, 'p')).toBe(7);
    expect(basisPoints(100, 'p')).toBe(10000);
    expect(basisPoints(0, 'p')).toBe(0);
  });

  it.each([[12.345], [-1], [100.01], [1e-7], [NaN]])('refuses the percentage %p', (p) => {
    expect(() => basisPoints(p, 'p')).toThrow(InvalidInputError);
  });

  it('refuses tiers that do not ascend strictly, naming the tier', () => {
    expect(() => parsePlan({ currency: 'SEK', tiers: [{ from: 100, percent: 1 }, { from: 100, percent: 2 }] })).toThrow(/tiers\[1\]\.from/);
    expect(() => parsePlan({ currency: 'SEK', tiers: [{ from: 100, percent: 1 }, { from: 50, percent: 2 }] })).toThrow(/ascend/);
  });

  it('refuses a currency that is not an ISO 4217 code and an empty or fractional tier list', () => {
    expect(() => parsePlan({ currency: 'sek', tiers: [{ from: 0, percent: 1 }] })).toThrow(/ISO 4217/);
    expect(() => parsePlan({ currency: 'SEK', tiers: [] })).toThrow(/1 to 20 tiers/);
    expect(() => parsePlan({ currency: 'SEK', tiers: [{ from: 1.5, percent: 1 }] })).toThrow(/whole number/);
  });
});

describe('tiers', () => {
  it.each([
    [0n, 0], [39999n, 0], [40000n, 2000], [199999n, 2000], [200000n, 3000], [999999n, 3000], [1000000n, 5000],
  ])('a counted total of %p öre earns %p basis points', (total, bp) => {
    expect(tierRate(plan, total)).toBe(bp);
  });
});

describe('rounding', () => {
  it('rounds half up to the minor unit', () => {
    expect(commissionOf(40001n, 2000)).toBe(8000n); // 8000.2
    expect(commissionOf(40003n, 2000)).toBe(8001n); // 8000.6
    expect(commissionOf(12345n, 1250)).toBe(1543n); // 1543.125
    expect(commissionOf(1n, 5000)).toBe(1n); // 0.5 → 1
    expect(commissionOf(3n, 5000)).toBe(2n); // 1.5 → 2
    expect(commissionOf(1n, 4999)).toBe(0n); // 0.4999 → 0
  });

  it('stays exact beyond what a float could hold', () => {
    // 9007199254740993 × 33.33 % = 3002099511605172.9669; the total is not even representable as a float
    expect(commissionOf(9007199254740993n, 3333)).toBe(3002099511605173n);
  });
});

describe('sharing a customer', () => {
  it('gives the remainder to the reseller linked longest', () => {
    const shares = shareAmong(10001n, [
      { reseller: 'reseller:b', since: '2025-03-02T00:00:00.000Z' },
      { reseller: 'reseller:a', since: '2025-03-05T00:00:00.000Z' },
    ]);
    expect(shares.get('reseller:b')).toBe(5001n);
    expect(shares.get('reseller:a')).toBe(5000n);
  });

  it('breaks a tie in link time by reseller id and never loses a unit', () => {
    const at = '2025-03-01T00:00:00.000Z';
    const shares = shareAmong(100n, [{ reseller: 'reseller:c', since: at }, { reseller: 'reseller:a', since: at }, { reseller: 'reseller:b', since: at }]);
    expect([...shares]).toEqual([['reseller:a', 34n], ['reseller:b', 33n], ['reseller:c', 33n]]);
    expect([...shares.values()].reduce((x, y) => x + y)).toBe(100n);
  });
});

describe('statements', () => {
  const inv = (invoice: string, amount: number, currency = 'SEK', linked = [{ reseller: 'reseller:r', since: '2025-01-01T00:00:00.000Z' }]): CandidateInvoice => ({
    invoice, organization: 'organization:o', amount, currency, issuedAt: '2025-03-10T00:00:00.000Z', linked,
  });

  it('chooses the tier by the counted share, not the invoiced amount', () => {
    const s = buildStatement('reseller:r', '2025-03', plan, [
      inv('i1', 80000, 'SEK', [{ reseller: 'reseller:r', since: '2025-02-01T00:00:00.000Z' }, { reseller: 'reseller:x', since: '2025-01-01T00:00:00.000Z' }]),
    ]);
    expect(s.lines[0]).toMatchObject({ amount: 80000, share: 40000, sharedWith: ['reseller:x'] });
    expect(s).toMatchObject({ total: 40000, percent: 20, commission: 8000 });
  });

  it('lists an invoice in another currency apart and does not count it', () => {
    const s = buildStatement('reseller:r', '2025-03', plan, [inv('i1', 50000), inv('i2', 999999, 'EUR')]);
    expect(s.total).toBe(50000);
    expect(s.excluded).toEqual([expect.objectContaining({ invoice: 'i2', currency: 'EUR', reason: 'currency_mismatch' })]);
  });
});

describe('months', () => {
  it('bounds a month in UTC, December included', () => {
    expect(monthRange('2025-12')).toEqual({ from: '2025-12-01T00:00:00.000Z', to: '2026-01-01T00:00:00.000Z' });
  });

  it.each([['2025-13'], ['2025-1'], ['25-01'], ['2025-01-01']])('refuses %p', (m) => {
    expect(() => monthRange(m)).toThrow(/YYYY-MM/);
  });
});

describe('plans over time', () => {
  const dated = (effectiveFrom: string, recordedAt: string, bp: number) => ({ currency: 'SEK', tiers: [{ from: 0, basisPoints: bp }], effectiveFrom, recordedAt, recordedBy: 'finance' });
  const history = [dated('2025-06', '2025-01-01T00:00:00.000Z', 1000), dated('2025-01', '2025-01-02T00:00:00.000Z', 500), dated('2025-06', '2025-01-03T00:00:00.000Z', 700)];

  it('uses the plan with the latest start not after the month, the later recorded of two starting together', () => {
    expect(planInForce(history, '2024-12')).toBeUndefined();
    expect(planInForce(history, '2025-01')?.tiers[0].basisPoints).toBe(500);
    expect(planInForce(history, '2025-05')?.tiers[0].basisPoints).toBe(500);
    expect(planInForce(history, '2025-06')?.tiers[0].basisPoints).toBe(700);
    expect(planInForce(history, '2031-01')?.tiers[0].basisPoints).toBe(700);
  });

  it('moves months across years both ways', () => {
    expect(addMonths('2025-12', 1)).toBe('2026-01');
    expect(addMonths('2025-01', -1)).toBe('2024-12');
    expect(addMonths('2025-03', -15)).toBe('2023-12');
  });
});

describe('adjustments and credits', () => {
  const r = 'reseller:r';
  const alone = [{ reseller: r, since: '2025-01-01T00:00:00.000Z' }];
  const shared = [...alone, { reseller: 'reseller:x', since: '2025-02-01T00:00:00.000Z' }];
  const entry = (invoice: string, issuedAt: string, amount: number, extra: Partial<CandidateInvoice> = {}): CandidateInvoice => ({ invoice, organization: 'organization:o', amount, currency: 'SEK', issuedAt, linked: alone, ...extra });
  const ledger = { rates: new Map([['2025-02', { currency: 'SEK', basisPoints: 1250 }]]), settled: new Set(['paid-in-feb']) };

  it("pays an unsettled invoice of a closed month at that month's rate, rounded on its own, without moving this month's tier", () => {
    const s = buildStatement(r, '2025-03', { ...plan, effectiveFrom: '2025-01' }, [entry('late', '2025-02-27T00:00:00.000Z', 12345), entry('paid-in-feb', '2025-02-10T00:00:00.000Z', 99999), entry('march', '2025-03-02T00:00:00.000Z', 39999)], ledger);
    expect(s.adjustments).toEqual([{ invoice: 'late', originalMonth: '2025-02', organization: 'organization:o', issuedAt: '2025-02-27T00:00:00.000Z', share: 12345, percent: 12.5, commission: 1543 }]);
    expect(s).toMatchObject({ total: 39999, percent: 0, commission: 0, payout: 1543, plan: { effectiveFrom: '2025-01' }, closed: null });
  });

  it('takes a credit back in the same shares at the rate the credited invoice got, as a negative line', () => {
    const s = buildStatement(r, '2025-03', plan, [
      entry('sale', '2025-03-01T00:00:00.000Z', 400000),
      entry('credit', '2025-03-20T00:00:00.000Z', 1001, { creditFor: 'feb-sale', originalIssuedAt: '2025-02-03T00:00:00.000Z', linked: shared }),
      entry('credit-now', '2025-03-21T00:00:00.000Z', 3, { creditFor: 'sale', originalIssuedAt: '2025-03-01T00:00:00.000Z' }),
    ], ledger);
    expect(s.credits).toEqual([
      expect.objectContaining({ invoice: 'credit', creditFor: 'feb-sale', originalMonth: '2025-02', share: 501, percent: 12.5, commission: -63 }), // 62.625
      expect.objectContaining({ invoice: 'credit-now', creditFor: 'sale', originalMonth: '2025-03', share: 3, percent: 30, commission: -1 }), // 0.9
    ]);
    expect(s).toMatchObject({ total: 400000, percent: 30, commission: 120000, payout: 120000 - 63 - 1 });
  });

  it('adds nothing for a month with no rate (no plan then) or another currency than it applied, and lists a credit in another currency than the plan apart', () => {
    const eur = new Map([['2025-02', { currency: 'EUR', basisPoints: 1000 }]]);
    const s = buildStatement(r, '2025-03', plan, [entry('no-plan', '2025-01-05T00:00:00.000Z', 500), entry('eur', '2025-02-05T00:00:00.000Z', 500, { currency: 'EUR' })], { rates: eur, settled: new Set() });
    expect(s).toMatchObject({ adjustments: [], credits: [], payout: 0 });
    expect(s.excluded.map((e) => e.invoice)).toEqual(['eur']);
  });
});
