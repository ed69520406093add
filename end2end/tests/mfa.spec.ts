// Virtual MFA in the console: root assigns a device to a user by scanning nothing but the
// secret, with two consecutive codes; the user is then asked for a code at sign-in, and the
// console's requests carry that MFA to policy conditions.
import { expect, test } from "@playwright/test";
import { ACCOUNT_ID, BOOT_URL, aws, base32Decode, consoleErrors, hydrated, signInAsRoot, step, submitUserSignIn, totp, withoutRefusedRequests } from "../fixtures";

test("root assigns a virtual MFA device and the user must give a code at sign-in", async ({ page }) => {
  const errors = consoleErrors(page);
  aws(["iam", "create-user", "--user-name", "mfa-user"]);
  aws(["iam", "create-login-profile", "--user-name", "mfa-user", "--password", "Mfa-User-Pass-1"]);

  await signInAsRoot(page);

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
  await submitUserSignIn(page, "mfa-user", "Mfa-User-Pass-1");
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

  // The console's requests carry the sign-in's MFA, as on AWS: a policy that allows reading IAM
  // only with MFA lets the console list users, while the user's long-term key is refused.
  const mfaOnly = JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: ["iam:Get*", "iam:List*"],
        Resource: "*",
        Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" }, NumericLessThan: { "aws:MultiFactorAuthAge": "3600" } },
      },
    ],
  });
  aws(["iam", "put-user-policy", "--user-name", "mfa-user", "--policy-name", "mfa-only", "--policy-document", mfaOnly]);
  await page.goto(`${BOOT_URL}/iam/users`);
  await hydrated(page);
  await expect(page.getByTestId("user-row-mfa-user")).toBeVisible();
  const key = JSON.parse(aws(["iam", "create-access-key", "--user-name", "mfa-user"])).AccessKey;
  expect(() => aws(["iam", "list-users"], { id: key.AccessKeyId, secret: key.SecretAccessKey })).toThrow(/AccessDenied/);
  expect(withoutRefusedRequests(errors)).toEqual([]);
});
