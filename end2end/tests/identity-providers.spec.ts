// Identity providers: adding an OpenID Connect and a SAML provider in the console, a role that
// trusts the OIDC provider through the create-role wizard, the dashboard's count, and deletion,
// each checked through the aws CLI.
import { expect, test } from "@playwright/test";
import { ACCOUNT_ID, BOOT_URL, aws, hydrated, samlMetadata, signInAsRoot } from "../fixtures";

test.describe.configure({ mode: "serial" });

test.beforeEach(async ({ page }) => {
  await signInAsRoot(page);
});

const ISSUER = "oidc.providers-spec.example.com";
const OIDC_ARN = `arn:aws:iam::${ACCOUNT_ID}:oidc-provider/${ISSUER}`;
const SAML_NAME = "SpecIdP";

function providerCount(): number {
  return JSON.parse(aws(["iam", "get-account-summary"])).SummaryMap.Providers;
}

test("add an OpenID Connect and a SAML provider, trust one from a role, delete both", async ({ page }) => {
  await page.goto(`${BOOT_URL}/iam/identity-providers`);
  await hydrated(page);
  await page.getByTestId("add-provider").click();
  await page.getByTestId("provider-first").fill(`http://${ISSUER}`);
  await page.getByTestId("provider-second").fill("sts.amazonaws.com");
  await expect(page.getByTestId("provider-problem")).toContainText("https://");
  await expect(page.getByTestId("save-provider")).toBeDisabled();
  await page.getByTestId("provider-first").fill(`https://${ISSUER}`);
  await page.getByTestId("save-provider").click();
  await expect(page.getByTestId(`provider-row-${ISSUER}`)).toContainText("OpenID Connect");
  const oidc = JSON.parse(aws(["iam", "get-open-id-connect-provider", "--open-id-connect-provider-arn", OIDC_ARN]));
  expect(oidc.ClientIDList).toEqual(["sts.amazonaws.com"]);

  await page.getByTestId("add-provider").click();
  await page.getByTestId("provider-saml").check();
  await page.getByTestId("provider-first").fill(SAML_NAME);
  await page.getByTestId("provider-second").fill(samlMetadata());
  await page.getByTestId("save-provider").click();
  await expect(page.getByTestId(`provider-row-${SAML_NAME}`)).toContainText("SAML");
  const saml = JSON.parse(aws(["iam", "get-saml-provider", "--saml-provider-arn", `arn:aws:iam::${ACCOUNT_ID}:saml-provider/${SAML_NAME}`]));
  expect(saml.SAMLMetadataDocument).toEqual(samlMetadata());

  // The wizard offers the account's OIDC provider; the role trusts it by ARN, keyed by its URL.
  await page.goto(`${BOOT_URL}/iam/roles/create`);
  await hydrated(page);
  await page.getByTestId("tile-web").check();
  await page.getByTestId("web-provider").selectOption(OIDC_ARN);
  await page.getByTestId("audience").fill("sts.amazonaws.com");
  await page.getByTestId("role-next").click();
  await page.getByTestId("role-next").click();
  await page.getByTestId("role-name").fill("oidc-deployer");
  await page.getByTestId("create-role-submit").click();
  await expect(page).toHaveURL(/\/iam\/roles\?created=oidc-deployer$/);
  const trust = JSON.parse(aws(["iam", "get-role", "--role-name", "oidc-deployer"])).Role.AssumeRolePolicyDocument.Statement[0];
  expect(trust).toEqual({
    Effect: "Allow",
    Principal: { Federated: OIDC_ARN },
    Action: "sts:AssumeRoleWithWebIdentity",
    Condition: { StringEquals: { [`${ISSUER}:aud`]: "sts.amazonaws.com" } },
  });
  aws(["iam", "delete-role", "--role-name", "oidc-deployer"]);

  await page.goto(`${BOOT_URL}/iam/dashboard`);
  await hydrated(page);
  await expect(page.getByTestId("count-providers")).toHaveText(String(providerCount()));

  await page.goto(`${BOOT_URL}/iam/identity-providers`);
  await hydrated(page);
  await page.getByRole("checkbox", { name: `Select ${ISSUER}` }).check();
  await page.getByRole("checkbox", { name: `Select ${SAML_NAME}` }).check();
  await page.getByTestId("delete-providers").click();
  await page.getByTestId("confirm-delete").fill("delete");
  await page.getByTestId("confirm-delete-button").click();
  await expect(page.getByText(`Deleted ${ISSUER}, ${SAML_NAME}.`)).toBeVisible();
  await expect(page.getByTestId(`provider-row-${ISSUER}`)).toHaveCount(0);
  const left = JSON.parse(aws(["iam", "list-open-id-connect-providers"])).OpenIDConnectProviderList;
  expect(left).not.toContainEqual({ Arn: OIDC_ARN });
});
