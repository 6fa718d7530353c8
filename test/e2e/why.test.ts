/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * Why in a real browser: an allowed and a denied access explained with exactly the paths
 * /v1/access-paths answers, an As of answer that differs from now, and the render time of a big
 * answer measured (reported, never asserted).
 */
import type { Page } from 'playwright-core';
import { startTestService, T, uid, type TestService } from '../fixtures/harness';
import { openBrowser, screenshot, type Browser } from './browser';
import { report, signInByLink } from './session';

let svc: TestService;
let browser: Browser;
let page: Page & { problems: string[] };
const id = uid('why');
const lena = `user:lena-${id}`, kund = `organization:kund-${id}`, webbyran = `reseller:webbyran-${id}`, distributor = `reseller:distributor-${id}`;

beforeAll(async () => {
  [svc, browser] = await Promise.all([startTestService(), openBrowser()]);
  const onboarding = await svc.token('write', 'onboarding');
  expect((await svc.post('/v1/tuples', { writes: [T(lena, 'member', kund), T(webbyran, 'reseller', kund)] }, onboarding)).status).toBe(200);
  const desk = await svc.token('write', 'partner-desk');
  expect((await svc.post('/v1/tuples', { writes: [T(lena, 'admin', distributor), T(distributor, 'parent', webbyran)] }, desk)).status).toBe(200);
  page = await browser.page();
  await signInByLink(page, svc, 'audit read', 'auditor-maria');
});
afterAll(async () => {
  await browser?.close();
  await svc?.stop();
});

/** ask fills the Why form by its labels and presses Explain. */
async function ask(user: string, relation: string, object: string, asOf = ''): Promise<string> {
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Why', exact: true }).click();
  await page.getByLabel('User').fill(user);
  await page.getByLabel('Relation').fill(relation);
  await page.getByLabel('Object').fill(object);
  await page.getByLabel('As of').fill(asOf);
  await page.getByRole('button', { name: 'Explain' }).click();
  const verdict = page.locator('.verdict');
  await verdict.waitFor();
  return (await verdict.locator('strong').textContent())!;
}

/** pathTables reads every path table the page shows as rows of cells. */
function pathTables(): Promise<string[][][]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('.paths table')].map((t) => [...t.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? ''))),
  );
}

/** graphDrawn waits until the graph's canvas is there and the render is measured. */
async function graphDrawn(): Promise<number> {
  await page.waitForFunction(() => performance.getEntriesByName('why-render').length > 0 && document.querySelector('.graph canvas') !== null);
  return page.evaluate(() => performance.getEntriesByName('why-render').at(-1)!.duration);
}

beforeEach(async () => {
  await page.evaluate(() => performance.clearMeasures('why-render'));
});

it('explains an allowed access with every path /v1/access-paths answers, each link with who wrote it and when', async () => {
  const api = (await svc.post('/v1/access-paths', { user: lena, relation: 'can_manage', object: kund }, await svc.token('audit'))).body;
  expect(api.allowed).toBe(true);
  expect(await ask(lena, 'can_manage', kund)).toBe('Allowed');
  await graphDrawn();
  const expected = api.paths.map((p: { tuples: Record<string, string>[] }) => p.tuples.map((t) => [t.user, t.relation, t.object, t.writtenAt, t.writtenBy]));
  expect(await pathTables()).toEqual(expected);
  expect(expected).toEqual([[[lena, 'admin', distributor, expect.any(String), 'partner-desk'], [distributor, 'parent', webbyran, expect.any(String), 'partner-desk'], [webbyran, 'reseller', kund, expect.any(String), 'onboarding']]]);
  // The question is in the address, so the answer can be shared.
  expect(new URL(page.url()).searchParams.get('object')).toBe(kund);
  expect(await page.getByRole('img', { name: `1 access path from ${lena} to ${kund}` }).count()).toBe(1);
  await screenshot(page, 'why-allowed');
  expect(page.problems).toEqual([]);
});

it("explains a denial with the user's and the object's nearest links", async () => {
  const other = `organization:other-${id}`;
  expect((await svc.post('/v1/tuples', { writes: [T(`user:someone-${id}`, 'owner', other)] })).status).toBe(200);
  expect((await svc.post('/v1/access-paths', { user: lena, relation: 'can_view', object: other }, await svc.token('audit'))).body).toEqual({ allowed: false, paths: [], truncated: false });
  expect(await ask(lena, 'can_view', other)).toBe('Denied');
  await graphDrawn();
  const captions = await page.locator('caption').allTextContents();
  expect(captions).toEqual([`Links from ${lena}`, `Links to ${other}`]);
  const cells = await page.locator('tbody td').allTextContents();
  expect(cells).toEqual(expect.arrayContaining([distributor, kund, `user:someone-${id}`, 'owner']));
  await screenshot(page, 'why-denied');
  expect(page.problems).toEqual([]);
});

it('answers As of from the history: denied before the link was written, allowed now', async () => {
  const late = `user:late-${id}`;
  const before = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  await new Promise((r) => setTimeout(r, 1100));
  expect((await svc.post('/v1/tuples', { writes: [T(late, 'member', kund)] })).status).toBe(200);
  expect((await svc.post('/v1/access-paths', { user: late, relation: 'can_view', object: kund, at: before }, await svc.token('audit'))).body.allowed).toBe(false);
  expect(await ask(late, 'can_view', kund, before)).toBe('Denied');
  expect(await page.locator('.verdict').textContent()).toContain(`as of ${before.replace('Z', '.000Z')}`);
  expect(new URL(page.url()).searchParams.get('at')).toBe(before);
  await screenshot(page, 'why-as-of');
  expect(await ask(late, 'can_view', kund)).toBe('Allowed');
  expect(await page.locator('.verdict').textContent()).toContain(', now.');
  // A moment not in UTC to the second is refused in words, before anything is asked.
  await page.getByLabel('As of').fill('yesterday');
  await page.getByRole('button', { name: 'Explain' }).click();
  expect(await page.getByRole('alert').textContent()).toMatch(/^As of must be an instant in UTC to the second, like /);
  expect(page.problems).toEqual([]);
});

it('draws a big answer (the 100 paths a page holds by default) and reports how long the render took after the API answered', async () => {
  const user = `user:busy-${id}`, org = `organization:busy-${id}`;
  const resellers = Array.from({ length: 150 }, (_, i) => `reseller:r${i}-${id}`);
  expect((await svc.post('/v1/tuples', { writes: resellers.flatMap((r) => [T(user, 'member', r), T(r, 'reseller', org)]) })).status).toBe(200);
  expect(await ask(user, 'can_view', org)).toBe('Allowed');
  const ms = await graphDrawn();
  expect((await pathTables()).length).toBe(100);
  expect(await page.getByText('There are more paths than the 100 shown').count()).toBe(1);
  report(`Why page render after the API answered, 100 paths (102 nodes, 200 links, 100 tables): ${Math.round(ms)} ms`);
  await screenshot(page, 'why-big');
});
