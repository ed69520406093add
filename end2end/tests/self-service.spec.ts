// "My security credentials" and the policy simulator: an IAM user manages its own keys, MFA and
// password as its policy allows; root manages root keys; the simulator's verdicts match the
// API's SimulatePrincipalPolicy.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { ACCOUNT_ID, BOOT_URL, ROOT_PASSWORD, aws, base32Decode, hydrated, signInAsRoot, signInAsUser, step, totp } from "../fixtures";

test.describe.configure({ mode: "serial" });

const SELF_SERVICE = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Action: [
        "iam:ChangePassword", "iam:GetUser", "iam:CreateAccessKey", "iam:UpdateAccessKey", "iam:DeleteAccessKey",
        "iam:ListAccessKeys", "iam:GetAccessKeyLastUsed", "iam:ListMFADevices", "iam:EnableMFADevice",
        "iam:DeactivateMFADevice", "iam:UploadSSHPublicKey", "iam:ListSSHPublicKeys", "iam:DeleteSSHPublicKey",
      ],
      Resource: `arn:aws:iam::${ACCOUNT_ID}:user/\${aws:username}`,
    },
    { Effect: "Allow", Action: ["iam:CreateVirtualMFADevice", "iam:DeleteVirtualMFADevice"], Resource: `arn:aws:iam::${ACCOUNT_ID}:mfa/*` },
  ],
});

test.beforeAll(() => {
  aws(["iam", "create-user", "--user-name", "selfie"]);
  aws(["iam", "create-login-profile", "--user-name", "selfie", "--password", "Selfie-Pass-1"]);
  aws(["iam", "put-user-policy", "--user-name", "selfie", "--policy-name", "self-service", "--policy-document", SELF_SERVICE]);
});

test("an IAM user manages its own access keys and MFA, then changes its password", async ({ page }) => {
  await signInAsUser(page, "selfie", "Selfie-Pass-1");
  await page.goto(`${BOOT_URL}/iam/security-credentials`);
  await hydrated(page);
  await expect(page.getByTestId("own-arn")).toHaveText(`arn:aws:iam::${ACCOUNT_ID}:user/selfie`);
  await expect(page.getByTestId("no-keys")).toBeVisible();

  await page.getByTestId("create-key").click();
  const id = (await page.getByTestId("new-key-id").textContent()) ?? "";
  expect(id).toMatch(/^AKIA/);
  const keys = JSON.parse(aws(["iam", "list-access-keys", "--user-name", "selfie"])).AccessKeyMetadata;
  expect(keys.map((k: { AccessKeyId: string }) => k.AccessKeyId)).toEqual([id]);
  await page.getByTestId(`key-${id}`).getByTestId("toggle-key").click();
  await expect(page.getByTestId(`key-${id}`)).toContainText("Inactive");
  await page.getByTestId(`key-${id}`).getByTestId("delete-key").click();
  await expect(page.getByTestId("no-keys")).toBeVisible();

  await page.getByTestId("assign-mfa").click();
  await page.getByTestId("show-mfa-secret").click();
  const seed = base32Decode((await page.getByTestId("mfa-secret").textContent()) ?? "");
  const now = step();
  await page.getByTestId("mfa-code-1").fill(totp(seed, now - 1));
  await page.getByTestId("mfa-code-2").fill(totp(seed, now));
  await page.getByTestId("enable-mfa").click();
  await expect(page.getByTestId("mfa-devices")).toContainText(`arn:aws:iam::${ACCOUNT_ID}:mfa/selfie-`);
  await page.getByTestId("remove-mfa").click();
  await expect(page.getByTestId("no-mfa")).toBeVisible();
  expect(JSON.parse(aws(["iam", "list-mfa-devices", "--user-name", "selfie"])).MFADevices).toEqual([]);

  await page.getByTestId("current-password").fill("Not-The-Password-1");
  await page.getByTestId("new-password-input").fill("Selfie-Pass-2");
  await page.getByTestId("confirm-password").fill("Selfie-Pass-2");
  await page.getByTestId("change-own-password").click();
  await expect(page.getByTestId("own-password").getByRole("alert")).toContainText("The old password you entered is incorrect.");
  await page.getByTestId("current-password").fill("Selfie-Pass-1");
  await page.getByTestId("new-password-input").fill("Selfie-Pass-2");
  await page.getByTestId("confirm-password").fill("Selfie-Pass-2");
  await page.getByTestId("change-own-password").click();
  await expect(page).toHaveURL(/\/signin$/);
  await signInAsUser(page, "selfie", "Selfie-Pass-2");
});

test("an IAM user uploads its own SSH key; a section its policy does not cover says so", async ({ page }) => {
  await signInAsUser(page, "selfie", "Selfie-Pass-2");
  await page.goto(`${BOOT_URL}/iam/security-credentials`);
  await hydrated(page);
  await expect(page.getByTestId("git-credentials")).toContainText("is not authorized to perform: iam:ListServiceSpecificCredentials");
  const ssh = page.getByTestId("ssh-keys");
  await ssh.getByTestId("ssh-keys-upload").click();
  await ssh.getByTestId("ssh-keys-body").fill(readFileSync(join(__dirname, "..", "..", "iam", "testdata", "ssh-rsa.pub"), "utf8"));
  await ssh.getByTestId("ssh-keys-submit").click();
  const keys = JSON.parse(aws(["iam", "list-ssh-public-keys", "--user-name", "selfie"])).SSHPublicKeys;
  expect(keys).toHaveLength(1);
  const row = ssh.getByTestId(`credential-${keys[0].SSHPublicKeyId}`);
  await expect(row).toContainText("Active");
  // Making it inactive is not in the policy: AWS's denial, and the key unchanged.
  await row.getByTestId("toggle-credential").click();
  await expect(page.getByRole("alert").first()).toContainText("is not authorized to perform: iam:UpdateSSHPublicKey");
  await row.getByTestId("delete-credential").click();
  await expect(row).toHaveCount(0);
  expect(JSON.parse(aws(["iam", "list-ssh-public-keys", "--user-name", "selfie"])).SSHPublicKeys).toEqual([]);
});

