// Sign-in failures, IAM-user sign-in with a forced password change, and session rotation.
import { expect, test } from "@playwright/test";
import { ACCOUNT_ID, BOOT_URL, ROOT_EMAIL, ROOT_PASSWORD, aws, consoleErrors, hydrated, signInAsRoot, signInAsUser, withoutRefusedRequests } from "../fixtures";

const GENERIC = "Your authentication information is incorrect. Please try again.";

test("a wrong root password and an unknown email get the same generic message", async ({ page }) => {
  for (const [email, password] of [
    [ROOT_EMAIL, "Wrong-Password-1"],
    ["nobody@latchkey.test", ROOT_PASSWORD],
  ]) {
    await page.goto(`${BOOT_URL}/signin/root?email=${encodeURIComponent(email)}`);
    await hydrated(page);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert")).toHaveText(GENERIC);
    await expect(page).toHaveURL(/\/signin\/root/);
  }
});

test("the session ID changes at sign-in", async ({ page }) => {
  await page.context().addCookies([{ name: "latchkey-session", value: "planted-by-an-attacker", url: BOOT_URL }]);
  await signInAsRoot(page);
  const session = (await page.context().cookies()).find((c) => c.name === "latchkey-session");
  expect(session?.value).toBeTruthy();
  expect(session?.value).not.toBe("planted-by-an-attacker");
});

test("an IAM user must change a password that requires reset, then lands in the console", async ({ page }) => {
  const errors = consoleErrors(page);
  aws(["iam", "create-user", "--user-name", "dana"]);
  aws(["iam", "create-login-profile", "--user-name", "dana", "--password", "Initial-Pass-1", "--password-reset-required"]);

  await page.goto(`${BOOT_URL}/signin`);
  await hydrated(page);
  await page.getByTestId("kind-iam").check();
  await page.getByLabel("Account ID (12 digits) or account alias").fill(ACCOUNT_ID);
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page).toHaveURL(/\/signin\/iam\?account=/);
  await hydrated(page);

  await page.getByLabel("IAM user name").fill("dana");
  await page.getByLabel("Password").fill("Not-Her-Password-1");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toHaveText(GENERIC);

  await page.getByLabel("Password").fill("Initial-Pass-1");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/signin\/change-password$/);
  await expect(page.getByTestId("pending-identity")).toHaveText(`dana @ ${ACCOUNT_ID}`);

  // Nothing else is reachable before the change.
  await page.goto(`${BOOT_URL}/iam/dashboard`);
  await expect(page).toHaveURL(/\/signin\/change-password$/);
  await hydrated(page);

  await page.getByLabel("Old password").fill("Initial-Pass-1");
  await page.getByLabel("New password", { exact: true }).fill("short");
  await page.getByLabel("Retype new password").fill("short");
  await page.getByRole("button", { name: "Confirm password change" }).click();
  await expect(page.getByRole("alert")).toHaveText(/Password should have a minimum length of 8/);

  await page.getByLabel("New password", { exact: true }).fill("Changed-Pass-2");
  await page.getByLabel("Retype new password").fill("Changed-Pass-2");
  await page.getByRole("button", { name: "Confirm password change" }).click();
  await expect(page).toHaveURL(/\/iam\/dashboard$/);
  await expect(page.getByTestId("identity")).toHaveText(`dana @ ${ACCOUNT_ID}`);
  // Dana has no permissions yet: the account summary is refused with AWS's words.
  await expect(page.getByRole("alert").first()).toHaveText(/is not authorized to perform: iam:GetAccountSummary/);

  const profile = JSON.parse(aws(["iam", "get-login-profile", "--user-name", "dana"]));
  expect(profile.LoginProfile.PasswordResetRequired).toBe(false);
  expect(withoutRefusedRequests(errors)).toEqual([]);
});

test("the console shows what the user's policies allow", async ({ page }) => {
  const errors = consoleErrors(page);
  aws(["iam", "create-user", "--user-name", "vera"]);
  aws(["iam", "create-login-profile", "--user-name", "vera", "--password", "Vera-Pass-123"]);
  aws(["iam", "attach-user-policy", "--user-name", "vera", "--policy-arn", "arn:aws:iam::aws:policy/IAMReadOnlyAccess"]);

  await signInAsUser(page, "vera", "Vera-Pass-123");
  await expect(page.getByTestId("identity")).toHaveText(`vera @ ${ACCOUNT_ID}`);
  // IAMReadOnlyAccess allows iam:GetAccountSummary: the counts show, no denial.
  await expect(page.getByTestId("count-users")).toHaveText(/^\d+$/);
  await expect(page.getByRole("alert")).toHaveCount(0);
  expect(errors).toEqual([]);
});
