// Virtual MFA in the console: root assigns a device to a user by scanning nothing but the
// secret, with two consecutive codes; the user is then asked for a code at sign-in.
import { expect, test } from "@playwright/test";
import { ACCOUNT_ID, BOOT_URL, ROOT_EMAIL, ROOT_PASSWORD, aws, base32Decode, consoleErrors, hydrated, step, totp, withoutRefusedRequests } from "../fixtures";

test("root assigns a virtual MFA device and the user must give a code at sign-in", async ({ page }) => {
  const errors = consoleErrors(page);
  aws(["iam", "create-user", "--user-name", "mfa-user"]);
  aws(["iam", "create-login-profile", "--user-name", "mfa-user", "--password", "Mfa-User-Pass-1"]);

  await page.goto(`${BOOT_URL}/signin/root?email=${encodeURIComponent(ROOT_EMAIL)}`);
  await hydrated(page);
  await page.getByLabel("Password").fill(ROOT_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/iam\/dashboard$/);

  await page.goto(`${BOOT_URL}/iam/users/mfa-user?tab=security_credentials`);
  await hydrated(page);
  await expect(page.getByTestId("no-mfa")).toBeVisible();
  await page.getByTestId("assign-mfa").click();
  await expect(page.getByTestId("mfa-qr").locator("svg")).toBeVisible();
  await page.getByTestId("show-mfa-secret").click();
  const seed = base32Decode((await page.getByTestId("mfa-secret").textContent()) ?? "");
  const now = step();
  await page.getByTestId("mfa-code-1").fill(totp(seed, now - 1));
  await page.getByTestId("mfa-code-2").fill(totp(seed, now));
  await page.getByTestId("enable-mfa").click();
  await expect(page.getByTestId("mfa-devices")).toContainText(`arn:aws:iam::${ACCOUNT_ID}:mfa/mfa-user-`);
  const listed = JSON.parse(aws(["iam", "list-mfa-devices", "--user-name", "mfa-user"])).MFADevices;
  expect(listed).toHaveLength(1);
  await page.goto(`${BOOT_URL}/iam/users`);
  await hydrated(page);
  await page.getByTestId("user-search").fill("mfa-user");
  await expect(page.getByTestId("user-row-mfa-user")).toContainText("Virtual");
  await page.getByTestId("sign-out").click();

  // The password alone does not open the console.
  await page.goto(`${BOOT_URL}/signin/iam?account=${ACCOUNT_ID}`);
  await hydrated(page);
  await page.getByLabel("IAM user name").fill("mfa-user");
  await page.getByLabel("Password").fill("Mfa-User-Pass-1");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/signin\/mfa$/);
  await page.goto(`${BOOT_URL}/iam/dashboard`);
  await expect(page).toHaveURL(/\/signin\/mfa$/);
  await hydrated(page);
  await page.getByTestId("mfa-code").fill("000000");
  await page.getByRole("button", { name: "Submit" }).click();
  await expect(page.getByRole("alert")).toHaveText("Your authentication information is incorrect. Please try again.");
  await page.getByTestId("mfa-code").fill(totp(seed, now + 1));
  await page.getByRole("button", { name: "Submit" }).click();
  await expect(page).toHaveURL(/\/iam\/dashboard$/);
  await expect(page.getByTestId("identity")).toHaveText(`mfa-user @ ${ACCOUNT_ID}`);
  expect(withoutRefusedRequests(errors)).toEqual([]);
});
