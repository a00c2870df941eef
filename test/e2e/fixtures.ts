import { test as base, expect, type Page } from '@playwright/test';
import type { Language } from '../../src/core/languages.js';
import { locales } from '../../locales/index.js';

/** Origins of the demo stack started by global-setup.ts. */
export const stack = {
  get helpCenter() {
    return required('E2E_HELP_CENTER_ORIGIN');
  },
  get app() {
    return required('E2E_APP_ORIGIN');
  },
  get api() {
    return required('E2E_API_ORIGIN');
  },
  get storefront() {
    return required('E2E_STOREFRONT_ORIGIN');
  },
  get harness() {
    return required('E2E_HARNESS_ORIGIN');
  },
  get shopSlug() {
    return required('E2E_SHOP_SLUG');
  },
  get merchantAuth() {
    return `Basic ${Buffer.from(`${required('E2E_API_USER')}:${required('E2E_API_KEY')}`).toString('base64')}`;
  },
};

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the E2E tests through playwright.config.ts`);
  return value;
}

/** The element the bundle mounts each tile into (its shadow root holds the tile). */
export const TILE_HOST = 'karla-resolve-tile';

export const tileTitle = (language: Language) => locales[language].tile.title;

export function tileLinks(page: Page) {
  // Playwright's CSS engine pierces open shadow roots.
  return page.locator(`${TILE_HOST} a`);
}

/** Resolves once the bundle has fetched the embed config and had a frame to act on it. */
export async function configSettled(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    performance.getEntriesByType('resource').some((entry) => entry.name.includes('/resolve/embed-config')),
  );
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 50)))),
  );
}

export interface PageProblems {
  pageErrors: string[];
  consoleErrors: string[];
  cspViolations: string[];
}

/** Collects what a host page must never see: uncaught errors, console errors, CSP violations. */
export async function watchForProblems(page: Page): Promise<PageProblems> {
  const problems: PageProblems = { pageErrors: [], consoleErrors: [], cspViolations: [] };
  page.on('pageerror', (error) => problems.pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.consoleErrors.push(message.text());
  });
  await page.exposeFunction('__reportCspViolation', (text: string) => problems.cspViolations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { __reportCspViolation(t: string): void }).__reportCspViolation(
        `${event.violatedDirective} ${event.blockedURI}`,
      );
    });
  });
  return problems;
}

/**
 * fetch() from the test process: Node does not resolve `*.localhost` names the way Chromium does,
 * so the request goes to 127.0.0.1 with the same port, path and Host header.
 */
export function fetchFromNode(url: string, init: RequestInit = {}): Promise<Response> {
  const target = new URL(url);
  const headers = new Headers(init.headers);
  if (target.hostname.endsWith('.localhost')) {
    headers.set('Host', target.host);
    target.hostname = '127.0.0.1';
  }
  return fetch(target, { ...init, headers });
}

export const test = base;
export { expect };
