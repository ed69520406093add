// Roles: the wizard for each trusted-entity type producing the expected trust policy, the role
// page's tabs (permissions, trust, tags, revoke sessions, summary edits) and the cascading
// delete, each checked through the aws CLI.
import { expect, test, type Page } from "@playwright/test";
import { ACCOUNT_ID, BOOT_URL, aws, consoleErrors, hydrated, samlMetadata, signInAsRoot, withoutRefusedRequests } from "../fixtures";

test.describe.configure({ mode: "serial" });

test.beforeEach(async ({ page }) => {
  await signInAsRoot(page);
});

type Statement = Record<string, unknown>;

function trustOf(name: string): Statement {
  return JSON.parse(aws(["iam", "get-role", "--role-name", name])).Role.AssumeRolePolicyDocument.Statement[0];
}

async function finish(page: Page, name: string): Promise<void> {
  await page.getByTestId("role-next").click();
  await page.getByTestId("role-next").click();
  await page.getByTestId("role-name").fill(name);
  await page.getByTestId("create-role-submit").click();
  await expect(page).toHaveURL(new RegExp(`/iam/roles\\?created=${name}$`));
  await expect(page.getByText(`Role ${name} created.`)).toBeVisible();
}

async function startWizard(page: Page, tile: string): Promise<void> {
  await page.goto(`${BOOT_URL}/iam/roles/create`);
  await hydrated(page);
  await page.getByTestId(`tile-${tile}`).check();
}

