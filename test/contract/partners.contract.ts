/**
 * The EntityStore and InvoiceStore contract: attributes on the nodes tuples connect, deletion as a
 * mark that waits for the entity's tuples to end, invoices once per id, and the invoices a reseller
 * was linked to when each was issued.
 */
import { meta, T, write, type StoreHarness } from './harness';

const invoice = (id: string, organization: string, issuedAt: string, amount = 1000) => ({ id, organization, amount, currency: 'SEK', issuedAt });

export function partnersContract(h: StoreHarness): void {
  describe('EntityStore', () => {
    it('creates an entity, then replaces every attribute on the next put, keeping when it was created', async () => {
      const { entities } = await h.fresh();
      const first = await entities.putEntity('reseller', 'webbyran', { name: 'Webbyrån' }, meta('2026-01-01T00:00:00.000Z'));
      expect(first).toEqual({ created: true, entity: { type: 'reseller', id: 'webbyran', name: 'Webbyrån', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' } });
      const second = await entities.putEntity('reseller', 'webbyran', { name: 'Webbyrån AB' }, meta('2026-01-02T00:00:00.000Z'));
      expect(second).toEqual({ created: false, entity: { type: 'reseller', id: 'webbyran', name: 'Webbyrån AB', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-02T00:00:00.000Z' } });
      expect(await entities.getEntity('reseller', 'webbyran')).toEqual(second.entity);
      expect(await entities.getEntity('reseller', 'nobody')).toBeUndefined();
    });

    it('keeps a bare node for an entity a tuple named, which a put fills', async () => {
      const { tuples, entities } = await h.fresh();
      await write(tuples, { writes: [T('user:anna', 'member', 'organization:acme')] }, '2026-01-01T00:00:00.000Z');
      expect(await entities.getEntity('organization', 'acme')).toEqual({ type: 'organization', id: 'acme', createdAt: '2026-01-01T00:00:00.000Z' });
      const filled = await entities.putEntity('organization', 'acme', { name: 'Acme' }, meta('2026-01-02T00:00:00.000Z'));
      expect(filled.entity).toMatchObject({ name: 'Acme', createdAt: '2026-01-01T00:00:00.000Z' });
    });

    it('pages through the live entities of one type in id order, bare ones included', async () => {
      const { tuples, entities } = await h.fresh();
      await write(tuples, { writes: [T('user:cecilia', 'member', 'organization:o')] });
      await entities.putEntity('user', 'bo', {}, meta());
      await entities.putEntity('user', 'anna', { email: 'anna@example.com' }, meta());
      const first = await entities.listEntities('user', 2);
      expect(first.items.map((e) => e.id)).toEqual(['anna', 'bo']);
      const second = await entities.listEntities('user', 2, first.cursor);
      expect(second.items.map((e) => e.id)).toEqual(['cecilia']);
      expect(second.cursor).toBeUndefined();
      expect((await entities.listEntities('organization', 10)).items.map((e) => e.id)).toEqual(['o']);
    });

    it('finds live entities by part of their id or name, ignoring case, in type:id order, paged', async () => {
      const { tuples, entities } = await h.fresh();
      await write(tuples, { writes: [T('user:webbyran-anna', 'member', 'reseller:webbyran'), T('reseller:webbyran', 'reseller', 'organization:kund-1')] });
      await entities.putEntity('organization', 'kund-1', { name: 'Kund Ett' }, meta());
      await entities.putEntity('organization', 'o-2', { name: 'Webbyråns egen' }, meta());
      await entities.putEntity('user', 'gone-webbyran', {}, meta());
      await entities.markDeleted('user', 'gone-webbyran', meta());
      const keys = (page: { items: { type: string; id: string }[] }) => page.items.map((e) => `${e.type}:${e.id}`);
      const all = ['organization', 'reseller', 'user'] as const;
      expect(keys(await entities.searchEntities('webbyr', [...all], 10))).toEqual(['organization:o-2', 'reseller:webbyran', 'user:webbyran-anna']);
      const first = await entities.searchEntities('webbyr', [...all], 2);
      expect(keys(first)).toEqual(['organization:o-2', 'reseller:webbyran']);
      const second = await entities.searchEntities('webbyr', [...all], 2, first.cursor);
      expect(keys(second)).toEqual(['user:webbyran-anna']);
      expect(second.cursor).toBeUndefined();
      expect(keys(await entities.searchEntities('åns', [...all], 10))).toEqual(['organization:o-2']);
      expect(keys(await entities.searchEntities('kund ett', ['organization'], 10))).toEqual(['organization:kund-1']);
      expect(keys(await entities.searchEntities('webbyr', ['user'], 10))).toEqual(['user:webbyran-anna']);
      expect(keys(await entities.searchEntities('nothing-like-it', [...all], 10))).toEqual([]);
    });

    it('lists the live tuples naming an entity, as user or as object', async () => {
      const { tuples, entities } = await h.fresh();
      await write(tuples, { writes: [T('user:anna', 'member', 'reseller:r'), T('reseller:r', 'reseller', 'organization:o'), T('user:bo', 'member', 'organization:o')] });
      await write(tuples, { deletes: [T('user:anna', 'member', 'reseller:r')] });
      expect(await entities.liveTuplesOf('reseller', 'r', 10)).toEqual([T('reseller:r', 'reseller', 'organization:o')]);
      expect(await entities.liveTuplesOf('organization', 'o', 1)).toHaveLength(1);
    });

    it('marks an entity deleted only once no live tuple names it, and a put or a tuple brings it back', async () => {
      const { tuples, entities } = await h.fresh();
      const t = T('user:anna', 'member', 'organization:acme');
      await write(tuples, { writes: [t] });
      expect(await entities.markDeleted('organization', 'acme', meta('2026-01-02T00:00:00.000Z'))).toBe(false);
      expect((await entities.getEntity('organization', 'acme'))?.deletedAt).toBeUndefined();
      await write(tuples, { deletes: [t] });
      expect(await entities.markDeleted('organization', 'acme', meta('2026-01-02T00:00:00.000Z'))).toBe(true);
      expect((await entities.getEntity('organization', 'acme'))?.deletedAt).toBe('2026-01-02T00:00:00.000Z');
      expect((await entities.listEntities('organization', 10)).items).toEqual([]);
      expect((await entities.putEntity('organization', 'acme', {}, meta())).created).toBe(true);
      expect(await entities.markDeleted('organization', 'acme', meta())).toBe(true);
      await write(tuples, { writes: [t] });
      expect((await entities.getEntity('organization', 'acme'))?.deletedAt).toBeUndefined();
    });
  });

  describe('InvoiceStore', () => {
    it('records an invoice once per id and answers what is stored under a taken id', async () => {
      const { invoices, entities } = await h.fresh();
      const first = await invoices.recordInvoice(invoice('F-1', 'organization:kund', '2026-03-01T10:00:00.000Z'), meta('2026-03-02T00:00:00.000Z', 'finance'));
      expect(first).toEqual({ created: true, invoice: { ...invoice('F-1', 'organization:kund', '2026-03-01T10:00:00.000Z'), recordedAt: '2026-03-02T00:00:00.000Z', recordedBy: 'finance' } });
      const again = await invoices.recordInvoice(invoice('F-1', 'organization:other', '2026-03-05T10:00:00.000Z', 5), meta());
      expect(again).toEqual({ created: false, invoice: first.invoice });
      expect(await entities.getEntity('organization', 'kund')).toMatchObject({ type: 'organization', id: 'kund' });
    });

    it('pages through invoices in (issuedAt, id) order, by organization and issue time', async () => {
      const { invoices } = await h.fresh();
      for (const i of [invoice('B', 'organization:x', '2026-03-01T00:00:00.000Z'), invoice('A', 'organization:x', '2026-03-01T00:00:00.000Z'), invoice('C', 'organization:y', '2026-02-27T00:00:00.000Z'), invoice('D', 'organization:x', '2026-04-01T00:00:00.000Z')]) {
        await invoices.recordInvoice(i, meta());
      }
      const first = await invoices.listInvoices({}, 3);
      expect(first.items.map((i) => i.id)).toEqual(['C', 'A', 'B']);
      expect((await invoices.listInvoices({}, 3, first.cursor)).items.map((i) => i.id)).toEqual(['D']);
      expect((await invoices.listInvoices({ organization: 'organization:x', from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' }, 10)).items.map((i) => i.id)).toEqual(['A', 'B']);
    });

    it("finds a month's invoices of the organizations the reseller was linked to when each was issued, with every reseller linked then", async () => {
      const { tuples, invoices } = await h.fresh();
      await write(tuples, { writes: [T('reseller:r1', 'reseller', 'organization:k1'), T('reseller:r1', 'reseller', 'organization:k2')] }, '2026-03-01T00:00:00.000Z');
      await write(tuples, { writes: [T('reseller:r2', 'reseller', 'organization:k1')] }, '2026-03-05T00:00:00.000Z');
      await write(tuples, { deletes: [T('reseller:r1', 'reseller', 'organization:k2')] }, '2026-03-10T00:00:00.000Z');
      for (const i of [
        invoice('before-link', 'organization:k1', '2026-02-28T00:00:00.000Z'),
        invoice('k1-alone', 'organization:k1', '2026-03-02T00:00:00.000Z'),
        invoice('k1-shared', 'organization:k1', '2026-03-06T00:00:00.000Z'),
        invoice('k2-linked', 'organization:k2', '2026-03-09T00:00:00.000Z'),
        invoice('k2-ended', 'organization:k2', '2026-03-11T00:00:00.000Z'),
        invoice('next-month', 'organization:k1', '2026-04-01T00:00:00.000Z'),
      ]) await invoices.recordInvoice(i, meta());
      const found = await invoices.entriesLinkedTo('reseller:r1', [{ from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' }]);
      expect(found.map((i) => i.invoice)).toEqual(['k1-alone', 'k1-shared', 'k2-linked']);
      const linked = (i: number) => [...found[i].linked].sort((a, b) => (a.reseller < b.reseller ? -1 : 1));
      expect(linked(0)).toEqual([{ reseller: 'reseller:r1', since: '2026-03-01T00:00:00.000Z' }]);
      expect(linked(1)).toEqual([{ reseller: 'reseller:r1', since: '2026-03-01T00:00:00.000Z' }, { reseller: 'reseller:r2', since: '2026-03-05T00:00:00.000Z' }]);
      expect(found[2]).toMatchObject({ organization: 'organization:k2', amount: 1000, currency: 'SEK', issuedAt: '2026-03-09T00:00:00.000Z' });
    });

    it('records a credit note within what is left of its invoice, and refuses more, writing nothing', async () => {
      const { invoices } = await h.fresh();
      await invoices.recordInvoice(invoice('F-1', 'organization:k', '2026-03-01T00:00:00.000Z', 1000), meta());
      const credit = (id: string, amount: number) => ({ ...invoice(id, 'organization:k', '2026-03-05T00:00:00.000Z', amount), creditFor: 'F-1' });
      expect(await invoices.recordCredit(credit('C-1', 600), meta('2026-03-06T00:00:00.000Z'))).toMatchObject({ created: true, invoice: { id: 'C-1', amount: 600, creditFor: 'F-1' } });
      expect(await invoices.recordCredit(credit('C-2', 401), meta())).toEqual({ left: 400 });
      expect(await invoices.getInvoice('C-2')).toBeUndefined();
      expect(await invoices.recordCredit(credit('C-1', 600), meta())).toMatchObject({ created: false, invoice: { id: 'C-1', recordedAt: '2026-03-06T00:00:00.000Z' } });
      expect(await invoices.recordCredit(credit('C-3', 400), meta())).toMatchObject({ created: true });
      expect(await invoices.getInvoice('F-1')).toMatchObject({ id: 'F-1', amount: 1000 });
      expect((await invoices.getInvoice('F-1'))?.creditFor).toBeUndefined();
      expect((await invoices.listInvoices({}, 10)).items.map((i) => [i.id, i.creditFor])).toEqual([['F-1', undefined], ['C-1', 'F-1'], ['C-3', 'F-1']]);
    });

    it('finds credit notes by their issue time, linked as of their invoice, and only those recorded since a moment when asked', async () => {
      const { tuples, invoices } = await h.fresh();
      await write(tuples, { writes: [T('reseller:r1', 'reseller', 'organization:k')] }, '2026-03-01T00:00:00.000Z');
      await invoices.recordInvoice(invoice('F-1', 'organization:k', '2026-03-02T00:00:00.000Z', 1000), meta('2026-03-02T00:00:00.000Z'));
      await write(tuples, { deletes: [T('reseller:r1', 'reseller', 'organization:k')] }, '2026-03-10T00:00:00.000Z');
      await invoices.recordCredit({ ...invoice('C-1', 'organization:k', '2026-04-02T00:00:00.000Z', 100), creditFor: 'F-1' }, meta('2026-04-03T00:00:00.000Z'));
      await invoices.recordInvoice(invoice('F-2', 'organization:k', '2026-04-03T00:00:00.000Z', 1000), meta('2026-04-03T00:00:00.000Z'));
      const april = await invoices.entriesLinkedTo('reseller:r1', [{ from: '2026-04-01T00:00:00.000Z', to: '2026-05-01T00:00:00.000Z' }]);
      expect(april).toEqual([{ invoice: 'C-1', organization: 'organization:k', amount: 100, currency: 'SEK', issuedAt: '2026-04-02T00:00:00.000Z', creditFor: 'F-1', originalIssuedAt: '2026-03-02T00:00:00.000Z', linked: [{ reseller: 'reseller:r1', since: '2026-03-01T00:00:00.000Z' }] }]);
      const both = await invoices.entriesLinkedTo('reseller:r1', [{ from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' }, { from: '2026-04-01T00:00:00.000Z', to: '2026-05-01T00:00:00.000Z' }]);
      expect(both.map((e) => e.invoice)).toEqual(['F-1', 'C-1']);
      const recent = await invoices.entriesLinkedTo('reseller:r1', [{ from: '2026-03-01T00:00:00.000Z', to: '2026-05-01T00:00:00.000Z', recordedSince: '2026-03-03T00:00:00.000Z' }]);
      expect(recent.map((e) => e.invoice)).toEqual(['C-1']);
    });
  });
}
