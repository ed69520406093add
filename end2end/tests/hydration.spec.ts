// Interactions that only work once the WASM bundle has hydrated the server-rendered page.
import { expect, test } from "@playwright/test";
import { BOOT_URL, consoleErrors, hydrated, signInAsRoot } from "../fixtures";

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

test("a page whose code cannot be downloaded says so, and the console goes on working", async ({ page }) => {
  await signInAsRoot(page);
  await hydrated(page);
  // Every console page is a WASM chunk fetched when it is first shown; this one never arrives.
  await page.route("**/pkg/split_users_page.wasm", (route) => route.abort());
  const nav = page.getByRole("navigation", { name: "Identity and Access Management" });
  await nav.getByRole("link", { name: "Users" }).click();
  await expect(page.getByRole("alert")).toHaveText(
    "This page could not be loaded. Check the connection and reload the page.",
  );
  await nav.getByRole("link", { name: "User groups" }).click();
  await expect(page.getByRole("heading", { name: "User groups", level: 1 })).toBeVisible();
});
