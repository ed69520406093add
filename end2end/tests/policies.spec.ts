// Policies: the list with its filters, a policy's page (summary, JSON, entities, versions, tags),
// creating with the JSON editor and editing into new versions up to the five-version limit.
import { expect, test } from "@playwright/test";
import { ACCOUNT_ID, BOOT_URL, aws, consoleErrors, hydrated, signInAsRoot, withoutRefusedRequests } from "../fixtures";

test.describe.configure({ mode: "serial" });

const ARN = `arn:aws:iam::${ACCOUNT_ID}:policy/s3-readers`;
const details = (arn: string, tab = "permissions") => `${BOOT_URL}/iam/policies/details?arn=${encodeURIComponent(arn)}&tab=${tab}`;

test.beforeAll(() => {
  aws(["iam", "create-user", "--user-name", "polly"]);
  aws(["iam", "create-group", "--group-name", "policy-team"]);
  const trust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] });
  aws(["iam", "create-role", "--role-name", "policy-role", "--assume-role-policy-document", trust]);
});

test.beforeEach(async ({ page }) => {
  await signInAsRoot(page);
});

test("list: every AWS managed policy, filters and search", async ({ page }) => {
  await page.goto(`${BOOT_URL}/iam/policies`);
  await hydrated(page);
  await expect(page.getByTestId("policies-count")).toHaveText("(1594)");
  await page.getByTestId("policies-type").selectOption("job-function");
  await expect(page.getByTestId("policies-count")).toHaveText("(11)");
  await expect(page.getByTestId("policy-row-Billing")).toBeVisible();
  await page.getByTestId("policies-next").click();
  await expect(page.getByTestId("policies-page")).toHaveText("Page 2 of 2");
  await expect(page.getByTestId("policy-row-ViewOnlyAccess")).toBeVisible();
  await expect(page.getByTestId("policy-row-ViewOnlyAccess")).toContainText("AWS managed - job function");
  await page.getByTestId("policies-type").selectOption("all");
  await page.getByTestId("policies-search").fill("AdministratorAccess");
  const admin = page.getByTestId("policy-row-AdministratorAccess");
  await expect(admin).toBeVisible();
  await admin.getByRole("link").click();
  await hydrated(page);
  await expect(page.getByTestId("policy-arn")).toHaveText("arn:aws:iam::aws:policy/AdministratorAccess");
  await expect(page.getByTestId("summary-allow")).toContainText("Full access");
  await expect(page.getByTestId("edit-policy")).toHaveCount(0);
  await page.getByTestId("show-json").click();
  await expect(page.getByTestId("policy-document")).toContainText('"Action": "*"');
});

