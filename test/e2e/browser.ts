/**
 * A real browser on the console: Debian's Chromium driven by playwright-core, one fresh profile per
 * test file, a page per person (each tab its own sessionStorage), screenshots at the two widths the
 * console is made for, and every console error or CSP refusal collected so a test can assert none.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, freshProfile } from './chromium';

/** SCREENSHOTS is the git-ignored folder the pictures go to. */
export const SCREENSHOTS = path.join(__dirname, 'screenshots');

/** WIDTHS are a laptop (1280×800) and a phone (390 wide). */
export const WIDTHS = [
  { name: '1280', width: 1280, height: 800 },
  { name: '390', width: 390, height: 844 },
] as const;

/** Browser is one Chromium with its fresh profile. */
export interface Browser {
  context: BrowserContext;
  /** page opens a tab that records its console errors and CSP refusals into problems. */
  page(): Promise<Page & { problems: string[] }>;
  close(): Promise<void>;
}

export async function openBrowser(): Promise<Browser> {
  const context = await chromium.launchPersistentContext(freshProfile(), { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: WIDTHS[0], acceptDownloads: true });
  return {
    context,
    async page() {
      const page = (await context.newPage()) as Page & { problems: string[] };
      page.problems = [];
      page.on('console', (m) => {
        if (m.type() === 'error') page.problems.push(m.text());
      });
      page.on('pageerror', (e) => page.problems.push(`uncaught: ${e.message}`));
      return page;
    },
    close: () => context.close(),
  };
}

/** screenshot saves the page at both widths as `<name>-1280.png` and `<name>-390.png`, and leaves it at 1280. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const w of [WIDTHS[1], WIDTHS[0]]) {
    await page.setViewportSize({ width: w.width, height: w.height });
    // The graph refits to its new box on Cytoscape's resize; give it a frame.
    await page.waitForTimeout(150);
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${w.name}.png`), fullPage: true });
  }
}
