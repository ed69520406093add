// Every main console page: an axe-core scan with no serious or critical violation, and a
// screenshot saved under end2end/output/screenshots for the README.
import { expect, test } from "@playwright/test";
import { BOOT_URL, aws, expectAccessible, hydrated, signInAsRoot } from "../fixtures";

const PAGES: [string, string][] = [
  ["dashboard", "/iam/dashboard"],
  ["users", "/iam/users"],
  ["add-users", "/iam/users/create"],
  ["user", "/iam/users/a11y-user?tab=permissions"],
  ["user-credentials", "/iam/users/a11y-user?tab=security_credentials"],
  ["groups", "/iam/groups"],
  ["create-group", "/iam/groups/create"],
  ["group", "/iam/groups/a11y-group"],
  ["policies", "/iam/policies"],
  ["policy", `/iam/policies/details?arn=${encodeURIComponent("arn:aws:iam::aws:policy/ReadOnlyAccess")}`],
  ["create-policy", "/iam/policies/create"],
  ["roles", "/iam/roles"],
  ["create-role", "/iam/roles/create"],
  ["role", "/iam/roles/a11y-role"],
  ["identity-providers", "/iam/identity-providers"],
  ["account-settings", "/iam/account-settings"],
  ["credential-report", "/iam/credential-report"],
  ["policy-simulator", "/iam/policy-simulator"],
  ["security-credentials", "/iam/security-credentials"],
];

/** Runs an aws CLI call that may already have been made by an earlier worker. */
function once(args: string[]): void {
  try {
    aws(args);
  } catch (error) {
    if (!String(error).includes("EntityAlreadyExists")) throw error;
  }
}

test.beforeAll(() => {
  once(["iam", "create-user", "--user-name", "a11y-user"]);
  once(["iam", "create-group", "--group-name", "a11y-group"]);
  aws(["iam", "add-user-to-group", "--group-name", "a11y-group", "--user-name", "a11y-user"]);
  const trust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] });
  once(["iam", "create-role", "--role-name", "a11y-role", "--assume-role-policy-document", trust]);
});

test("sign-in page", async ({ page }) => {
  await page.goto(`${BOOT_URL}/signin`);
  await hydrated(page);
  await expectAccessible(page);
  await page.screenshot({ path: "output/screenshots/signin.png", fullPage: true });
});

for (const [name, path] of PAGES) {
  test(`${name} page`, async ({ page }) => {
    await signInAsRoot(page);
    await page.goto(`${BOOT_URL}${path}`);
    await hydrated(page);
    await expect(page.locator("main h1")).toBeVisible();
    await expect(page.getByRole("status").filter({ hasText: /Loading/ })).toHaveCount(0);
    await expectAccessible(page);
    await page.screenshot({ path: `output/screenshots/${name}.png`, fullPage: true });
  });
}