test("create with the JSON editor: live errors, size counter, summary, tags", async ({ page }) => {
  const errors = consoleErrors(page);
  await page.goto(`${BOOT_URL}/iam/policies/create`);
  await hydrated(page);
  const editor = page.getByTestId("policy-json");
  await editor.fill('{\n  "Version": "2012-10-17",\n  "Statement": [ {');
  await expect(page.getByTestId("policy-json-problem")).toContainText("line 3");
  await expect(page.getByTestId("policy-next")).toBeDisabled();
  const doc = {
    Version: "2022-05-11",
    Statement: [
      { Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"], Resource: "*" },
      { Effect: "Deny", Action: "s3:DeleteBucket", Resource: "arn:aws:s3:::keep" },
    ],
  };
  await editor.fill(JSON.stringify(doc, null, 2));
  await expect(page.getByTestId("policy-json-problem")).toContainText("2022-05-11");
  await expect(page.getByTestId("policy-next")).toBeDisabled();
  doc.Version = "2012-10-17";
  await editor.fill(JSON.stringify(doc, null, 2));
  await expect(page.getByTestId("policy-json-problem")).toHaveCount(0);
  const compact = JSON.stringify(doc).replace(/\s/g, "").length;
  await expect(page.getByTestId("policy-json-size")).toHaveText(`${compact} of 6,144 characters, white space not counted`);
  await page.getByTestId("policy-next").click();

  await expect(page.getByTestId("summary-allow")).toContainText("Limited: List, Read");
  await expect(page.getByTestId("summary-deny")).toContainText("arn:aws:s3:::keep");
  await page.getByTestId("policy-name-input").fill("s3 readers");
  await expect(page.getByTestId("policy-name-error")).toBeVisible();
  await page.getByTestId("policy-name-input").fill("s3-readers");
  await page.getByTestId("policy-description").fill("Reads objects");
  await page.getByTestId("edit-add-tag").click();
  await page.getByTestId("edit-tag-key-0").fill("team");
  await page.getByTestId("edit-tag-value-0").fill("data");
  await page.getByTestId("edit-tag-value-0").blur();
  await page.getByTestId("create-policy-submit").click();
  await expect(page).toHaveURL(/\/iam\/policies\?created=s3-readers$/);
  await expect(page.getByText("Policy s3-readers created.")).toBeVisible();

  const policy = JSON.parse(aws(["iam", "get-policy", "--policy-arn", ARN])).Policy;
  expect(policy).toMatchObject({ PolicyName: "s3-readers", DefaultVersionId: "v1", Description: "Reads objects" });
  const version = JSON.parse(aws(["iam", "get-policy-version", "--policy-arn", ARN, "--version-id", "v1"])).PolicyVersion;
  expect(version.Document).toEqual(doc);
  expect(JSON.parse(aws(["iam", "list-policy-tags", "--policy-arn", ARN])).Tags).toEqual([{ Key: "team", Value: "data" }]);
  expect(withoutRefusedRequests(errors)).toEqual([]);
});

test("entities: attach to a user, a group and a role, detach; users using it as a boundary", async ({ page }) => {
  await page.goto(details(ARN, "entities"));
  await hydrated(page);
  await page.getByTestId("attach-entities").click();
  await page.getByTestId("choose-user-polly").check();
  await page.getByTestId("choose-group-policy-team").check();
  await page.getByTestId("choose-role-policy-role").check();
  await page.getByTestId("attach-entities-submit").click();
  await expect(page.getByTestId("entity-policy-role")).toContainText("Role");
  await expect(page.getByTestId("entity-polly")).toContainText("User");
  await expect(page.getByTestId("entity-policy-team")).toContainText("Group");
  const listed = JSON.parse(aws(["iam", "list-entities-for-policy", "--policy-arn", ARN]));
  expect(listed.PolicyUsers.map((u: { UserName: string }) => u.UserName)).toEqual(["polly"]);
  expect(listed.PolicyGroups.map((g: { GroupName: string }) => g.GroupName)).toEqual(["policy-team"]);
  expect(listed.PolicyRoles.map((r: { RoleName: string }) => r.RoleName)).toEqual(["policy-role"]);
  await page.getByTestId("detach-policy-team").click();
  await expect(page.getByTestId("entity-policy-team")).toHaveCount(0);

  await expect(page.getByTestId("boundary-entities")).toContainText("No user or role uses this policy");
  aws(["iam", "put-user-permissions-boundary", "--user-name", "polly", "--permissions-boundary", ARN]);
  await page.reload();
  await hydrated(page);
  await expect(page.getByTestId("boundary-entities")).toContainText("polly");
  await expect(page.getByTestId("boundary-entities")).toContainText("Permissions boundary");
  expect(JSON.parse(aws(["iam", "get-policy", "--policy-arn", ARN])).Policy.PermissionsBoundaryUsageCount).toBe(1);
  aws(["iam", "delete-user-permissions-boundary", "--user-name", "polly"]);
});

test("edit makes new default versions; the sixth asks which version to remove", async ({ page }) => {
  for (let v = 2; v <= 5; v++) {
    await page.goto(`${BOOT_URL}/iam/policies/edit?arn=${encodeURIComponent(ARN)}`);
    await hydrated(page);
    const doc = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: `s3:GetObjectVersion${v}`, Resource: "*" }] };
    await page.getByTestId("policy-json").fill(JSON.stringify(doc));
    await page.getByTestId("policy-next").click();
    await page.getByTestId("save-policy").click();
    await expect(page).toHaveURL(/tab=versions$/);
    await expect(page.getByTestId(`version-v${v}`)).toContainText(`v${v} (Default)`);
  }
  await page.goto(`${BOOT_URL}/iam/policies/edit?arn=${encodeURIComponent(ARN)}`);
  await hydrated(page);
  await page.getByTestId("policy-json").fill(JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:ListAllMyBuckets", Resource: "*" }] }));
  await page.getByTestId("policy-next").click();
  await page.getByTestId("save-policy").click();
  await expect(page.getByTestId("remove-v1")).toBeChecked();
  await page.getByTestId("remove-v3").check();
  await page.getByTestId("remove-and-save").click();
  await expect(page.getByTestId("version-v6")).toContainText("v6 (Default)");
  const ids = JSON.parse(aws(["iam", "list-policy-versions", "--policy-arn", ARN])).Versions.map((v: { VersionId: string }) => v.VersionId).sort();
  expect(ids).toEqual(["v1", "v2", "v4", "v5", "v6"]);

  await page.getByTestId("set-default-v2").click();
  await expect(page.getByTestId("version-v2")).toContainText("v2 (Default)");
  await page.getByTestId("delete-version-v1").click();
  await expect(page.getByTestId("version-v1")).toHaveCount(0);
  expect(JSON.parse(aws(["iam", "get-policy", "--policy-arn", ARN])).Policy.DefaultVersionId).toBe("v2");
});

