import { defineConfig } from "@playwright/test";
import * as fs from "node:fs";
import * as path from "node:path";
import { ACCOUNT_ID, ROOT_EMAIL, ROOT_KEY_ID, ROOT_PASSWORD, ROOT_SECRET } from "./fixtures";

const bin = process.env.LATCHKEY_BIN ?? path.resolve(__dirname, "../target/release/latchkey");
const tmp = process.env.E2E_TMP ?? fs.mkdtempSync("/tmp/latchkey-e2e-");
const freshPort = process.env.FRESH_PORT ?? "47601";
const bootPort = process.env.BOOT_PORT ?? "47602";
process.env.FRESH_PORT = freshPort;
process.env.BOOT_PORT = bootPort;

// The bootstrapped server reads its root password and key secret from files.
fs.writeFileSync(path.join(tmp, "root-password"), ROOT_PASSWORD, { mode: 0o600 });
fs.writeFileSync(path.join(tmp, "root-secret"), ROOT_SECRET, { mode: 0o600 });

const env = {
  LEPTOS_SITE_ROOT: process.env.LEPTOS_SITE_ROOT ?? path.resolve(__dirname, "../target/site"),
  RUST_LOG: "warn",
};

export default defineConfig({
  testDir: "./tests",
  outputDir: "./test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [["list"]],
  use: {
    headless: true,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: [
    {
      // A fresh server with no account: first start.
      command: `${bin} serve --listen 127.0.0.1:${freshPort} --data-dir ${tmp}/fresh`,
      url: `http://127.0.0.1:${freshPort}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
      env,
    },
    {
      // A server bootstrapped with a root user and a root access key, for CLI-driven set-up.
      command:
        `${bin} serve --listen 127.0.0.1:${bootPort} --data-dir ${tmp}/boot --account-id ${ACCOUNT_ID}` +
        ` --bootstrap-root-email ${ROOT_EMAIL} --bootstrap-root-password-file ${tmp}/root-password` +
        ` --bootstrap-root-access-key-id ${ROOT_KEY_ID} --bootstrap-root-secret-access-key-file ${tmp}/root-secret`,
      url: `http://127.0.0.1:${bootPort}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
      env,
    },
  ],
});
