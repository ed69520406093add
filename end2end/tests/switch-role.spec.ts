// Switch role: an IAM user takes on a role in the console (as AWS's "Switch role" does), sees and
// may do what the role's policies allow, is held to the role session's credential (revoking the
// role's sessions ends its access), and switches back to its own permissions.
import { expect, test, type Page } from "@playwright/test";
import { ACCOUNT_ID, BOOT_URL, aws, consoleErrors, expectAccessible, hydrated, signInAsRoot, signInAsUser, withoutRefusedRequests } from "../fixtures";

test.describe.configure({ mode: "serial" });

const trusting = (principal: string): string =>
  JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: principal }, Action: "sts:AssumeRole" }] });

test.beforeAll(() => {
  aws(["iam", "create-user", "--user-name", "sam"]);
  aws(["iam", "create-login-profile", "--user-name", "sam", "--password", "Sam-Pass-1234"]);
  const assume = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: `arn:aws:iam::${ACCOUNT_ID}:role/*` }] };
  aws(["iam", "put-user-policy", "--user-name", "sam", "--policy-name", "assume-roles", "--policy-document", JSON.stringify(assume)]);
  aws(["iam", "create-role", "--role-name", "auditor", "--assume-role-policy-document", trusting(`arn:aws:iam::${ACCOUNT_ID}:root`)]);
  aws(["iam", "attach-role-policy", "--role-name", "auditor", "--policy-arn", "arn:aws:iam::aws:policy/IAMReadOnlyAccess"]);
  aws(["iam", "create-role", "--role-name", "vault", "--assume-role-policy-document", trusting("arn:aws:iam::123456789012:root")]);
});

const signInAsSam = (page: Page) => signInAsUser(page, "sam", "Sam-Pass-1234");

test("switch to a read-only role, act as it, and switch back", async ({ page }) => {
  const errors = consoleErrors(page);
  await signInAsSam(page);
  await expect(page.getByTestId("identity")).toHaveText(`sam @ ${ACCOUNT_ID}`);
  await expect(page.getByRole("alert").first()).toContainText("is not authorized to perform: iam:GetAccountSummary");

  await page.getByTestId("switch-role").click();
  await expect(page).toHaveURL(/\/iam\/switch-role$/);
  await hydrated(page);
  await expectAccessible(page);
  await page.getByTestId("switch-account").fill(ACCOUNT_ID);
  await page.getByTestId("switch-role-name").fill("auditor");
  await page.getByTestId("switch-display-name").fill("Audit");
  await page.getByTestId("switch-role-submit").click();
  await expect(page).toHaveURL(/\/iam\/dashboard$/);
  await expect(page.getByTestId("identity")).toHaveText("Audit");
  await expect(page.getByTestId("identity")).toHaveAttribute("title", `arn:aws:sts::${ACCOUNT_ID}:assumed-role/auditor/sam`);
  await expect(page.getByTestId("signed-in-as")).toHaveText(`Signed in as sam @ ${ACCOUNT_ID}`);
  await expect(page.getByTestId("count-users")).toHaveText(/^\d+$/);
  await expect(page.getByRole("alert")).toHaveCount(0);
  await expectAccessible(page);
  await page.screenshot({ path: "output/screenshots/switched-role.png", fullPage: true });

  // A role has no credentials of its own, and the user's are not the role's to manage.
  await page.goto(`${BOOT_URL}/iam/security-credentials`);
  await hydrated(page);
  await expect(page.getByRole("alert")).toHaveText(
    "You are using the role Audit. Security credentials belong to the IAM user who signed in: switch back to manage yours.",
  );
  await expect(page.getByTestId("own-arn")).toHaveCount(0);

  // The role may look but not change: the refusal names the role session.
  await page.goto(`${BOOT_URL}/iam/roles/auditor`);
  await hydrated(page);
  await expect(page.getByTestId("switch-role-link")).toHaveText(`/iam/switch-role?account=${ACCOUNT_ID}&roleName=auditor`);
  await page.getByTestId("edit-role").click();
  await page.getByTestId("role-description-input").fill("Changed by a reader");
  await page.getByTestId("save-role").click();
  await expect(page.getByRole("alert").first()).toContainText(
    `User: arn:aws:sts::${ACCOUNT_ID}:assumed-role/auditor/sam is not authorized to perform: iam:UpdateRole`,
  );
  expect(JSON.parse(aws(["iam", "get-role", "--role-name", "auditor"])).Role.Description).toBeUndefined();

  await page.goto(`${BOOT_URL}/iam/dashboard`);
  await hydrated(page);
  await page.getByTestId("switch-back").click();
  await expect(page.getByTestId("identity")).toHaveText(`sam @ ${ACCOUNT_ID}`);
  await expect(page.getByTestId("switch-role")).toBeVisible();
  await page.reload();
  await expect(page.getByRole("alert").first()).toContainText("is not authorized to perform: iam:GetAccountSummary");
  expect(withoutRefusedRequests(errors)).toEqual([]);
});

test("revoking the role's sessions ends the console's access through it", async ({ page }) => {
  await signInAsSam(page);
  // The role's switch-role link fills the form in.
  await page.goto(`${BOOT_URL}/iam/switch-role?account=${ACCOUNT_ID}&roleName=auditor`);
  await hydrated(page);
  await expect(page.getByTestId("switch-role-name")).toHaveValue("auditor");
  await page.getByTestId("switch-role-submit").click();
  await expect(page.getByTestId("identity")).toHaveText(`auditor @ ${ACCOUNT_ID}`);
  await expect(page.getByTestId("count-users")).toHaveText(/^\d+$/);

  const later = new Date(Date.now() + 60_000).toISOString().replace(/\.\d+Z$/, "Z");
  const revoke = {
    Version: "2012-10-17",
    Statement: [{ Effect: "Deny", Action: "*", Resource: "*", Condition: { DateLessThan: { "aws:TokenIssueTime": later } } }],
  };
  aws(["iam", "put-role-policy", "--role-name", "auditor", "--policy-name", "AWSRevokeOlderSessions", "--policy-document", JSON.stringify(revoke)]);
  await page.reload();
  await expect(page.getByRole("alert").first()).toContainText(
    `User: arn:aws:sts::${ACCOUNT_ID}:assumed-role/auditor/sam is not authorized to perform: iam:GetAccountSummary`,
  );
  aws(["iam", "delete-role-policy", "--role-name", "auditor", "--policy-name", "AWSRevokeOlderSessions"]);
});

test("a role that does not trust the user is refused, and root is not offered Switch role", async ({ page }) => {
  await signInAsSam(page);
  await page.goto(`${BOOT_URL}/iam/switch-role?account=${ACCOUNT_ID}&roleName=vault&displayName=Vault`);
  await hydrated(page);
  await page.getByTestId("switch-role-submit").click();
  await expect(page.getByRole("alert").first()).toContainText(
    `User: arn:aws:iam::${ACCOUNT_ID}:user/sam is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${ACCOUNT_ID}:role/vault`,
  );
  await page.getByTestId("switch-account").fill("no-such-alias");
  await page.getByTestId("switch-role-submit").click();
  await expect(page.getByRole("alert").first()).toContainText("There is no account no-such-alias.");
  await page.goto(`${BOOT_URL}/iam/dashboard`);
  await expect(page.getByTestId("identity")).toHaveText(`sam @ ${ACCOUNT_ID}`);

  await page.context().clearCookies();
  await signInAsRoot(page);
  await hydrated(page);
  await expect(page.getByTestId("identity")).toContainText("root @");
  await expect(page.getByTestId("switch-role")).toHaveCount(0);
});
