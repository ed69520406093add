// First start on a server with no account: create the account, sign in as root, sign out.
import { expect, test } from "@playwright/test";
import { FRESH_URL, consoleErrors, hydrated, withoutRefusedRequests } from "../fixtures";

test.describe.configure({ mode: "serial" });

const EMAIL = "owner@example.com";
const PASSWORD = "Owner-Pass-123";

test("the console offers account creation until an account exists", async ({ page }) => {
  const errors = consoleErrors(page);
  await page.goto(`${FRESH_URL}/`);
  await expect(page).toHaveURL(/\/create-account$/);
  await expect(page.getByRole("heading", { name: "Create your account" })).toBeVisible();
  await hydrated(page);

  await page.getByLabel("Root user email address").fill(EMAIL);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByLabel("Confirm password").fill("Something-Else-1");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("alert")).toHaveText(/The passwords do not match/);

  await page.getByLabel("Confirm password").fill(PASSWORD);
  await page.getByLabel(/Account alias/).fill("acme-dev");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/signin\?created=\d{12}$/);
  await expect(page.getByRole("status")).toHaveText(/Your account \d{12} is ready/);
  expect(withoutRefusedRequests(errors)).toEqual([]);

  await page.goto(`${FRESH_URL}/create-account`);
  await expect(page).toHaveURL(/\/signin$/);
});

test("root signs in, sees the dashboard and signs out", async ({ page }) => {
  const errors = consoleErrors(page);
  await page.goto(`${FRESH_URL}/signin`);
  await hydrated(page);
  await page.getByLabel("Root user email address").fill(EMAIL);
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByTestId("root-email")).toHaveText(EMAIL);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();

  await expect(page).toHaveURL(/\/iam\/dashboard$/);
  await expect(page.getByTestId("identity")).toHaveText("root @ acme-dev");
  await expect(page.getByTestId("account-alias")).toHaveText("acme-dev");
  await expect(page.getByTestId("account-id")).toHaveText(/^\d{12}$/);
  await expect(page.getByTestId("sign-in-url")).toHaveText(/\/signin\?account=acme-dev$/);
  await expect(page.getByTestId("count-users")).toHaveText("0");

  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name === "latchkey-session");
  expect(session?.httpOnly).toBe(true);
  expect(session?.sameSite).toBe("Lax");

  await page.getByTestId("sign-out").click();
  await expect(page).toHaveURL(/\/signin\?signed_out=1$/);
  await expect(page.getByRole("status")).toHaveText("You have signed out.");
  await page.goto(`${FRESH_URL}/iam/dashboard`);
  await expect(page).toHaveURL(/\/signin$/);
  expect(errors).toEqual([]);
});
