/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * Editing links in a real browser, and what each scope shows: Add link and Remove link show the
 * what-if first and write only on Confirm, recorded in the feed under the token's sub; a read-only
 * token sees no edit control anywhere and a page it cannot use says which scope is missing.
 */
import { startTestService, T, uid, type TestService } from '../fixtures/harness';
import { openBrowser, screenshot, type Browser } from './browser';
import { signInByLink } from './session';

let svc: TestService;
let browser: Browser;
const id = uid('edit');
const anna = `user:anna-${id}`, acme = `organization:acme-${id}`, byra = `reseller:byra-${id}`, bo = `user:bo-${id}`;

beforeAll(async () => {
  [svc, browser] = await Promise.all([startTestService(), openBrowser()]);
  expect((await svc.post('/v1/tuples', { writes: [T(anna, 'admin', byra), T(bo, 'owner', acme)] })).status).toBe(200);
});
afterAll(async () => {
  await browser?.close();
  await svc?.stop();
});

async function live(t: ReturnType<typeof T>): Promise<boolean> {
  const res = await svc.get(`/v1/tuples?user=${t.user}&relation=${t.relation}&object=${t.object}`);
  return res.body.tuples.length === 1;
}

it('adds a link after showing who would gain what, and the feed records the signed-in sub', async () => {
  const page = await browser.page();
  await signInByLink(page, svc, 'write audit read', 'partner-desk-eva');
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Edit links' }).click();
  const link = T(byra, 'reseller', acme);
  await page.getByLabel('User').fill(link.user);
  await page.getByLabel('Relation').fill(link.relation);
  await page.getByLabel('Object').fill(link.object);
  await page.getByRole('button', { name: 'Add link' }).click();
  await page.locator('.what-if').waitFor();
  const api = (await svc.post('/v1/what-if', { writes: [link] }, await svc.token('audit'))).body;
  expect(await page.locator('.what-if').textContent()).toContain(`${api.totals.gains} gained, 0 lost`);
  const gained = await page.evaluate(() => [...document.querySelectorAll('.result tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent).join(' ')));
  expect(gained).toEqual(api.gains.map((t: Record<string, string>) => `${t.user} ${t.relation} ${t.object}`));
  expect(gained).toContain(`${anna} can_manage ${acme}`);
  // Nothing is written before Confirm.
  expect(await live(link)).toBe(false);
  await screenshot(page, 'edit-links-what-if');
  await page.getByRole('button', { name: 'Confirm' }).click();
  await page.getByText(/^Added .* at revision \d+, recorded as by partner-desk-eva\.$/).waitFor();
  expect(await live(link)).toBe(true);
  const feed = (await svc.get(`/v1/changes?object=${acme}`, await svc.token('audit'))).body.changes;
  expect(feed.at(-1)).toMatchObject({ op: 'write', tuple: link, actor: 'partner-desk-eva' });
  // The Changes page shows it with its actor, newest first.
  await page.getByRole('link', { name: `See the changes of ${acme}` }).click();
  const first = page.locator('.result tbody tr').first();
  await first.waitFor();
  expect(await first.locator('td').allTextContents()).toEqual([feed.at(-1).revision, feed.at(-1).at, 'partner-desk-eva', 'added', byra, 'reseller', acme]);
  await screenshot(page, 'changes');
  expect(page.problems).toEqual([]);
});

it('removes a link after showing who would lose what; Cancel writes nothing', async () => {
  const page = await browser.page();
  await signInByLink(page, svc, 'admin', 'partner-desk-eva');
  const link = T(bo, 'owner', acme);
  await page.goto(`${svc.url}/console/edit-links?user=${bo}&relation=owner&object=${acme}`);
  await page.getByRole('button', { name: 'Remove link' }).click();
  await page.locator('.what-if').waitFor();
  const api = (await svc.post('/v1/what-if', { deletes: [link] }, await svc.token('audit'))).body;
  expect(api.totals.losses).toBeGreaterThan(0);
  expect(await page.locator('.what-if').textContent()).toContain(`0 gained, ${api.totals.losses} lost`);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.getByText('Cancelled: nothing was written.').waitFor();
  expect(await live(link)).toBe(true);
  await page.getByRole('button', { name: 'Remove link' }).click();
  await page.getByRole('button', { name: 'Confirm' }).click();
  await page.getByText(/^Removed .* at revision \d+/).waitFor();
  expect(await live(link)).toBe(false);
  expect(page.problems).toEqual([]);
});

it('shows a read-only token no edit control, and says which scope a page needs', async () => {
  const page = await browser.page();
  await signInByLink(page, svc, 'read check', 'viewer');
  const menu = await page.getByRole('navigation', { name: 'Pages' }).getByRole('link').allTextContents();
  expect(menu).toEqual(['Partnergraph', 'Who has access', 'What can they reach', 'Search', 'Commission']);
  await page.goto(`${svc.url}/console/entity/${acme}`);
  await page.getByRole('heading', { name: 'Links' }).waitFor();
  expect(await page.getByRole('link', { name: 'Who has access' }).count()).toBeGreaterThan(0);
  expect(await page.getByText('Edit links').count()).toBe(0);
  expect(await page.getByRole('button', { name: /Add link|Remove link|Confirm/ }).count()).toBe(0);
  await page.goto(`${svc.url}/console/edit-links?user=${bo}&relation=owner&object=${acme}`);
  expect(await page.getByRole('alert').textContent()).toBe('This page needs the write scope, which your token does not have (it has: check, read). Sign in with a token that has write or admin.');
  expect(await page.getByRole('button', { name: /Add link|Remove link/ }).count()).toBe(0);
  await page.goto(`${svc.url}/console/why?user=${anna}&relation=can_view&object=${acme}`);
  expect(await page.getByRole('alert').textContent()).toContain('This page needs the audit scope');
  await screenshot(page, 'scope-missing');
  expect(page.problems).toEqual([]);
});
