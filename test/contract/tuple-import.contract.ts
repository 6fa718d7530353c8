/** The TupleStore contract of bulk import and export: all or nothing, live tuples and identical periods skipped, overlaps refused naming the line, history exported. */
import { ImportLineError } from '../../src/domain/errors';
import type { ExportedPeriod, ImportPeriod, TupleStore } from '../../src/domain/ports';
import { all, sortedKeys, T, write, type StoreHarness } from './harness';

const AT = '2026-03-01T00:00:00.000Z';

/** importLines imports periods (line numbers from 1) in batches of two, as the domain streams them, at AT by actor. */
function importLines(store: TupleStore, lines: Array<Omit<ImportPeriod, 'line'>>, actor = 'importer') {
  const periods = lines.map((l, i) => ({ ...l, line: i + 1 }));
  async function* batches() {
    for (let i = 0; i < periods.length; i += 2) yield periods.slice(i, i + 2);
  }
  return store.importTuples({ batches: batches(), actor, requestId: 'contract-import', at: new Date(AT) });
}

async function exported(store: TupleStore, revision: number, history: boolean): Promise<string[]> {
  const out: ExportedPeriod[] = [];
  for await (const page of store.exportTuples(revision, history)) out.push(...page);
  return out.map((p) => `${p.object}#${p.relation}@${p.user} ${p.since}..${p.until ?? ''}`).sort();
}

