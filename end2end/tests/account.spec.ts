// Account-wide pages: the dashboard's alias, the password policy editor and the credential
// report, each checked through the aws CLI.
import * as fs from "node:fs";
import { expect, test } from "@playwright/test";
import { ACCOUNT_ID, BOOT_URL, aws, consoleErrors, hydrated, signInAsRoot, withoutRefusedRequests } from "../fixtures";

test.describe.configure({ mode: "serial" });

test.beforeEach(async ({ page }) => {
  await signInAsRoot(page);
  await hydrated(page);
});

test("dashboard: create, edit and delete the account alias", async ({ page }) => {
  const errors = consoleErrors(page);
  await expect(page.getByTestId("account-alias")).toHaveText("None");
  await page.getByTestId("edit-alias").click();
  await page.getByTestId("alias-input").fill("Bad_Alias");
  await expect(page.getByTestId("alias-problem")).toBeVisible();
  await expect(page.getByTestId("alias-save")).toBeDisabled();
  await page.getByTestId("alias-input").fill("latchkey-team");
  await page.getByTestId("alias-save").click();
  await expect(page.getByTestId("account-alias")).toHaveText("latchkey-team");
  await expect(page.getByTestId("sign-in-url")).toContainText("account=latchkey-team");
  expect(JSON.parse(aws(["iam", "list-account-aliases"])).AccountAliases).toEqual(["latchkey-team"]);

  await page.getByTestId("edit-alias").click();
  await page.getByTestId("alias-input").fill("latchkey-crew");
  await page.getByTestId("alias-save").click();
  await expect(page.getByTestId("account-alias")).toHaveText("latchkey-crew");
  expect(JSON.parse(aws(["iam", "list-account-aliases"])).AccountAliases).toEqual(["latchkey-crew"]);

  await page.getByTestId("delete-alias").click();
  await page.getByTestId("alias-delete-confirm").click();
  await expect(page.getByTestId("account-alias")).toHaveText("None");
  await expect(page.getByTestId("sign-in-url")).toContainText(`account=${ACCOUNT_ID}`);
  expect(JSON.parse(aws(["iam", "list-account-aliases"])).AccountAliases).toEqual([]);
  expect(withoutRefusedRequests(errors)).toEqual([]);
});

test("account settings: a custom password policy, then back to the IAM default", async ({ page }) => {
  await page.goto(`${BOOT_URL}/iam/account-settings`);
  await hydrated(page);
  await expect(page.getByTestId("policy-kind")).toContainText("default password policy");
  await page.getByTestId("edit-password-policy").click();
  await page.getByTestId("policy-custom").check();
  await page.getByTestId("min-length").fill("5");
  await expect(page.getByTestId("policy-problem")).toContainText("from 6 to 128");
  await expect(page.getByTestId("save-password-policy")).toBeDisabled();
  await page.getByTestId("min-length").fill("14");
  await page.getByTestId("require-uppercase").check();
  await page.getByTestId("require-numbers").check();
  await page.getByTestId("expires").check();
  await page.getByTestId("max-age").fill("90");
  await page.getByTestId("allow-change").check();
  await page.getByTestId("prevent-reuse").check();
  await page.getByTestId("reuse-count").fill("3");
  await page.getByTestId("save-password-policy").click();
  await expect(page.getByTestId("policy-kind")).toContainText("custom password policy");
  await expect(page.getByTestId("policy-rules")).toContainText("Minimum password length is 14 characters");
  await expect(page.getByTestId("policy-rules")).toContainText("Passwords expire in 90 day(s)");

  const policy = JSON.parse(aws(["iam", "get-account-password-policy"])).PasswordPolicy;
  expect(policy).toMatchObject({
    MinimumPasswordLength: 14,
    RequireUppercaseCharacters: true,
    RequireLowercaseCharacters: false,
    RequireNumbers: true,
    RequireSymbols: false,
    AllowUsersToChangePassword: true,
    MaxPasswordAge: 90,
    PasswordReusePrevention: 3,
    HardExpiry: false,
  });

  await page.getByTestId("edit-password-policy").click();
  await page.getByTestId("policy-default").check();
  await page.getByTestId("save-password-policy").click();
  await expect(page.getByTestId("policy-kind")).toContainText("default password policy");
  expect(() => aws(["iam", "get-account-password-policy"])).toThrow(/NoSuchEntity/);
});

