/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The entity page, Search and Commission in a real browser: an entity deep-linked with its direct
 * links drawn and listed and its recent changes, neighbours a click away; entities found by part
 * of a name; a reseller's statement as a table, open or closed, with its plan history, and as the service's CSV.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { startTestService, T, uid, type TestService } from '../fixtures/harness';
import { openBrowser, screenshot, type Browser } from './browser';
import { signInByLink } from './session';

let svc: TestService;
let browser: Browser;
let page: Page & { problems: string[] };
const id = uid('pages');
const kund = `organization:kund-${id}`, byra = `reseller:webbyran-${id}`, top = `reseller:distributor-${id}`, lena = `user:lena-${id}`, anna = `user:anna-${id}`;

beforeAll(async () => {
  [svc, browser] = await Promise.all([startTestService(), openBrowser()]);
  expect((await svc.post('/v1/tuples', { writes: [T(lena, 'member', kund), T(anna, 'owner', kund), T(byra, 'reseller', kund), T(top, 'parent', byra), T(`user:sara-${id}`, 'admin', byra)] })).status).toBe(200);
  const plan = { currency: 'SEK', tiers: [{ from: 0, percent: 10 }, { from: 100000, percent: 20 }] };
  expect((await svc.request('PUT', `/v1/resellers/webbyran-${id}`, { body: JSON.stringify({ name: `Webbyrån ${id}`, commission: plan }) })).status).toBe(200);
  expect((await svc.request('PUT', `/v1/organizations/kund-${id}`, { body: JSON.stringify({ name: 'Kund Ett AB' }) })).status).toBe(200);
  const issuedAt = new Date().toISOString();
  expect((await svc.post('/v1/invoices', { id: `F-1-${id}`, organization: kund, amount: 125000, currency: 'SEK', issuedAt })).status).toBe(201);
  page = await browser.page();
  await signInByLink(page, svc, 'read audit check write', 'auditor-maria');
});
afterAll(async () => {
  await browser?.close();
  await svc?.stop();
});

it("deep-links to an entity's page: its direct links drawn and listed, its recent changes, its neighbours a click away", async () => {
  await page.goto(`${svc.url}/console/entity/${kund}`);
  await page.getByRole('heading', { name: kund }).waitFor();
  await page.getByText('Kund Ett AB').waitFor();
  await page.getByRole('img', { name: `${kund} and its 3 direct links` }).waitFor();
  await page.waitForSelector('.graph canvas');
  const rows = await page.evaluate(() => [...document.querySelectorAll('.result tbody tr')].map((tr) => [...tr.querySelectorAll('td')].slice(0, 3).map((td) => td.textContent).join(' ')));
  expect(rows.sort()).toEqual([`${byra} reseller ${kund}`, `${anna} owner ${kund}`, `${lena} member ${kund}`]);
  const changes = page.locator('.changes tbody tr');
  await changes.first().waitFor();
  expect(await changes.count()).toBe(3);
  expect(await changes.first().locator('td').nth(2).textContent()).toBe('test-admin');
  await screenshot(page, 'entity');
  // A neighbour is a link to its own page; the reseller's page shows its parent tier.
  await page.locator('.result').getByRole('link', { name: byra }).first().click();
  await page.getByRole('heading', { name: byra }).waitFor();
  expect(page.url()).toBe(`${svc.url}/console/entity/${byra}`);
  await page.getByRole('img', { name: `${byra} and its 3 direct links` }).waitFor();
  expect(await page.locator('.result').getByRole('link', { name: top }).count()).toBeGreaterThan(0);
  // The browser's Back goes to the organization again.
  await page.goBack();
  await page.getByRole('heading', { name: kund }).waitFor();
  expect(page.problems).toEqual([]);
});

it('finds users, organizations and resellers by part of an id or a name as one types', async () => {
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Search' }).click();
  await page.getByLabel('Search').pressSequentially(`byrån ${id}`.slice(0, 12));
  const found = page.locator('.result tbody tr');
  await page.getByRole('link', { name: byra }).waitFor();
  expect(await found.locator('td').allTextContents()).toEqual(expect.arrayContaining([byra, 'reseller', `Webbyrån ${id}`]));
  await page.getByLabel('Search').fill(id);
  await page.getByRole('link', { name: lena }).waitFor();
  const keys = await page.evaluate(() => [...document.querySelectorAll('.result tbody tr td:first-child')].map((td) => td.textContent));
  expect(keys).toEqual([kund, top, byra, anna, lena, `user:sara-${id}`]);
  expect(new URL(page.url()).searchParams.get('q')).toBe(id);
  await screenshot(page, 'search');
  await page.getByRole('link', { name: lena }).click();
  await page.getByRole('heading', { name: lena }).waitFor();
  expect(page.problems).toEqual([]);
});

it("shows a reseller's statement for a month and downloads the service's CSV", async () => {
  const month = new Date().toISOString().slice(0, 7);
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Commission' }).click();
  await page.getByLabel('Reseller').fill(`webbyran-${id}`);
  await page.getByLabel('Month').fill(month);
  await page.getByRole('button', { name: 'Show statement' }).click();
  await page.getByText(`in ${month}: 125000 SEK counted (minor units), 20 %, commission 25000 SEK.`).waitFor();
  await page.getByText(`Payout 25000 SEK (commission, adjustments and credits), with the plan in force from ${month}. Open: this statement may still change until finance closes the month.`).waitFor();
  await page.getByRole('table', { name: 'Plan history (1)' }).waitFor();
  expect(await page.locator('.result tbody tr td').allTextContents()).toEqual(expect.arrayContaining([kund, `F-1-${id}`, '125000']));
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
  const api = await svc.request('GET', `/v1/resellers/webbyran-${id}/commission?month=${month}`, { headers: { accept: 'text/csv' } });
  expect(download.suggestedFilename()).toBe(`commission-webbyran-${id}-${month}.csv`);
  expect(readFileSync((await download.path())!, 'utf8')).toBe(api.body);
  expect(api.body).toContain(`line,${kund},F-1-${id},`);
  await screenshot(page, 'commission');
  expect(page.problems).toEqual([]);
});
