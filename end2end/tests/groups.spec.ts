// User groups: the list, "Create user group" with users and policies, the group page's tabs,
// rename and the cascading delete, each checked through the aws CLI.
import { expect, test } from "@playwright/test";
import { ACCOUNT_ID, BOOT_URL, aws, consoleErrors, hydrated, signInAsRoot, withoutRefusedRequests } from "../fixtures";

test.describe.configure({ mode: "serial" });

test.beforeAll(() => {
  for (const user of ["gina", "gus", "gale"]) aws(["iam", "create-user", "--user-name", user]);
});

test.beforeEach(async ({ page }) => {
  await signInAsRoot(page);
});

test("create a group with users and policies; the list shows it", async ({ page }) => {
  const errors = consoleErrors(page);
  await page.goto(`${BOOT_URL}/iam/groups`);
  await hydrated(page);
  await page.getByTestId("create-group").click();
  await expect(page).toHaveURL(/\/iam\/groups\/create$/);
  await hydrated(page);

  await page.getByTestId("group-name").fill("bad name!");
  await expect(page.getByTestId("group-name-error")).toBeVisible();
  await expect(page.getByTestId("create-group-submit")).toBeDisabled();
  await page.getByTestId("group-name").fill("Analysts");
  await expect(page.getByTestId("group-name-error")).toHaveCount(0);
  await page.getByTestId("choose-user-gina").check();
  await page.getByTestId("choose-user-gus").check();
  await page.getByTestId("new-group-policy-search").fill("ReadOnlyAccess");
  await page.getByTestId("policy-ReadOnlyAccess").check();
  await page.getByTestId("create-group-submit").click();

  await expect(page).toHaveURL(/\/iam\/groups\?created=Analysts$/);
  await expect(page.getByText("Analysts user group created.")).toBeVisible();
  const row = page.getByTestId("group-row-Analysts");
  await expect(row).toContainText("2");
  await expect(row).toContainText("Defined");

  const group = JSON.parse(aws(["iam", "get-group", "--group-name", "Analysts"]));
  expect(group.Users.map((u: { UserName: string }) => u.UserName).sort()).toEqual(["gina", "gus"]);
  const attached = JSON.parse(aws(["iam", "list-attached-group-policies", "--group-name", "Analysts"]));
  expect(attached.AttachedPolicies.map((p: { PolicyName: string }) => p.PolicyName)).toEqual(["ReadOnlyAccess"]);

  // A name taken ignoring case is refused with AWS's message, and nothing is created.
  await page.goto(`${BOOT_URL}/iam/groups/create`);
  await hydrated(page);
  await page.getByTestId("group-name").fill("analysts");
  await page.getByTestId("create-group-submit").click();
  await expect(page.getByRole("alert")).toContainText("Group with name analysts already exists.");
  expect(withoutRefusedRequests(errors)).toEqual([]);
});

test("group page: users tab adds and removes members", async ({ page }) => {
  await page.goto(`${BOOT_URL}/iam/groups/Analysts`);
  await hydrated(page);
  await expect(page.getByTestId("group-arn")).toHaveText(`arn:aws:iam::${ACCOUNT_ID}:group/Analysts`);
  const members = page.getByTestId("group-users");
  await expect(members).toContainText("gina");
  await page.getByTestId("add-users").click();
  await expect(page.getByTestId("choose-user-gina")).toHaveCount(0);
  await page.getByTestId("choose-user-gale").check();
  await page.getByTestId("add-users-submit").click();
  await expect(members).toContainText("gale");
  await page.getByTestId("remove-gus").click();
  await expect(page.getByTestId("member-gus")).toHaveCount(0);
  const group = JSON.parse(aws(["iam", "get-group", "--group-name", "Analysts"]));
  expect(group.Users.map((u: { UserName: string }) => u.UserName).sort()).toEqual(["gale", "gina"]);
});

