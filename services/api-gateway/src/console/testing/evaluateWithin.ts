import type { Page } from 'playwright-core';

/**
 * page.evaluate with a bound: Playwright gives evaluation no timeout, so a page that never answers
 * would hold a test until jest's own timeout, without saying what it waited for.
 */
export async function evaluateWithin<T>(page: Page, expression: string, timeout_ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeout_ms} ms waiting for ${what}`)), timeout_ms);
  });
  const evaluated = page.evaluate(expression) as Promise<T>;
  evaluated.catch(() => undefined); // Its error, when it comes after the timeout, has nobody to tell.
  try {
    return await Promise.race([evaluated, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
