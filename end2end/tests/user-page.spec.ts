// The user page: summary and every tab, each change checked through the aws CLI.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { ACCOUNT_ID, BOOT_URL, aws, consoleErrors, hydrated, signInAsRoot, withoutRefusedRequests } from "../fixtures";

test.describe.configure({ mode: "serial" });

async function openUser(page: Page, tab: string): Promise<void> {
  await page.goto(`${BOOT_URL}/iam/users/tabby?tab=${tab}`);
  await hydrated(page);
  await expect(page.getByTestId("user-arn")).toHaveText(`arn:aws:iam::${ACCOUNT_ID}:user/tabby`);
}

test.beforeAll(() => {
  aws(["iam", "create-user", "--user-name", "tabby", "--tags", "Key=team,Value=blue"]);
  aws(["iam", "create-group", "--group-name", "tabby-readers"]);
  aws(["iam", "attach-group-policy", "--group-name", "tabby-readers", "--policy-arn", "arn:aws:iam::aws:policy/ReadOnlyAccess"]);
  aws(["iam", "create-group", "--group-name", "tabby-extra"]);
  aws(["iam", "add-user-to-group", "--user-name", "tabby", "--group-name", "tabby-readers"]);
  aws(["iam", "attach-user-policy", "--user-name", "tabby", "--policy-arn", "arn:aws:iam::aws:policy/IAMReadOnlyAccess"]);
});

test.beforeEach(async ({ page }) => {
  await signInAsRoot(page);
});

test("permissions: detach, attach directly, inline policies with the JSON editor, boundary", async ({ page }) => {
  const errors = consoleErrors(page);
  await openUser(page, "permissions");
  const table = page.getByTestId("attached-policies");
  await expect(table).toContainText("IAMReadOnlyAccess");
  await expect(table).toContainText("Group tabby-readers");
  await page.getByTestId("detach-IAMReadOnlyAccess").click();
  await expect(table).not.toContainText("IAMReadOnlyAccess");

  await page.getByTestId("add-permissions").click();
  await page.getByTestId("add-policies").check();
  await page.getByTestId("add-policy-search").fill("IAMUserChangePassword");
  await page.getByTestId("policy-IAMUserChangePassword").check();
  await page.getByTestId("add-permissions-submit").click();
  await expect(table).toContainText("IAMUserChangePassword");

  await page.getByTestId("create-inline").click();
  await page.getByTestId("inline-name").fill("s3-read");
  const bad = JSON.stringify({ Version: "2022-05-11", Statement: [{ Effect: "Allow", Action: "s3:Get*", Resource: "*" }] });
  await page.getByTestId("inline-document").fill(bad);
  await expect(page.getByTestId("inline-problem")).toContainText("2022-05-11");
  await expect(page.getByTestId("inline-save")).toBeDisabled();
  await page.getByTestId("inline-document").fill(bad.replace("2022-05-11", "2012-10-17"));
  await expect(page.getByTestId("inline-problem")).toHaveCount(0);
  await page.getByTestId("inline-save").click();
  await expect(table).toContainText("s3-read");
  expect(JSON.parse(aws(["iam", "list-user-policies", "--user-name", "tabby"])).PolicyNames).toEqual(["s3-read"]);
  await page.getByTestId("delete-inline-s3-read").click();
  await expect(table).not.toContainText("s3-read");

  await page.getByTestId("set-boundary").click();
  await page.getByTestId("user-boundary-policy-search").fill("PowerUserAccess");
  await page.getByTestId("user-boundary-policies").getByTestId("policy-PowerUserAccess").check();
  await page.getByTestId("save-boundary").click();
  await expect(page.getByTestId("boundary")).toHaveText("arn:aws:iam::aws:policy/PowerUserAccess");
  await page.getByTestId("remove-boundary").click();
  await expect(page.getByTestId("boundary")).toHaveText("Permissions boundary is not set");
  expect(withoutRefusedRequests(errors)).toEqual([]);
});