test("account settings: the STS global endpoint's session tokens", async ({ page }) => {
  const version = () => JSON.parse(aws(["iam", "get-account-summary"])).SummaryMap.GlobalEndpointTokenVersion;
  await page.goto(`${BOOT_URL}/iam/account-settings`);
  await hydrated(page);
  const section = page.getByTestId("sts-preferences");
  await expect(section.getByTestId("global-tokens")).toHaveText("Valid only in AWS Regions enabled by default");
  await section.getByTestId("edit-global-tokens").click();
  await expect(section.getByTestId("save-global-tokens")).toBeDisabled();
  await section.getByTestId("tokens-all-regions").check();
  await section.getByTestId("save-global-tokens").click();
  await expect(section.getByTestId("global-tokens")).toHaveText("Valid in all AWS Regions");
  expect(version()).toBe(2);
  aws(["iam", "set-security-token-service-preferences", "--global-endpoint-token-version", "v1Token"]);
  await page.reload();
  await hydrated(page);
  await expect(section.getByTestId("global-tokens")).toHaveText("Valid only in AWS Regions enabled by default");
});

test("account settings: outbound identity federation, enabled and disabled", async ({ page }) => {
  await page.goto(`${BOOT_URL}/iam/account-settings`);
  await hydrated(page);
  const section = page.getByTestId("outbound-federation");
  const status = section.getByTestId("outbound-federation-status");
  await expect(status).toHaveText("Disabled");
  await expect(section.getByTestId("outbound-federation-issuer")).toHaveCount(0);
  await section.getByTestId("enable-outbound-federation").click();
  await expect(status).toHaveText("Enabled");
  const info = JSON.parse(aws(["iam", "get-outbound-web-identity-federation-info"]));
  expect(info.JwtVendingEnabled).toBe(true);
  expect(info.IssuerIdentifier.startsWith(`${BOOT_URL}/oidc/`)).toBe(true);
  await expect(section.getByTestId("outbound-federation-issuer")).toHaveText(info.IssuerIdentifier);
  // The issuer's discovery document is public: a verifier needs no credentials.
  const discovery = await page.request.get(`${info.IssuerIdentifier}/.well-known/openid-configuration`);
  expect((await discovery.json()).issuer).toBe(info.IssuerIdentifier);
  const token = JSON.parse(aws(["sts", "get-web-identity-token", "--audience", "api.example.com",
    "--signing-algorithm", "RS256"])).WebIdentityToken;
  expect(token.split(".")).toHaveLength(3);

  await section.getByTestId("disable-outbound-federation").click();
  await expect(status).toHaveText("Disabled");
  await expect(section.getByTestId("outbound-federation-issuer")).toHaveText(info.IssuerIdentifier);
  expect(() => aws(["sts", "get-web-identity-token", "--audience", "api.example.com", "--signing-algorithm", "RS256"]))
    .toThrow(/OutboundWebIdentityFederationDisabledException/);
  aws(["iam", "enable-outbound-web-identity-federation"]);
  await page.reload();
  await hydrated(page);
  await expect(status).toHaveText("Enabled");
  aws(["iam", "disable-outbound-web-identity-federation"]);
});

test("credential report: generate and download the exact CSV", async ({ page }) => {
  aws(["iam", "create-user", "--user-name", "reported"]);
  await page.goto(`${BOOT_URL}/iam/credential-report`);
  await hydrated(page);
  await page.getByTestId("download-report").click();
  const link = page.getByTestId("report-file");
  await expect(link).toHaveText(/^status_reports_\d{4}-\d\d-\d\dT\d\d_\d\d_\d\d\.csv$/);
  const download = page.waitForEvent("download");
  await link.click();
  const file = await download;
  const csv = fs.readFileSync(await file.path(), "utf8");
  const lines = csv.trim().split("\n");
  expect(lines[0]).toBe(
    "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated",
  );
  expect(lines[1]).toMatch(new RegExp(`^<root_account>,arn:aws:iam::${ACCOUNT_ID}:root,`));
  expect(lines.some((l) => l.startsWith(`reported,arn:aws:iam::${ACCOUNT_ID}:user/reported,`))).toBe(true);
  // The same report the API serves.
  const api = JSON.parse(aws(["iam", "get-credential-report"]));
  expect(Buffer.from(api.Content, "base64").toString("utf8")).toBe(csv);
});