test("without permission the page shows AWS's denial, not the keys", async ({ page }) => {
  aws(["iam", "create-user", "--user-name", "no-self"]);
  aws(["iam", "create-login-profile", "--user-name", "no-self", "--password", "No-Self-Pass-1"]);
  await signInAsUser(page, "no-self", "No-Self-Pass-1");
  await page.goto(`${BOOT_URL}/iam/security-credentials`);
  await hydrated(page);
  await expect(page.getByTestId("access-keys").locator("..")).toContainText("is not authorized to perform: iam:ListAccessKeys");
});

test("root creates and deletes a root access key", async ({ page }) => {
  await signInAsRoot(page);
  await page.goto(`${BOOT_URL}/iam/security-credentials`);
  await hydrated(page);
  await expect(page.getByTestId("own-arn")).toHaveText(`arn:aws:iam::${ACCOUNT_ID}:root`);
  const before = await page.getByTestId("access-keys").locator("tbody tr").count();
  await page.getByTestId("create-key").click();
  const id = (await page.getByTestId("new-key-id").textContent()) ?? "";
  await expect(page.getByTestId(`key-${id}`)).toBeVisible();
  await page.getByTestId(`key-${id}`).getByTestId("toggle-key").click();
  await expect(page.getByTestId(`key-${id}`)).toContainText("Inactive");
  await page.getByTestId(`key-${id}`).getByTestId("delete-key").click();
  await expect(page.getByTestId(`key-${id}`)).toHaveCount(0);
  await expect(page.getByTestId("access-keys").locator("tbody tr")).toHaveCount(before);
});

test("root changes its password, signs in with it, and changes it back", async ({ page }) => {
  const change = async (current: string, next: string) => {
    await page.goto(`${BOOT_URL}/iam/security-credentials`);
    await hydrated(page);
    await page.getByTestId("current-password").fill(current);
    await page.getByTestId("new-password-input").fill(next);
    await page.getByTestId("confirm-password").fill(next);
    await page.getByTestId("change-own-password").click();
    await expect(page).toHaveURL(/\/signin$/);
  };
  await signInAsRoot(page);
  await change(ROOT_PASSWORD, "Rotated-Root-Pass-2");
  await signInAsRoot(page, "Rotated-Root-Pass-2");
  await change("Rotated-Root-Pass-2", ROOT_PASSWORD);
  await signInAsRoot(page);
});

test("the simulator's verdicts match SimulatePrincipalPolicy", async ({ page }) => {
  aws(["iam", "attach-user-policy", "--user-name", "selfie", "--policy-arn", "arn:aws:iam::aws:policy/IAMReadOnlyAccess"]);
  await signInAsRoot(page);
  await page.goto(`${BOOT_URL}/iam/policy-simulator`);
  await hydrated(page);
  await page.getByTestId("sim-kind").selectOption("User");
  await page.getByTestId("sim-name").selectOption("selfie");
  const actions = ["iam:CreateAccessKey", "iam:CreateUser", "iam:ListMFADevices"];
  await page.getByTestId("sim-actions").fill(actions.join("\n"));
  const resource = `arn:aws:iam::${ACCOUNT_ID}:user/selfie`;
  await page.getByTestId("sim-resource").fill(resource);
  await page.getByTestId("sim-run").click();
  await expect(page.getByTestId("sim-results")).toBeVisible();

  const api = JSON.parse(
    aws(["iam", "simulate-principal-policy", "--policy-source-arn", resource, "--action-names", ...actions, "--resource-arns", resource]),
  ).EvaluationResults;
  for (const result of api) {
    const row = page.getByTestId(`sim-${result.EvalActionName}`);
    await expect(row.locator("td[data-decision]")).toHaveAttribute("data-decision", result.EvalDecision);
    for (const matched of result.MatchedStatements) {
      await expect(row).toContainText(matched.SourcePolicyId);
    }
  }
  // `${aws:username}` needs a context value in a simulation, as on AWS: only the managed policy
  // without variables decides.
  expect(api.map((r: { EvalDecision: string }) => r.EvalDecision)).toEqual(["implicitDeny", "implicitDeny", "allowed"]);
  await expect(page.getByTestId("sim-iam:ListMFADevices")).toContainText("IAMReadOnlyAccess");

  // Pasted policies: an explicit deny wins.
  await page.getByTestId("sim-kind").selectOption("Policies");
  await page.getByTestId("sim-policy").fill(JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Action: "iam:*", Resource: "*" },
      { Effect: "Deny", Action: "iam:CreateUser", Resource: "*" },
    ],
  }));
  await page.getByTestId("sim-run").click();
  await expect(page.getByTestId("sim-iam:CreateUser").locator("td[data-decision]")).toHaveAttribute("data-decision", "explicitDeny");
  await expect(page.getByTestId("sim-iam:CreateAccessKey").locator("td[data-decision]")).toHaveAttribute("data-decision", "allowed");
});