test("groups: leave a group and join another", async ({ page }) => {
  await openUser(page, "groups");
  const groups = page.getByTestId("user-groups");
  await expect(groups).toContainText("tabby-readers");
  await page.getByTestId("add-to-groups").click();
  await page.getByTestId("add-group-tabby-extra").check();
  await page.getByTestId("add-permissions-submit").click();
  await expect(groups).toContainText("tabby-extra");
  await page.getByTestId("leave-tabby-readers").click();
  await expect(groups).not.toContainText("tabby-readers");
  const listed = JSON.parse(aws(["iam", "list-groups-for-user", "--user-name", "tabby"])).Groups;
  expect(listed.map((g: { GroupName: string }) => g.GroupName)).toEqual(["tabby-extra"]);
});

test("tags: edit with the key rules", async ({ page }) => {
  await openUser(page, "tags");
  await page.getByTestId("edit-tag-value-0").fill("green");
  await page.getByTestId("edit-tag-value-0").blur();
  await page.getByTestId("edit-add-tag").click();
  await page.getByTestId("edit-tag-key-1").fill("aws:reserved");
  await page.getByTestId("edit-tag-key-1").blur();
  await expect(page.getByRole("alert").first()).toBeVisible();
  await expect(page.getByTestId("save-tags")).toBeDisabled();
  await page.getByTestId("edit-tag-key-1").fill("env");
  await page.getByTestId("edit-tag-key-1").blur();
  await page.getByTestId("edit-tag-value-1").fill("dev");
  await page.getByTestId("edit-tag-value-1").blur();
  await page.getByTestId("save-tags").click();
  await expect(page.getByRole("status")).toHaveText("Saved.");
  const tags = JSON.parse(aws(["iam", "list-user-tags", "--user-name", "tabby"])).Tags;
  expect(tags).toEqual([{ Key: "env", Value: "dev" }, { Key: "team", Value: "green" }]);
});

test("security credentials: console password and access keys", async ({ page }) => {
  await openUser(page, "security_credentials");
  await expect(page.getByTestId("console-status")).toHaveText("Disabled");
  await page.getByTestId("set-password").click();
  await expect(page.getByTestId("new-password")).toHaveText(/.{20,}/);
  await expect(page.getByTestId("console-status")).toHaveText("Enabled");
  expect(JSON.parse(aws(["iam", "get-login-profile", "--user-name", "tabby"])).LoginProfile.PasswordResetRequired).toBe(true);
  await page.getByTestId("disable-console").click();
  await expect(page.getByTestId("console-status")).toHaveText("Disabled");

  await page.getByTestId("create-key").click();
  const id = (await page.getByTestId("new-key-id").textContent()) ?? "";
  const secret = (await page.getByTestId("new-key-secret").textContent()) ?? "";
  expect(id).toMatch(/^AKIA/);
  expect(await page.getByTestId("new-key-csv").getAttribute("href")).toContain(encodeURIComponent(secret).slice(0, 10));
  const identity = JSON.parse(aws(["sts", "get-caller-identity"], { id, secret }));
  expect(identity.Arn).toBe(`arn:aws:iam::${ACCOUNT_ID}:user/tabby`);
  const row = page.getByTestId(`key-${id}`);
  await expect(row.getByTestId("delete-key")).toBeDisabled();
  await row.getByTestId("toggle-key").click();
  await expect(row).toContainText("Inactive");
  await row.getByTestId("delete-key").click();
  await expect(page.getByTestId(`key-${id}`)).toHaveCount(0);
  // Reloading shows no secret again.
  await page.reload();
  await hydrated(page);
  expect(await page.content()).not.toContain(secret);
});

const testdata = (name: string) => readFileSync(join(__dirname, "..", "..", "iam", "testdata", name), "utf8");

