// Shared settings of the end-to-end suites: the two servers Playwright starts and the
// credentials of the bootstrapped one.
import { execFileSync } from "node:child_process";
import { createHmac } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

export const FRESH_URL = `http://127.0.0.1:${process.env.FRESH_PORT}`;
export const BOOT_URL = `http://127.0.0.1:${process.env.BOOT_PORT}`;

export const ACCOUNT_ID = "210987654321";
export const ROOT_EMAIL = "root@latchkey.test";
export const ROOT_PASSWORD = "Bootstrap-Root-Pass-1";
export const ROOT_KEY_ID = "AKIALATCHKEYTEST0001";
export const ROOT_SECRET = "latchkeyTestSecretKey0000000000000000001";

/** Waits until the WASM bundle has hydrated the page. */
export async function hydrated(page: Page): Promise<void> {
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true", { timeout: 20_000 });
}

/** Runs the real aws CLI against the bootstrapped server with the given keys (root by default). */
export function aws(args: string[], keys = { id: ROOT_KEY_ID, secret: ROOT_SECRET }): string {
  return execFileSync("aws", ["--endpoint-url", BOOT_URL, "--output", "json", ...args], {
    env: {
      ...process.env,
      AWS_ACCESS_KEY_ID: keys.id,
      AWS_SECRET_ACCESS_KEY: keys.secret,
      AWS_DEFAULT_REGION: process.env.AWS_DEFAULT_REGION ?? "us-west-2",
      AWS_CONFIG_FILE: "/dev/null",
      AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    },
    encoding: "utf8",
  });
}

/**
 * The first line of what the browser reports when a lazy route's WASM chunk download is cut
 * off: before the response (`Failed to fetch`, followed by the loader's stack) or during its
 * body.
 */
const ABORTED_CHUNK =
  /^TypeError: (Failed to fetch|WebAssembly compilation aborted: Network error: Response body loading was aborted)$/;

/**
 * Collects browser console errors so a test can assert there were none. One error is forgiven
 * for each chunk download the browser itself aborted (`net::ERR_ABORTED`): nothing in the
 * console aborts a download, the browser does when a test navigates while the page it leaves
 * is still fetching one, so that report is the page going away, not a failure of the page. A
 * chunk that fails any other way (refused, unreachable) is still an error.
 */
export function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  let abortedChunks = 0;
  const forgiveAborted = () => {
    while (abortedChunks > 0) {
      const index = errors.findIndex((e) => ABORTED_CHUNK.test(e.split("\n")[0]));
      if (index < 0) return;
      errors.splice(index, 1);
      abortedChunks--;
    }
  };
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    errors.push(message.text());
    forgiveAborted();
  });
  page.on("requestfailed", (request) => {
    if (request.url().endsWith(".wasm") && request.failure()?.errorText === "net::ERR_ABORTED") {
      abortedChunks++;
      forgiveAborted();
    }
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}

/**
 * Drops the browser's own report of a refused request (a server function answering an AWS
 * error the test provoked on purpose); every other console error remains.
 */
export function withoutRefusedRequests(errors: string[]): string[] {
  return errors.filter((e) => !/^Failed to load resource: the server responded with a status of (4|5)\d\d/.test(e));
}

/** SAML 2.0 metadata of an identity provider, long enough for the API's 1,000-character minimum. */
export function samlMetadata(): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.example.com">' +
    '<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">' +
    '<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.com/sso"/>' +
    "</md:IDPSSODescriptor>" +
    `<!-- ${"padding ".repeat(120)} -->` +
    "</md:EntityDescriptor>"
  );
}

/** Signs in to the bootstrapped server as its root user and waits for the dashboard. */
export async function signInAsRoot(page: Page, password = ROOT_PASSWORD): Promise<void> {
  await page.goto(`${BOOT_URL}/signin/root?email=${encodeURIComponent(ROOT_EMAIL)}`);
  await hydrated(page);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/iam\/dashboard$/);
}

/**
 * Submits the IAM-user sign-in form of the bootstrapped account; the caller checks where it
 * leads (the dashboard, the MFA code, a required password change).
 */
export async function submitUserSignIn(page: Page, user: string, password: string): Promise<void> {
  await page.goto(`${BOOT_URL}/signin/iam?account=${ACCOUNT_ID}`);
  await hydrated(page);
  await page.getByLabel("IAM user name").fill(user);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Signs in to the bootstrapped account as an IAM user and waits for the hydrated dashboard. */
export async function signInAsUser(page: Page, user: string, password: string): Promise<void> {
  await submitUserSignIn(page, user, password);
  await expect(page).toHaveURL(/\/iam\/dashboard$/);
  await hydrated(page);
}

/** Decodes an RFC 4648 base32 MFA seed. */
export function base32Decode(text: string): Buffer {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of text) {
    value = (value << 5) | alphabet.indexOf(char);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** The RFC 6238 code of `seed` for time step `step`. */
export function totp(seed: Buffer, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const digest = createHmac("sha1", seed).update(counter).digest();
  const offset = digest[19] & 0x0f;
  const value =
    (((digest[offset] & 0x7f) << 24) | (digest[offset + 1] << 16) | (digest[offset + 2] << 8) | digest[offset + 3]) %
    1_000_000;
  return value.toString().padStart(6, "0");
}

/** The current 30-second TOTP time step. */
export const step = (): number => Math.floor(Date.now() / 1000 / 30);

/** An axe-core scan of the page: no serious or critical violation. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(serious).toEqual([]);
}