test("group page: permissions tab attaches, detaches and edits inline policies", async ({ page }) => {
  await page.goto(`${BOOT_URL}/iam/groups/Analysts?tab=permissions`);
  await hydrated(page);
  const policies = page.getByTestId("group-policies");
  await expect(policies).toContainText("ReadOnlyAccess");
  await page.getByTestId("attach-policies").click();
  await page.getByTestId("attach-policy-search").fill("IAMUserChangePassword");
  await page.getByTestId("policy-IAMUserChangePassword").check();
  await page.getByTestId("attach-submit").click();
  await expect(policies).toContainText("IAMUserChangePassword");
  await page.getByTestId("detach-ReadOnlyAccess").click();
  await expect(page.getByTestId("policy-ReadOnlyAccess")).toHaveCount(0);

  await page.getByTestId("create-inline").click();
  await page.getByTestId("inline-name").fill("logs-read");
  const doc = { Version: "2022-05-11", Statement: [{ Effect: "Allow", Action: "logs:Get*", Resource: "*" }] };
  await page.getByTestId("inline-document").fill(JSON.stringify(doc));
  await expect(page.getByTestId("inline-problem")).toContainText("2022-05-11");
  await expect(page.getByTestId("inline-save")).toBeDisabled();
  doc.Version = "2012-10-17";
  await page.getByTestId("inline-document").fill(JSON.stringify(doc));
  await page.getByTestId("inline-save").click();
  await expect(policies).toContainText("logs-read");
  const inline = JSON.parse(aws(["iam", "get-group-policy", "--group-name", "Analysts", "--policy-name", "logs-read"]));
  expect(inline.PolicyDocument.Statement[0].Action).toBe("logs:Get*");
  const attached = JSON.parse(aws(["iam", "list-attached-group-policies", "--group-name", "Analysts"]));
  expect(attached.AttachedPolicies.map((p: { PolicyName: string }) => p.PolicyName)).toEqual(["IAMUserChangePassword"]);

  await page.getByTestId("tab-access_advisor").click();
  await expect(page.getByTestId("services")).toContainText("logs");
});

test("rename, then delete with everything attached", async ({ page }) => {
  await page.goto(`${BOOT_URL}/iam/groups/Analysts`);
  await hydrated(page);
  await page.getByTestId("rename-group").click();
  await page.getByTestId("new-group-name").fill("Data-Analysts");
  await page.getByTestId("rename-submit").click();
  await expect(page).toHaveURL(/\/iam\/groups\/Data-Analysts$/);
  await expect(page.getByTestId("group-arn")).toHaveText(`arn:aws:iam::${ACCOUNT_ID}:group/Data-Analysts`);

  await page.getByTestId("delete-group").click();
  await page.getByTestId("confirm-delete").fill("Data-Analysts");
  await page.getByTestId("confirm-delete-button").click();
  await expect(page).toHaveURL(/\/iam\/groups$/);
  const names = JSON.parse(aws(["iam", "list-groups"])).Groups.map((g: { GroupName: string }) => g.GroupName);
  expect(names).not.toContain("Data-Analysts");
  // The members remain users.
  expect(JSON.parse(aws(["iam", "get-user", "--user-name", "gina"])).User.UserName).toBe("gina");
});

test("list: search and delete several with the count phrase", async ({ page }) => {
  aws(["iam", "create-group", "--group-name", "zeta-one"]);
  aws(["iam", "create-group", "--group-name", "zeta-two"]);
  aws(["iam", "add-user-to-group", "--group-name", "zeta-two", "--user-name", "gale"]);
  await page.goto(`${BOOT_URL}/iam/groups`);
  await hydrated(page);
  await page.getByTestId("group-search").fill("no-such-group");
  await expect(page.getByText("No user groups match your search.")).toBeVisible();
  await page.getByTestId("group-search").fill("zeta");
  await expect(page.getByTestId("groups-table").locator("tbody tr")).toHaveCount(2);
  await page.getByLabel("Select zeta-one").check();
  await page.getByLabel("Select zeta-two").check();
  await page.getByTestId("delete-groups").click();
  await page.getByTestId("confirm-delete").fill("delete");
  await expect(page.getByTestId("confirm-delete-button")).toBeDisabled();
  await page.getByTestId("confirm-delete").fill("2 user groups");
  await page.getByTestId("confirm-delete-button").click();
  await expect(page.getByText("Deleted zeta-one, zeta-two.")).toBeVisible();
  // Both are gone, and zeta-two's member is in no group any more.
  await expect(page.getByTestId("group-row-zeta-one")).toHaveCount(0);
  await expect(page.getByTestId("group-row-zeta-two")).toHaveCount(0);
  expect(JSON.parse(aws(["iam", "list-groups-for-user", "--user-name", "gale"])).Groups).toEqual([]);
});
