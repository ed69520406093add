// Identity providers: adding an OpenID Connect and a SAML provider in the console, a role that
// trusts the OIDC provider through the create-role wizard, the dashboard's count, deletion, and
// a provider's page (audiences, metadata, tags), each checked through the aws CLI.
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

test("a provider's page: audiences, metadata and tags", async ({ page }) => {
  const issuer = "oidc.provider-page.example.com";
  const oidcArn = `arn:aws:iam::${ACCOUNT_ID}:oidc-provider/${issuer}`;
  aws(["iam", "create-open-id-connect-provider", "--url", `https://${issuer}`, "--client-id-list", "first-client"]);
  const samlArn = JSON.parse(aws(["iam", "create-saml-provider", "--name", "PageIdP",
    "--saml-metadata-document", samlMetadata()])).SAMLProviderArn;

  // From the list to the OpenID Connect provider's page: one audience added, one removed.
  await page.goto(`${BOOT_URL}/iam/identity-providers`);
  await hydrated(page);
  await page.getByRole("link", { name: issuer }).click();
  await expect(page.getByTestId("provider-arn")).toHaveText(oidcArn);
  await hydrated(page);
  await page.getByTestId("new-audience").fill("second-client");
  await page.getByTestId("add-audience").click();
  await expect(page.getByTestId("audience-second-client")).toBeVisible();
  await page.getByRole("button", { name: "Remove first-client" }).click();
  await expect(page.getByTestId("audience-first-client")).toHaveCount(0);
  const oidc = JSON.parse(aws(["iam", "get-open-id-connect-provider", "--open-id-connect-provider-arn", oidcArn]));
  expect(oidc.ClientIDList).toEqual(["second-client"]);

  // The SAML provider's metadata replaced, and a tag set.
  await page.goto(`${BOOT_URL}/iam/identity-providers/details?arn=${encodeURIComponent(samlArn)}`);
  await hydrated(page);
  await expect(page.getByTestId("provider-name")).toHaveText("PageIdP");
  await expect(page.getByTestId("provider-valid-until")).toContainText("No expiration");
  const renewed = samlMetadata().replace('entityID="https://idp.example.com"',
    'entityID="https://idp.example.com" validUntil="2031-01-02T03:04:05Z"');
  await page.getByTestId("replace-metadata").click();
  await page.getByTestId("new-metadata").fill("<too short/>");
  await expect(page.getByTestId("save-metadata")).toBeDisabled();
  await page.getByTestId("new-metadata").fill(renewed);
  await page.getByTestId("save-metadata").click();
  await expect(page.getByTestId("provider-valid-until")).toHaveText("2031-01-02 03:04:05 UTC");
  const saml = JSON.parse(aws(["iam", "get-saml-provider", "--saml-provider-arn", samlArn]));
  expect(saml.SAMLMetadataDocument).toEqual(renewed);

  await page.getByTestId("edit-add-tag").click();
  await page.getByTestId("edit-tag-key-0").fill("owner");
  await page.getByTestId("edit-tag-value-0").fill("security");
  await page.getByTestId("edit-tag-value-0").blur();
  await page.getByTestId("save-tags").click();
  await expect
    .poll(() => JSON.parse(aws(["iam", "list-saml-provider-tags", "--saml-provider-arn", samlArn])).Tags)
    .toEqual([{ Key: "owner", Value: "security" }]);

  aws(["iam", "delete-open-id-connect-provider", "--open-id-connect-provider-arn", oidcArn]);
  aws(["iam", "delete-saml-provider", "--saml-provider-arn", samlArn]);
});
