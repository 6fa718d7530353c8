/**
 * The CommissionStore contract: plans appended as history and never overwritten, refused in a
 * closed month; closed months written once with their frozen statements, exactly as given; a
 * closing computed at a stale ledger version writes nothing.
 */
import type { FrozenStatement } from '../../src/domain/ports';
import { meta, type StoreHarness } from './harness';

const plan = (effectiveFrom: string, bp = 1000) => ({ currency: 'SEK', tiers: [{ from: 0, basisPoints: bp }, { from: 40_000, basisPoints: bp + 1000 }], effectiveFrom });
const frozen = (reseller: string, month: string, settled: string[] = []): FrozenStatement => ({
  reseller, month, currency: 'SEK', basisPoints: 2000, settled, body: JSON.stringify({ reseller, month, lines: [], note: 'öre "quoted"' }), hash: `hash-${reseller}`,
});
const closing = (month: string, version: number, statements: FrozenStatement[] = []) => ({ month, startedAt: '2026-05-01T00:00:00.000Z', at: '2026-05-01T00:00:01.000Z', by: 'finance', version, statements });

export function commissionContract(h: StoreHarness): void {
  describe('CommissionStore', () => {
    it('keeps every plan recorded, in (reseller, effectiveFrom, recordedAt) order, and makes a bare reseller node for a new one', async () => {
      const { commissions, entities } = await h.fresh();
      expect(await commissions.recordPlan('reseller:b', plan('2026-03'), meta('2026-01-01T00:00:00.000Z', 'finance'))).toEqual({ ...plan('2026-03'), recordedAt: '2026-01-01T00:00:00.000Z', recordedBy: 'finance' });
      await commissions.recordPlan('reseller:b', plan('2026-01', 500), meta('2026-01-02T00:00:00.000Z'));
      await commissions.recordPlan('reseller:b', plan('2026-03', 700), meta('2026-01-03T00:00:00.000Z'));
      await commissions.recordPlan('reseller:a', plan('2026-02'), meta('2026-01-04T00:00:00.000Z'));
      const all = await commissions.plans();
      expect(all.map((p) => [p.reseller, p.effectiveFrom, p.tiers[0].basisPoints])).toEqual([['reseller:a', '2026-02', 1000], ['reseller:b', '2026-01', 500], ['reseller:b', '2026-03', 1000], ['reseller:b', '2026-03', 700]]);
      expect((await commissions.plans('reseller:b')).map((p) => p.recordedAt)).toEqual(['2026-01-02T00:00:00.000Z', '2026-01-01T00:00:00.000Z', '2026-01-03T00:00:00.000Z']);
      expect(await commissions.plans('reseller:nobody')).toEqual([]);
      expect(await entities.getEntity('reseller', 'a')).toMatchObject({ type: 'reseller', id: 'a' });
    });

    it('starts with no closed month, and closes a month once with its statements exactly as given', async () => {
      const { commissions } = await h.fresh();
      expect(await commissions.ledger()).toEqual({ version: 0, closed: [] });
      await commissions.recordPlan('reseller:a', plan('2026-01'), meta());
      const { version } = await commissions.ledger();
      expect(version).toBe(1);
      const statements = [frozen('reseller:b', '2026-03', ['F-2']), frozen('reseller:a', '2026-03', ['F-1', 'C-1'])];
      expect(await commissions.closeMonth(closing('2026-03', version, statements))).toBe('closed');
      const after = await commissions.ledger();
      expect(after.closed).toEqual([{ month: '2026-03', startedAt: '2026-05-01T00:00:00.000Z', at: '2026-05-01T00:00:01.000Z', by: 'finance' }]);
      expect(after.version).toBeGreaterThan(version);
      expect(await commissions.frozen('2026-03')).toEqual([statements[1], statements[0]]);
      expect(await commissions.frozen('2026-03', 'reseller:b')).toEqual([statements[0]]);
      expect(await commissions.frozen('2026-04')).toEqual([]);
      expect(await commissions.summaries('reseller:a', ['2026-02', '2026-03'])).toEqual([{ reseller: 'reseller:a', month: '2026-03', currency: 'SEK', basisPoints: 2000, settled: ['F-1', 'C-1'] }]);
      expect(await commissions.closeMonth(closing('2026-03', after.version, [frozen('reseller:c', '2026-03')]))).toBe('stale');
      expect((await commissions.frozen('2026-03')).map((f) => f.reseller)).toEqual(['reseller:a', 'reseller:b']);
    });

    it('closes a month without statements, and lists closed months in month order', async () => {
      const { commissions } = await h.fresh();
      expect(await commissions.closeMonth(closing('2026-04', 0))).toBe('closed');
      expect(await commissions.closeMonth(closing('2026-02', 1))).toBe('closed');
      expect((await commissions.ledger()).closed.map((m) => m.month)).toEqual(['2026-02', '2026-04']);
    });

    it('refuses a closing computed before a plan came in, and a plan starting in a closed month, writing nothing', async () => {
      const { commissions } = await h.fresh();
      const { version } = await commissions.ledger();
      await commissions.recordPlan('reseller:a', plan('2026-03'), meta());
      expect(await commissions.closeMonth(closing('2026-03', version, [frozen('reseller:a', '2026-03')]))).toBe('stale');
      expect(await commissions.ledger()).toMatchObject({ closed: [] });
      expect(await commissions.closeMonth(closing('2026-03', version + 1))).toBe('closed');
      expect(await commissions.recordPlan('reseller:a', plan('2026-03', 5000), meta())).toBeUndefined();
      expect((await commissions.plans('reseller:a')).map((p) => p.tiers[0].basisPoints)).toEqual([1000]);
      expect(await commissions.recordPlan('reseller:a', plan('2026-04', 5000), meta())).toMatchObject({ effectiveFrom: '2026-04' });
    });
  });
}