test("tags, then delete with its attachments and versions", async ({ page }) => {
  await page.goto(details(ARN, "tags"));
  await hydrated(page);
  await page.getByTestId("edit-add-tag").click();
  await page.getByTestId("edit-tag-key-1").fill("Team");
  await page.getByTestId("edit-tag-value-1").fill("case-sensitive");
  await page.getByTestId("edit-tag-value-1").blur();
  await page.getByTestId("save-tags").click();
  await expect(page.getByText("Saved.")).toBeVisible();
  const keys = JSON.parse(aws(["iam", "list-policy-tags", "--policy-arn", ARN])).Tags.map((t: { Key: string }) => t.Key).sort();
  expect(keys).toEqual(["Team", "team"]);

  await page.getByTestId("delete-policy").click();
  await page.getByTestId("confirm-delete").fill("s3-readers");
  await page.getByTestId("confirm-delete-button").click();
  await expect(page).toHaveURL(/\/iam\/policies$/);
  expect(() => aws(["iam", "get-policy", "--policy-arn", ARN])).toThrow(/NoSuchEntity/);
  expect(JSON.parse(aws(["iam", "list-attached-user-policies", "--user-name", "polly"])).AttachedPolicies).toEqual([]);
});

test("list: select customer managed policies and delete them; AWS managed ones cannot be deleted", async ({ page }) => {
  const doc = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sqs:ListQueues", Resource: "*" }] });
  for (const name of ["sweep-one", "sweep-two", "sweep-kept"]) {
    aws(["iam", "create-policy", "--policy-name", name, "--policy-document", doc]);
  }
  aws(["iam", "attach-user-policy", "--user-name", "polly", "--policy-arn", `arn:aws:iam::${ACCOUNT_ID}:policy/sweep-two`]);
  await page.goto(`${BOOT_URL}/iam/policies`);
  await hydrated(page);
  await page.getByTestId("policies-search").fill("ViewOnlyAccess");
  await expect(page.getByTestId("policy-row-ViewOnlyAccess")).toBeVisible();
  await page.getByLabel("Select ViewOnlyAccess").check();
  await expect(page.getByTestId("delete-policies")).toBeDisabled();
  await page.getByLabel("Select ViewOnlyAccess").uncheck();

  await page.getByTestId("policies-search").fill("sweep");
  await expect(page.getByTestId("policies-count")).toHaveText("(3)");
  await expect(page.getByTestId("delete-policies")).toBeDisabled();
  await page.getByLabel("Select sweep-one").check();
  await page.getByLabel("Select sweep-two").check();
  await page.getByLabel("Select sweep-two").uncheck();
  await page.getByLabel("Select sweep-two").check();
  await page.getByTestId("delete-policies").click();
  await expect(page.getByRole("heading", { name: "Delete 2 policies?" })).toBeVisible();
  await page.getByTestId("confirm-delete").fill("delete");
  await page.getByTestId("confirm-delete-button").click();
  await expect(page.getByText("Deleted sweep-one, sweep-two.")).toBeVisible();
  await expect(page.getByTestId("policies-count")).toHaveText("(1)");
  await expect(page.getByTestId("policy-row-sweep-kept")).toBeVisible();
  await expect(page.getByLabel("Select sweep-kept")).not.toBeChecked();
  const left = JSON.parse(aws(["iam", "list-policies", "--scope", "Local"])).Policies.map((p: { PolicyName: string }) => p.PolicyName);
  expect(left).toContain("sweep-kept");
  expect(left).not.toContain("sweep-one");
  expect(left).not.toContain("sweep-two");
  expect(JSON.parse(aws(["iam", "list-attached-user-policies", "--user-name", "polly"])).AttachedPolicies).toEqual([]);

  // A policy created elsewhere shows once the list is refreshed.
  aws(["iam", "create-policy", "--policy-name", "sweep-late", "--policy-document", doc]);
  await expect(page.getByTestId("policies-count")).toHaveText("(1)");
  await page.getByRole("button", { name: "Refresh" }).click();
  await expect(page.getByTestId("policies-count")).toHaveText("(2)");
  await expect(page.getByTestId("policy-row-sweep-late")).toBeVisible();
  for (const name of ["sweep-kept", "sweep-late"]) {
    aws(["iam", "delete-policy", "--policy-arn", `arn:aws:iam::${ACCOUNT_ID}:policy/${name}`]);
  }
});

