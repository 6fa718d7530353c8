/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * Who has access and What can they reach in a real browser: complete past the API's page size,
 * equal to /v1/list-users and /v1/list-objects, sortable, and exported as CSV naming `type:id`.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { startTestService, T, uid, type TestService } from '../fixtures/harness';
import { openBrowser, screenshot, type Browser } from './browser';
import { signInByLink } from './session';

let svc: TestService;
let browser: Browser;
let page: Page & { problems: string[] };
const id = uid('lists');
const org = `organization:big-${id}`;
const reseller = `reseller:byra-${id}`;
/** USERS is more than one page of the API (1000), so only a console that follows the cursor shows them all. */
const USERS = 1050;

beforeAll(async () => {
  [svc, browser] = await Promise.all([startTestService(), openBrowser()]);
  const members = Array.from({ length: USERS }, (_, i) => T(`user:u${String(i).padStart(4, '0')}-${id}`, 'member', org));
  expect((await svc.post('/v1/tuples', { writes: members.slice(0, 1000) })).status).toBe(200);
  expect((await svc.post('/v1/tuples', { writes: [...members.slice(1000), T(reseller, 'reseller', org), T(`user:seller-${id}`, 'admin', reseller)] })).status).toBe(200);
  page = await browser.page();
  await signInByLink(page, svc, 'check read', 'portal-support');
});
afterAll(async () => {
  await browser?.close();
  await svc?.stop();
});

/** apiList follows every cursor of a list call. */
async function apiList(path: string, body: Record<string, unknown>, key: 'users' | 'objects'): Promise<string[]> {
  const out: string[] = [];
  let cursor: string | null = null;
  do {
    const res: { body: Record<string, unknown> & { cursor: string | null } } = await svc.post(path, { ...body, ...(cursor ? { cursor } : {}) }, await svc.token('check'));
    out.push(...(res.body[key] as string[]));
    cursor = res.body.cursor;
  } while (cursor);
  return out;
}

const firstColumn = () => page.evaluate(() => [...document.querySelectorAll('.result tbody tr')].map((tr) => tr.querySelector('td')?.textContent ?? ''));

it('lists who has access, complete past one API page, as /v1/list-users does, sortable and exported as CSV', async () => {
  const expected = await apiList('/v1/list-users', { object: org, relation: 'can_view', userType: 'user', limit: 1000 }, 'users');
  expect(expected).toHaveLength(USERS + 1);
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Who has access' }).click();
  await page.getByLabel('Object').fill(org);
  await page.getByLabel('Relation').fill('can_view');
  await page.getByLabel('User type').selectOption('user');
  await page.getByRole('button', { name: 'Who has access' }).click();
  await page.getByText(`${USERS + 1} hold can_view on`).waitFor();
  expect(await firstColumn()).toEqual(expected);
  // Sorting by User twice puts the list in descending order.
  await page.getByRole('button', { name: 'User', exact: true }).click();
  await page.getByRole('button', { name: 'User', exact: true }).click();
  expect(await page.locator('th[aria-sort]').getAttribute('aria-sort')).toBe('descending');
  expect((await firstColumn())[0]).toBe([...expected].sort().reverse()[0]);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  const csv = readFileSync((await download.path())!, 'utf8').trimEnd().split('\r\n');
  expect(csv[0]).toBe('user,relation,object');
  expect(csv.slice(1)).toEqual(expected.map((u) => `${u},can_view,${org}`));
  await screenshot(page, 'who-has-access');
  expect(page.problems).toEqual([]);
});

it('lists what a user can reach, as /v1/list-objects does, and exports it', async () => {
  const seller = `user:seller-${id}`;
  const expected = await apiList('/v1/list-objects', { user: seller, relation: 'can_manage', type: 'organization', limit: 1000 }, 'objects');
  expect(expected).toEqual([org]);
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'What can they reach' }).click();
  await page.getByLabel('User').fill(seller);
  await page.getByLabel('Relation').fill('can_manage');
  await page.getByLabel('Type').selectOption('organization');
  await page.getByRole('button', { name: 'What can they reach' }).click();
  await page.getByText('has can_manage on 1 organization.').waitFor();
  expect(await firstColumn()).toEqual(expected);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  expect(readFileSync((await download.path())!, 'utf8')).toBe(`user,relation,object\r\n${seller},can_manage,${org}\r\n`);
  await screenshot(page, 'what-can-they-reach');
  expect(page.problems).toEqual([]);
});