test("AWS service: EC2 with a policy, a boundary and a tag, plus its instance profile", async ({ page }) => {
  const errors = consoleErrors(page);
  await startWizard(page, "service");
  await page.getByTestId("service-EC2").check();
  await expect(page.getByTestId("trust-preview")).toContainText('"Service": "ec2.amazonaws.com"');
  await page.getByTestId("role-next").click();
  await page.getByTestId("role-policy-search").fill("AmazonS3ReadOnlyAccess");
  await page.getByTestId("policy-AmazonS3ReadOnlyAccess").check();
  await page.getByTestId("use-boundary").check();
  await page.getByTestId("role-boundary-policy-search").fill("PowerUserAccess");
  await page.getByTestId("policy-PowerUserAccess").check();
  await page.getByTestId("role-next").click();
  await page.getByTestId("role-name").fill("bad role");
  await expect(page.getByTestId("role-name-error")).toBeVisible();
  await page.getByTestId("role-name").fill("web-server");
  await page.getByTestId("role-description").fill("Runs the web tier");
  await expect(page.getByTestId("review-policies")).toContainText("AmazonS3ReadOnlyAccess");
  await page.getByTestId("edit-add-tag").click();
  await page.getByTestId("edit-tag-key-0").fill("tier");
  await page.getByTestId("edit-tag-value-0").fill("web");
  await page.getByTestId("edit-tag-value-0").blur();
  await page.getByTestId("create-role-submit").click();
  await expect(page).toHaveURL(/\/iam\/roles\?created=web-server$/);
  await expect(page.getByTestId("role-row-web-server")).toContainText("AWS Service: ec2");

  const role = JSON.parse(aws(["iam", "get-role", "--role-name", "web-server"])).Role;
  expect(role.AssumeRolePolicyDocument.Statement[0]).toEqual({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" });
  expect(role.Description).toBe("Runs the web tier");
  expect(role.PermissionsBoundary.PermissionsBoundaryArn).toBe("arn:aws:iam::aws:policy/PowerUserAccess");
  expect(role.Tags).toEqual([{ Key: "tier", Value: "web" }]);
  const attached = JSON.parse(aws(["iam", "list-attached-role-policies", "--role-name", "web-server"])).AttachedPolicies;
  expect(attached.map((p: { PolicyName: string }) => p.PolicyName)).toEqual(["AmazonS3ReadOnlyAccess"]);
  const profile = JSON.parse(aws(["iam", "get-instance-profile", "--instance-profile-name", "web-server"])).InstanceProfile;
  expect(profile.Roles.map((r: { RoleName: string }) => r.RoleName)).toEqual(["web-server"]);
  expect(withoutRefusedRequests(errors)).toEqual([]);
});

test("AWS service: Lambda", async ({ page }) => {
  await startWizard(page, "service");
  await page.getByTestId("service-Lambda").check();
  await finish(page, "fn-runner");
  expect(trustOf("fn-runner")).toEqual({ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" });
  expect(() => aws(["iam", "get-instance-profile", "--instance-profile-name", "fn-runner"])).toThrow(/NoSuchEntity/);
});

test("AWS account: this account with MFA, another with an external ID", async ({ page }) => {
  await startWizard(page, "account");
  await page.getByTestId("require-mfa").check();
  await finish(page, "admins-with-mfa");
  expect(trustOf("admins-with-mfa")).toEqual({
    Effect: "Allow",
    Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` },
    Action: "sts:AssumeRole",
    Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } },
  });

  await startWizard(page, "account");
  await page.getByTestId("other-account").check();
  await page.getByTestId("other-account-id").fill("12345");
  await expect(page.getByTestId("trust-problem")).toContainText("12-digit");
  await expect(page.getByTestId("role-next")).toBeDisabled();
  await page.getByTestId("other-account-id").fill("123456789012");
  await page.getByTestId("require-external-id").check();
  await page.getByTestId("external-id").fill("partner-42");
  await finish(page, "partner-access");
  expect(trustOf("partner-access")).toEqual({
    Effect: "Allow",
    Principal: { AWS: "arn:aws:iam::123456789012:root" },
    Action: "sts:AssumeRole",
    Condition: { StringEquals: { "sts:ExternalId": "partner-42" } },
  });
});

test("web identity, SAML 2.0 and a custom trust policy", async ({ page }) => {
  await startWizard(page, "web");
  await page.getByTestId("web-provider").selectOption("accounts.google.com");
  await page.getByTestId("audience").fill("my-google-app");
  await finish(page, "google-users");
  expect(trustOf("google-users")).toEqual({
    Effect: "Allow",
    Principal: { Federated: "accounts.google.com" },
    Action: "sts:AssumeRoleWithWebIdentity",
    Condition: { StringEquals: { "accounts.google.com:aud": "my-google-app" } },
  });

  aws(["iam", "create-saml-provider", "--name", "Corp", "--saml-metadata-document", samlMetadata()]);
  await startWizard(page, "saml");
  await expect(page.getByTestId("saml-provider")).toHaveValue(`arn:aws:iam::${ACCOUNT_ID}:saml-provider/Corp`);
  await page.getByTestId("saml-console").check();
  await finish(page, "corp-sso");
  expect(trustOf("corp-sso")).toEqual({
    Effect: "Allow",
    Principal: { Federated: `arn:aws:iam::${ACCOUNT_ID}:saml-provider/Corp` },
    Action: "sts:AssumeRoleWithSAML",
    Condition: { StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml" } },
  });

  await startWizard(page, "custom");
  await expect(page.getByTestId("trust-problem")).toBeVisible();
  const custom = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:user/someone` }, Action: "sts:AssumeRole" }] };
  await page.getByTestId("policy-json").fill(JSON.stringify({ ...custom, Statement: [{ ...custom.Statement[0], Resource: "*" }] }));
  await expect(page.getByTestId("policy-json-problem")).toContainText("Resource");
  await page.getByTestId("policy-json").fill(JSON.stringify(custom));
  await finish(page, "custom-trust");
  expect(trustOf("custom-trust")).toEqual(custom.Statement[0]);
});

test("role page: permissions, trust edit, tags, summary edits and revoke sessions", async ({ page }) => {
  await page.goto(`${BOOT_URL}/iam/roles/fn-runner`);
  await hydrated(page);
  await expect(page.getByTestId("role-arn")).toHaveText(`arn:aws:iam::${ACCOUNT_ID}:role/fn-runner`);
  await page.getByTestId("attach-policies").click();
  await page.getByTestId("attach-policy-search").fill("AWSLambdaBasicExecutionRole");
  await page.getByTestId("policy-AWSLambdaBasicExecutionRole").check();
  await page.getByTestId("attach-submit").click();
  await expect(page.getByTestId("role-policies")).toContainText("AWSLambdaBasicExecutionRole");
  await page.getByTestId("detach-AWSLambdaBasicExecutionRole").click();
  await expect(page.getByTestId("policy-AWSLambdaBasicExecutionRole")).toHaveCount(0);

  await page.getByTestId("edit-role").click();
  await page.getByTestId("max-session-input").selectOption("14400");
  await page.getByTestId("role-description-input").fill("Runs functions");
  await page.getByTestId("save-role").click();
  await expect(page.getByTestId("max-session")).toHaveText("4 hour(s)");
  await expect(page.getByTestId("role-description")).toHaveText("Runs functions");
  const role = JSON.parse(aws(["iam", "get-role", "--role-name", "fn-runner"])).Role;
  expect([role.MaxSessionDuration, role.Description]).toEqual([14400, "Runs functions"]);

  await page.getByTestId("tab-trust").click();
  await expect(page.getByTestId("trusted-entities")).toContainText("AWS Service: lambda");
  await page.getByTestId("edit-trust").click();
  const trust = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "edgelambda.amazonaws.com" }, Action: "sts:AssumeRole" }] };
  await page.getByTestId("policy-json").fill(JSON.stringify(trust));
  await page.getByTestId("update-trust").click();
  await expect(page.getByTestId("trusted-entities")).toContainText("AWS Service: edgelambda");
  expect(trustOf("fn-runner")).toEqual(trust.Statement[0]);

  await page.getByTestId("tab-tags").click();
  await page.getByTestId("edit-add-tag").click();
  await page.getByTestId("edit-tag-key-0").fill("owner");
  await page.getByTestId("edit-tag-value-0").fill("ops");
  await page.getByTestId("edit-tag-value-0").blur();
  await page.getByTestId("save-tags").click();
  await expect(page.getByText("Saved.")).toBeVisible();
  expect(JSON.parse(aws(["iam", "list-role-tags", "--role-name", "fn-runner"])).Tags).toEqual([{ Key: "owner", Value: "ops" }]);

  await page.getByTestId("tab-revoke").click();
  await page.getByTestId("revoke-sessions").click();
  await expect(page.getByTestId("revoke-confirm")).toBeDisabled();
  await page.getByTestId("revoke-acknowledge").check();
  await page.getByTestId("revoke-confirm").click();
  await expect(page.getByText("Saved.")).toBeVisible();
  const revoke = JSON.parse(aws(["iam", "get-role-policy", "--role-name", "fn-runner", "--policy-name", "AWSRevokeOlderSessions"])).PolicyDocument;
  expect(revoke.Statement[0].Effect).toBe("Deny");
  expect(revoke.Statement[0].Condition.DateLessThan["aws:TokenIssueTime"]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
});

test("delete a role with its policies and instance profile", async ({ page }) => {
  await page.goto(`${BOOT_URL}/iam/roles`);
  await hydrated(page);
  await page.getByTestId("role-search").fill("web-server");
  await page.getByLabel("Select web-server").check();
  await page.getByTestId("delete-roles").click();
  await page.getByTestId("confirm-delete").fill("web-server");
  await page.getByTestId("confirm-delete-button").click();
  await expect(page.getByText("Deleted web-server.")).toBeVisible();
  expect(() => aws(["iam", "get-role", "--role-name", "web-server"])).toThrow(/NoSuchEntity/);
  expect(() => aws(["iam", "get-instance-profile", "--instance-profile-name", "web-server"])).toThrow(/NoSuchEntity/);
});
