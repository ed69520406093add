// Interactions that only work once the WASM bundle has hydrated the server-rendered page.
import { expect, test } from "@playwright/test";
import { BOOT_URL, consoleErrors, hydrated } from "../fixtures";

test("choosing IAM user swaps the email field for the account field", async ({ page }) => {
  const errors = consoleErrors(page);
  await page.goto(`${BOOT_URL}/signin`);
  await expect(page.getByLabel("Root user email address")).toBeVisible();
  await expect(page.getByLabel("Account ID (12 digits) or account alias")).toHaveCount(0);
  await hydrated(page);

  await page.getByTestId("kind-iam").check();
  await expect(page.getByLabel("Account ID (12 digits) or account alias")).toBeVisible();
  await expect(page.getByLabel("Root user email address")).toHaveCount(0);
  await page.getByTestId("kind-root").check();
  await expect(page.getByLabel("Root user email address")).toBeVisible();
  expect(errors).toEqual([]);
});