export function tupleImportContract(h: StoreHarness): void {
  describe('TupleStore import and export', () => {
    const a = T('user:a', 'member', 'organization:o');
    const b = T('user:b', 'member', 'organization:o');
    const r = T('reseller:r', 'reseller', 'organization:o');

    it('writes every line under one revision, back-dated to since, ended at until, written by the importer, and counts periods', async () => {
      const { tuples } = await h.fresh();
      const result = await importLines(tuples, [
        { tuple: a },
        { tuple: r, since: '2025-01-01T00:00:00.000Z', until: '2025-06-01T00:00:00.000Z' },
        { tuple: r, since: '2025-09-01T00:00:00.000Z' },
      ]);
      expect(result).toEqual({ revision: 1, written: 3, skipped: 0 });
      expect((await tuples.readTuples({ object: 'organization:o' }, 10)).items).toEqual([
        { ...a, writtenAt: AT, writtenBy: 'importer' },
        { ...r, writtenAt: '2025-09-01T00:00:00.000Z', writtenBy: 'importer' },
      ]);
      expect(sortedKeys(await all(tuples.liveTuples(1)))).toEqual(sortedKeys([a, r]));
      expect((await tuples.pending(0, 1, 10)).map((e) => `${e.revision}/${e.revisionSize} ${e.op} ${e.tuple.user}`)).toEqual(['1/2 write user:a', '1/2 write reseller:r']);
      expect(await exported(tuples, 1, true)).toEqual([
        `organization:o#member@user:a ${AT}..`,
        'organization:o#reseller@reseller:r 2025-01-01T00:00:00.000Z..2025-06-01T00:00:00.000Z',
        'organization:o#reseller@reseller:r 2025-09-01T00:00:00.000Z..',
      ]);
    });

    it('skips tuples already live and periods identical to one kept, so importing a file twice changes nothing', async () => {
      const { tuples } = await h.fresh();
      await write(tuples, { writes: [a] });
      const lines = [{ tuple: a }, { tuple: b, since: '2025-01-01T00:00:00.000Z' }, { tuple: r, since: '2025-01-01T00:00:00.000Z', until: '2025-02-01T00:00:00.000Z' }];
      expect(await importLines(tuples, lines)).toEqual({ revision: 2, written: 2, skipped: 1 });
      expect(await importLines(tuples, lines)).toEqual({ revision: 2, written: 0, skipped: 3 });
      expect(await tuples.counters()).toEqual({ latest: 2, applied: 0 });
    });

    it('refuses a period overlapping one kept or one earlier in the import, naming the line, and writes nothing', async () => {
      const { tuples } = await h.fresh();
      await write(tuples, { writes: [a] }, '2026-01-01T00:00:00.000Z');
      const refused = importLines(tuples, [{ tuple: b }, { tuple: a, since: '2025-12-01T00:00:00.000Z', until: '2026-01-02T00:00:00.000Z' }]);
      await expect(refused).rejects.toThrow(ImportLineError);
      await expect(refused).rejects.toMatchObject({ line: 2 });
      const inFile = importLines(tuples, [
        { tuple: r, since: '2025-01-01T00:00:00.000Z', until: '2025-03-01T00:00:00.000Z' },
        { tuple: b },
        { tuple: r, since: '2025-02-01T00:00:00.000Z', until: '2025-04-01T00:00:00.000Z' },
      ]);
      await expect(inFile).rejects.toMatchObject({ line: 3, code: 'overlapping_period' });
      expect(sortedKeys((await tuples.readTuples({}, 10)).items)).toEqual(sortedKeys([a]));
      expect(await exported(tuples, 1, true)).toEqual(['organization:o#member@user:a 2026-01-01T00:00:00.000Z..']);
      expect(await tuples.counters()).toEqual({ latest: 1, applied: 0 });
    });

    it('accepts periods that only touch (half-open), and an error from the lines aborts with nothing written', async () => {
      const { tuples } = await h.fresh();
      expect(await importLines(tuples, [
        { tuple: r, since: '2025-01-01T00:00:00.000Z', until: '2025-02-01T00:00:00.000Z' },
        { tuple: r, since: '2025-02-01T00:00:00.000Z' },
      ])).toEqual({ revision: 1, written: 2, skipped: 0 });
      async function* failing() {
        yield [{ line: 1, tuple: b }];
        throw new ImportLineError(2, 'not JSON');
      }
      await expect(tuples.importTuples({ batches: failing(), actor: 'x', requestId: 'x', at: new Date(AT) })).rejects.toMatchObject({ line: 2 });
      expect(sortedKeys((await tuples.readTuples({}, 10)).items)).toEqual(sortedKeys([r]));
    });

    it('keeps an empty period (written and deleted within a millisecond) as history that overlaps nothing', async () => {
      const { tuples } = await h.fresh();
      const t = '2025-01-01T00:00:00.000Z';
      expect(await importLines(tuples, [{ tuple: r, since: '2024-01-01T00:00:00.000Z' }, { tuple: b, since: t, until: t }, { tuple: b, since: '2024-12-01T00:00:00.000Z', until: '2025-02-01T00:00:00.000Z' }]))
        .toEqual({ revision: 1, written: 3, skipped: 0 });
      expect(await importLines(tuples, [{ tuple: b, since: t, until: t }])).toEqual({ revision: 1, written: 0, skipped: 1 });
    });

    it('keeps history alone at the current revision, live at none, and uses up no revision for it', async () => {
      const { tuples } = await h.fresh();
      await write(tuples, { writes: [a] });
      expect(await importLines(tuples, [{ tuple: b, since: '2025-01-01T00:00:00.000Z', until: '2025-02-01T00:00:00.000Z' }])).toEqual({ revision: 1, written: 1, skipped: 0 });
      expect(sortedKeys(await all(tuples.liveTuples(1)))).toEqual(sortedKeys([a]));
      expect(await exported(tuples, 1, false)).toEqual([`organization:o#member@user:a 2026-01-01T00:00:00.000Z..`]);
    });

    it('exports the tuples live at a revision, and with history every period as of that revision', async () => {
      const { tuples } = await h.fresh();
      await write(tuples, { writes: [a, b] }, '2026-01-01T00:00:00.000Z');
      await write(tuples, { deletes: [a] }, '2026-01-02T00:00:00.000Z');
      await write(tuples, { writes: [r] }, '2026-01-03T00:00:00.000Z');
      expect(await exported(tuples, 1, false)).toEqual(['organization:o#member@user:a 2026-01-01T00:00:00.000Z..', 'organization:o#member@user:b 2026-01-01T00:00:00.000Z..']);
      expect(await exported(tuples, 3, false)).toEqual(['organization:o#member@user:b 2026-01-01T00:00:00.000Z..', 'organization:o#reseller@reseller:r 2026-01-03T00:00:00.000Z..']);
      expect(await exported(tuples, 2, true)).toEqual([
        'organization:o#member@user:a 2026-01-01T00:00:00.000Z..2026-01-02T00:00:00.000Z',
        'organization:o#member@user:b 2026-01-01T00:00:00.000Z..',
      ]);
    });
  });
}
