/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * Signing in to the console in a real browser: the page needs no token, the printed `#token=` link
 * signs in and leaves the address bar, the token lives in sessionStorage only, scopes come from the
 * service, and a bad, forged or expired token is said in words.
 */
import { signToken } from '../../src/http/auth';
import { startTestService, TEST_SECRET, type TestService } from '../fixtures/harness';
import { openBrowser, screenshot, type Browser } from './browser';
import { report, signInByLink } from './session';

let svc: TestService;
let browser: Browser;
beforeAll(async () => {
  [svc, browser] = await Promise.all([startTestService(), openBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await svc?.stop();
});

describe('the console page', () => {
  it('is served without a token, under a policy that runs only its own scripts and styles', async () => {
    for (const path of ['/console', '/console/', '/console/entity/organization:acme', '/console/why?user=user:a']) {
      const res = await svc.request('GET', path, { token: null });
      expect([path, res.status]).toEqual([path, 200]);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      const csp = res.headers.get('content-security-policy')!;
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
      expect(res.body).not.toMatch(/<script>|<script(?![^>]*\bsrc=)[^>]*>/);
    }
    const html = (await svc.request('GET', '/console', { token: null })).body as string;
    const script = /src="(\/console\/assets\/[^"]+\.js)"/.exec(html)![1];
    const asset = await svc.request('GET', script, { token: null });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await svc.request('GET', '/console/assets/nothing-here.js', { token: null })).status).toBe(404);
  });
});

describe('signing in', () => {
  it('takes the token from the printed link, clears it from the address bar and keeps it in sessionStorage only', async () => {
    const page = await browser.page();
    const started = Date.now();
    await signInByLink(page, svc, 'admin', 'e2e-admin');
    const firstPageMs = Date.now() - started;
    const nav = await page.evaluate(() => {
      const n = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return { domContentLoaded: Math.round(n.domContentLoadedEventEnd), load: Math.round(n.loadEventEnd) };
    });
    report(`first page (sign in by link to the start page, signed in): ${firstPageMs} ms to "Signed in as"; navigation: DOMContentLoaded ${nav.domContentLoaded} ms, load ${nav.load} ms`);
    expect(page.url()).toBe(`${svc.url}/console`);
    const storage = await page.evaluate(() => ({ session: Object.keys(sessionStorage), local: Object.keys(localStorage), cookies: document.cookie }));
    expect(storage).toEqual({ session: ['partnergraph.token'], local: [], cookies: '' });
    await page.getByText('with the scopes: admin').waitFor();
    await screenshot(page, 'start');
    // A reload keeps the session (the same tab), Sign out ends it.
    await page.reload();
    await page.locator('header').getByText('Signed in as e2e-admin').waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Token').waitFor();
    expect(await page.evaluate(() => Object.keys(sessionStorage))).toEqual([]);
    expect(page.problems).toEqual([]);
  });

  it('takes a pasted token in the Token field, by keyboard alone', async () => {
    const page = await browser.page();
    await page.goto(`${svc.url}/console`);
    await screenshot(page, 'sign-in');
    const token = await svc.token('check', 'keyboard-person');
    // The Token field has the focus on arrival; Tab reaches Sign in, Enter presses it.
    await page.keyboard.insertText(token);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Sign in');
    await page.keyboard.press('Enter');
    await page.locator('header').getByText('Signed in as keyboard-person (check)').waitFor();
    expect(page.problems).toEqual([]);
  });

  it('says in words why a forged, an expired or a malformed token is refused, and keeps none of them', async () => {
    const page = await browser.page();
    const forged = await signToken('not-the-service-secret-0123456789abcdef', { sub: 'mallory', scope: 'admin' }, 600);
    const expired = await signToken(TEST_SECRET, { sub: 'late', scope: 'admin' }, -60);
    for (const token of [forged, expired, 'not-a-token']) {
      await page.goto(`${svc.url}/console`);
      await page.getByLabel('Token').fill(token);
      await page.getByRole('button', { name: 'Sign in' }).click();
      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toMatch(/^Your token was refused \(.+\): it is not valid here or it has expired\. Sign in again with a fresh token\.$/);
      expect(await page.evaluate(() => Object.keys(sessionStorage))).toEqual([]);
    }
    await screenshot(page, 'sign-in-refused');
    // The link with a bad token says the same, and leaves the address bar too.
    await page.goto(`${svc.url}/console#token=${expired}`);
    await page.getByRole('alert').waitFor();
    expect(page.url()).toBe(`${svc.url}/console`);
    // The browser logs each refused call (401) as a failed resource; nothing else may go wrong.
    expect(page.problems.filter((p) => !/status of 401/.test(p))).toEqual([]);
  });
});