test("list actions: attach the selected policy, use it as a permissions boundary, detach it", async ({ page }) => {
  const SQS = "arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess";
  const chooseOnList = async () => {
    await page.goto(`${BOOT_URL}/iam/policies`);
    await hydrated(page);
    await page.getByTestId("policies-search").fill("AmazonSQSReadOnlyAccess");
    await page.getByLabel("Select AmazonSQSReadOnlyAccess").check();
    await page.getByTestId("policy-actions").click();
  };
  await page.goto(`${BOOT_URL}/iam/policies`);
  await hydrated(page);
  await page.getByTestId("policy-actions").click();
  await expect(page.getByTestId("action-attach")).toBeDisabled();

  await chooseOnList();
  await page.getByTestId("action-attach").click();
  await expect(page).toHaveURL(/tab=entities&action=attach$/);
  await expect(page.getByRole("dialog", { name: "Attach policy" })).toBeVisible();
  await page.getByTestId("choose-user-polly").check();
  await page.getByTestId("attach-entities-submit").click();
  await expect(page.getByTestId("entity-polly")).toContainText("User");
  // Reloading the policy after the change does not open the dialog again.
  await expect(page.getByRole("dialog")).toHaveCount(0);
  const attached = JSON.parse(aws(["iam", "list-attached-user-policies", "--user-name", "polly"])).AttachedPolicies;
  expect(attached.map((p: { PolicyArn: string }) => p.PolicyArn)).toEqual([SQS]);

  await chooseOnList();
  await page.getByTestId("action-boundary").click();
  await expect(page.getByRole("dialog", { name: "Set as permissions boundary" })).toBeVisible();
  await page.getByTestId("choose-user-polly").check();
  await page.getByTestId("choose-role-policy-role").check();
  await page.getByTestId("set-boundary-submit").click();
  await expect(page.getByTestId("boundary-entities")).toContainText("polly");
  await expect(page.getByTestId("boundary-entities")).toContainText("policy-role");
  expect(JSON.parse(aws(["iam", "get-user", "--user-name", "polly"])).User.PermissionsBoundary.PermissionsBoundaryArn).toBe(SQS);
  expect(JSON.parse(aws(["iam", "get-role", "--role-name", "policy-role"])).Role.PermissionsBoundary.PermissionsBoundaryArn).toBe(SQS);

  await chooseOnList();
  await page.getByTestId("action-detach").click();
  await expect(page).toHaveURL(/tab=entities$/);
  await page.getByTestId("detach-polly").click();
  await expect(page.getByTestId("entity-polly")).toHaveCount(0);
  expect(JSON.parse(aws(["iam", "list-attached-user-policies", "--user-name", "polly"])).AttachedPolicies).toEqual([]);
  aws(["iam", "delete-user-permissions-boundary", "--user-name", "polly"]);
  aws(["iam", "delete-role-permissions-boundary", "--role-name", "policy-role"]);
});
