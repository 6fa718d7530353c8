/** Signing a browser tab in to the console the way a person does, and a place for the measurements a test reports. */
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { TestService } from '../fixtures/harness';
import { SCREENSHOTS } from './browser';

/** signInByLink opens the `#token=` link npm start prints, and waits until the console greets sub. */
export async function signInByLink(page: Page, svc: TestService, scope: string, sub: string, path_ = ''): Promise<void> {
  const token = await svc.token(scope, sub);
  await page.goto(`${svc.url}/console${path_}#token=${token}`);
  await page.locator('header').getByText(`Signed in as ${sub}`).waitFor();
}

/** report keeps a measurement for the closing report (never asserted: timing belongs in reports, not tests). */
export function report(line: string): void {
  mkdirSync(SCREENSHOTS, { recursive: true });
  appendFileSync(path.join(SCREENSHOTS, 'measurements.txt'), `${new Date().toISOString()} ${line}\n`);
  process.stderr.write(`[e2e] ${line}\n`);
}
