// The visual policy editor: permission blocks built from the service reference write the
// expected JSON, switch back and forth with the JSON editor, and import managed policies.
import { expect, test } from "@playwright/test";
import { ACCOUNT_ID, BOOT_URL, aws, consoleErrors, hydrated, signInAsRoot, withoutRefusedRequests } from "../fixtures";

test.describe.configure({ mode: "serial" });

test.beforeEach(async ({ page }) => {
  await signInAsRoot(page);
  await page.goto(`${BOOT_URL}/iam/policies/create`);
  await hydrated(page);
});

const EXPECTED = {
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Action: ["iam:ListUsers", "iam:GetUser", "iam:GetGroup*"],
      Resource: `arn:aws:iam::${ACCOUNT_ID}:user/alice`,
      Condition: {
        Bool: { "aws:MultiFactorAuthPresent": "true" },
        StringEquals: { "aws:RequestedRegion": "us-east-1" },
      },
    },
    { Effect: "Deny", Action: "s3:*", Resource: "*" },
  ],
};

test("blocks for two services write the expected JSON, and the policy is created from it", async ({ page }) => {
  const errors = consoleErrors(page);
  await page.getByTestId("editor-visual").click();
  await page.getByTestId("block-0-service-search").fill("Identity and Access");
  await page.getByTestId("choose-service-iam").click();
  await expect(page.getByTestId("block-0-service")).toHaveText("iam");
  await page.getByTestId("block-0-expand-list").click();
  await page.getByTestId("block-0-action-ListUsers").check();
  await page.getByTestId("block-0-expand-read").click();
  await page.getByTestId("block-0-action-GetUser").check();
  await page.getByTestId("block-0-typed-actions").fill("GetGroup*");
  await page.getByTestId("block-0-typed-actions").blur();

  await page.getByTestId("block-0-specific").check();
  await page.getByTestId("block-0-add-arn-user").click();
  await page.getByTestId("block-0-user-Account").fill(ACCOUNT_ID);
  await page.getByTestId("block-0-user-UserNameWithPath").fill("alice");
  await expect(page.getByTestId("block-0-user-preview")).toHaveText(`arn:aws:iam::${ACCOUNT_ID}:user/alice`);
  await page.getByTestId("block-0-user-add").click();
  await expect(page.getByTestId("block-0-resources")).toContainText(`arn:aws:iam::${ACCOUNT_ID}:user/alice`);

  await page.getByTestId("block-0-mfa").check();
  await page.getByTestId("block-0-condition-key").fill("aws:RequestedRegion");
  await page.getByTestId("block-0-operator").selectOption("StringEquals");
  await page.getByTestId("block-0-condition-values").fill("us-east-1");
  await page.getByTestId("block-0-add-condition").click();
  await expect(page.getByTestId("block-0-conditions")).toContainText("StringEquals aws:RequestedRegion: us-east-1");

  await page.getByTestId("add-block").click();
  await page.getByTestId("block-1-service-search").fill("s3");
  await page.getByTestId("choose-service-s3").click();
  await page.getByTestId("block-1-all-actions").check();
  await page.getByTestId("block-1-effect").click();

  await page.getByTestId("editor-json").click();
  const written = JSON.parse(await page.getByTestId("policy-json").inputValue());
  expect(written).toEqual(EXPECTED);

  // And back: the JSON reads into the same blocks.
  await page.getByTestId("editor-visual").click();
  await expect(page.getByTestId("block-0-service")).toHaveText("iam");
  await expect(page.getByTestId("block-1-service")).toHaveText("s3");
  await expect(page.getByTestId("block-0-resources")).toContainText("user/alice");

  await page.getByTestId("policy-next").click();
  await expect(page.getByTestId("summary-deny")).toContainText("Full access");
  await page.getByTestId("policy-name-input").fill("visual-made");
  await page.getByTestId("create-policy-submit").click();
  await expect(page).toHaveURL(/\/iam\/policies\?created=visual-made$/);
  const arn = `arn:aws:iam::${ACCOUNT_ID}:policy/visual-made`;
  const version = JSON.parse(aws(["iam", "get-policy-version", "--policy-arn", arn, "--version-id", "v1"])).PolicyVersion;
  expect(version.Document).toEqual(EXPECTED);
  expect(withoutRefusedRequests(errors)).toEqual([]);
});

test("a document the blocks cannot show stays in the JSON editor, with the reason", async ({ page }) => {
  await page.getByTestId("policy-json").fill(JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", NotAction: "iam:*", Resource: "*" }] }));
  await page.getByTestId("editor-visual").click();
  await expect(page.getByTestId("editor-switch-problem")).toContainText("NotAction");
  await expect(page.getByTestId("policy-json")).toBeVisible();
});

test("import a managed policy's statements", async ({ page }) => {
  await page.getByTestId("import-policy").click();
  await page.getByTestId("import-policy-search").fill("IAMReadOnlyAccess");
  await page.getByTestId("policy-IAMReadOnlyAccess").check();
  await page.getByTestId("import-submit").click();
  await expect(page.getByTestId("policy-json")).toHaveValue(/iam:GenerateCredentialReport/);
  const imported = JSON.parse(await page.getByTestId("policy-json").inputValue());
  const arn = "arn:aws:iam::aws:policy/IAMReadOnlyAccess";
  const current = JSON.parse(aws(["iam", "get-policy", "--policy-arn", arn])).Policy.DefaultVersionId;
  const source = JSON.parse(aws(["iam", "get-policy-version", "--policy-arn", arn, "--version-id", current]));
  expect(imported.Statement).toEqual(source.PolicyVersion.Document.Statement);
  // A single-service statement reads into the visual editor.
  await page.getByTestId("editor-visual").click();
  await expect(page.getByTestId("block-0-service")).toHaveText("iam");
});
