// Browser-facing defences: the Content-Security-Policy lets the console hydrate and nothing
// else run, server functions need the session's anti-forgery token, sign-in attempts are
// throttled, and the Event history shows every decision from the console and the API.
import { expect, test } from "@playwright/test";
import { ACCOUNT_ID, BOOT_URL, aws, consoleErrors, hydrated, signInAsRoot, withoutRefusedRequests } from "../fixtures";

test.describe.configure({ mode: "serial" });

test("the console hydrates under its Content-Security-Policy and inline scripts without the nonce are refused", async ({ page }) => {
  const errors = consoleErrors(page);
  const response = await page.goto(`${BOOT_URL}/signin`);
  const csp = response?.headers()["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9_-]+' 'wasm-unsafe-eval'/);
  expect(response?.headers()["x-frame-options"]).toBe("DENY");
  expect(response?.headers()["x-content-type-options"]).toBe("nosniff");
  await hydrated(page);
  await page.getByTestId("kind-iam").check();
  await expect(page.getByLabel("Account ID (12 digits) or account alias")).toBeVisible();
  expect(errors).toEqual([]);

  // A script injected without the nonce does not run.
  const ran = await page.evaluate(async () => {
    (window as unknown as { injected?: boolean }).injected = false;
    const script = document.createElement("script");
    script.textContent = "window.injected = true;";
    document.body.appendChild(script);
    await new Promise((resolve) => setTimeout(resolve, 100));
    return (window as unknown as { injected?: boolean }).injected;
  });
  expect(ran).toBe(false);
});

test("server functions of a session are refused without its anti-forgery token", async ({ page }) => {
  await signInAsRoot(page);
  await hydrated(page);
  const cookies = await page.context().cookies();
  const csrf = cookies.find((c) => c.name === "latchkey-csrf");
  const session = cookies.find((c) => c.name === "latchkey-session");
  expect(csrf?.httpOnly).toBe(false);
  expect(session?.httpOnly).toBe(true);
  expect(csrf?.value).toMatch(/^[0-9a-f]{64}$/);
  const refused = await page.evaluate(async () => {
    const response = await fetch("/api/sign_out", { method: "POST" });
    return { status: response.status, text: await response.text() };
  });
  expect(refused.status).toBe(403);
  expect(refused.text).toContain("anti-forgery token");
  // The console's own calls carry it: the users list still loads and works.
  await page.goto(`${BOOT_URL}/iam/users`);
  await hydrated(page);
  await page.getByTestId("user-search").fill("no-such-user-anywhere");
  await expect(page.getByTestId("users-empty")).toBeVisible();
});

test("repeated failed sign-ins make the next attempt wait, even with the right password", async ({ page }) => {
  aws(["iam", "create-user", "--user-name", "throttled-user"]);
  aws(["iam", "create-login-profile", "--user-name", "throttled-user", "--password", "Throttled-Pass-1"]);
  await page.goto(`${BOOT_URL}/signin/iam?account=${ACCOUNT_ID}`);
  await hydrated(page);
  await page.getByLabel("IAM user name").fill("throttled-user");
  const alert = page.getByRole("alert");
  // Submits one password and waits for the server's answer, not for an alert left by the last.
  const attempt = async (password: string) => {
    await page.getByLabel("Password").fill(password);
    const answered = page.waitForResponse((r) => r.url().includes("/api/sign_in_user") && r.request().method() === "POST");
    await page.getByRole("button", { name: "Sign in" }).click();
    await answered;
  };
  const incorrect = "Your authentication information is incorrect. Please try again.";
  for (let n = 0; n < 3; n++) {
    await attempt(`Wrong-Pass-${n}`);
    await expect(alert).toHaveText(incorrect);
  }
  // Three failures are free, then each one doubles the wait: after the first second is over,
  // one more failure makes even the right password wait two seconds.
  await page.waitForTimeout(1_100);
  await attempt("Wrong-Pass-3");
  await expect(alert).toHaveText(incorrect);
  await attempt("Throttled-Pass-1");
  await expect(alert).toContainText("Too many failed sign-in attempts");
  await expect(page).toHaveURL(/\/signin/);
});

test("Event history: a denied API call and the console's own calls, filtered and exported", async ({ page }) => {
  const errors = consoleErrors(page);
  const suffix = Date.now().toString(36);
  const user = `audited-${suffix}`;
  aws(["iam", "create-user", "--user-name", user]);
  const key = JSON.parse(aws(["iam", "create-access-key", "--user-name", user])).AccessKey;
  expect(() =>
    aws(["iam", "create-user", "--user-name", `not-allowed-${suffix}`], { id: key.AccessKeyId, secret: key.SecretAccessKey }),
  ).toThrow(/AccessDenied/);

  await signInAsRoot(page);
  await page.goto(`${BOOT_URL}/iam/event-history`);
  await hydrated(page);
  await page.getByTestId("event-principal").fill(`user/${user}`);
  await page.getByTestId("event-result").selectOption("Denied");
  await page.getByTestId("event-search").click();
  const denied = page.getByTestId("event-row");
  await expect(denied).toHaveCount(1);
  await expect(denied.getByTestId("event-action-cell")).toHaveText("iam:CreateUser");
  await expect(denied.getByTestId("event-result-cell")).toContainText("Denied");
  await expect(denied.getByTestId("event-result-cell")).toContainText(`is not authorized to perform: iam:CreateUser`);
  await expect(denied).toContainText("aws-cli/");
  await expect(denied).toContainText("127.0.0.1");
  await expect(denied).toContainText("API");

  const href = await page.getByTestId("event-export").getAttribute("href");
  const exported = await page.request.get(`${BOOT_URL}${href}`);
  expect(exported.status()).toBe(200);
  expect(exported.headers()["content-type"]).toContain("application/x-ndjson");
  const lines = (await exported.text()).trim().split("\n").map((line) => JSON.parse(line));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatchObject({ action: "iam:CreateUser", result: "Denied", channel: "api", sourceIPAddress: "127.0.0.1" });
  expect(lines[0].principalArn).toContain(`:user/${user}`);
  expect(lines[0].requestId).toMatch(/^[0-9a-f-]{36}$/);
  expect(lines[0].userAgent).toContain("aws-cli/");

  // The console's own requests are there too, allowed, from the console.
  await page.goto(`${BOOT_URL}/iam/users`);
  await hydrated(page);
  await page.goto(`${BOOT_URL}/iam/event-history`);
  await hydrated(page);
  await page.getByTestId("event-principal").fill(":root");
  await page.getByTestId("event-action").fill("iam:ListUsers");
  await page.getByTestId("event-search").click();
  await expect(page.getByTestId("event-row").first()).toContainText("Console");
  await expect(page.getByTestId("event-row").first().getByTestId("event-result-cell")).toContainText("Allowed");
  expect(withoutRefusedRequests(errors)).toEqual([]);
});