test("security credentials: SSH keys, Git and Keyspaces credentials, signing certificates", async ({ page }) => {
  const errors = consoleErrors(page);
  await openUser(page, "security_credentials");

  const ssh = page.getByTestId("ssh-keys");
  await ssh.getByTestId("ssh-keys-upload").click();
  await ssh.getByTestId("ssh-keys-body").fill(testdata("ssh-rsa-1024.pub"));
  await ssh.getByTestId("ssh-keys-submit").click();
  await expect(page.getByRole("alert")).toContainText("at least 2048 bits");
  await ssh.getByTestId("ssh-keys-upload").click();
  await ssh.getByTestId("ssh-keys-body").fill(testdata("ssh-rsa.pub"));
  await ssh.getByTestId("ssh-keys-submit").click();
  const keys = JSON.parse(aws(["iam", "list-ssh-public-keys", "--user-name", "tabby"])).SSHPublicKeys;
  expect(keys).toHaveLength(1);
  const keyRow = ssh.getByTestId(`credential-${keys[0].SSHPublicKeyId}`);
  await expect(keyRow).toContainText("Active");
  await keyRow.getByTestId("toggle-credential").click();
  await expect(keyRow).toContainText("Inactive");

  const git = page.getByTestId("git-credentials");
  await git.getByTestId("git-credentials-generate").click();
  await expect(page.getByTestId("new-service-user")).toHaveText(`tabby-at-${ACCOUNT_ID}`);
  const password = (await page.getByTestId("new-service-password").textContent()) ?? "";
  expect(password).toHaveLength(44);
  const listed = JSON.parse(aws(["iam", "list-service-specific-credentials", "--user-name", "tabby"]));
  expect(listed.ServiceSpecificCredentials.map((c: { ServiceName: string }) => c.ServiceName)).toEqual(["codecommit.amazonaws.com"]);
  const gitRow = git.getByTestId(`credential-${listed.ServiceSpecificCredentials[0].ServiceSpecificCredentialId}`);
  await gitRow.getByTestId("reset-credential").click();
  await expect(page.getByTestId("new-service-password")).not.toHaveText(password);
  await page.getByTestId("keyspaces-credentials").getByTestId("keyspaces-credentials-generate").click();
  await expect(page.getByTestId("keyspaces-credentials")).toContainText(`tabby-at-${ACCOUNT_ID}`);

  const certificates = page.getByTestId("signing-certificates");
  await certificates.getByTestId("signing-certificates-upload").click();
  await certificates.getByTestId("signing-certificates-body").fill(testdata("ec-cert.pem"));
  await certificates.getByTestId("signing-certificates-submit").click();
  const certs = JSON.parse(aws(["iam", "list-signing-certificates", "--user-name", "tabby"])).Certificates;
  expect(certs.map((c: { CertificateBody: string }) => c.CertificateBody)).toEqual([testdata("ec-cert.pem")]);
  await expect(certificates.getByTestId(`credential-${certs[0].CertificateId}`)).toContainText("Active");

  // Deleting each leaves the user with none, as the CLI sees it.
  for (const section of ["ssh-keys", "git-credentials", "keyspaces-credentials", "signing-certificates"]) {
    const rows = page.getByTestId(section).getByTestId("delete-credential");
    while ((await rows.count()) > 0) {
      const before = await rows.count();
      await rows.first().click();
      await expect(rows).toHaveCount(before - 1);
    }
  }
  expect(JSON.parse(aws(["iam", "list-ssh-public-keys", "--user-name", "tabby"])).SSHPublicKeys).toEqual([]);
  expect(JSON.parse(aws(["iam", "list-service-specific-credentials", "--user-name", "tabby"])).ServiceSpecificCredentials).toEqual([]);
  expect(JSON.parse(aws(["iam", "list-signing-certificates", "--user-name", "tabby"])).Certificates).toEqual([]);
  await page.reload();
  await hydrated(page);
  expect(await page.content()).not.toContain(password);
  expect(withoutRefusedRequests(errors)).toEqual([]);
});

test("access advisor lists the services the policies allow", async ({ page }) => {
  await openUser(page, "access_advisor");
  await expect(page.getByTestId("services")).toContainText("iam");
});
