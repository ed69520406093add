#!/usr/bin/env bash
# Installs what the test suites need and is missing: Debian's chromium, Playwright from npm
# (without its browser downloads), and the aws CLI, boto3, pytest, cryptography and lxml from PyPI.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  echo "test-setup: installing chromium (Debian)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi

if ! command -v openssl >/dev/null 2>&1; then
  echo "test-setup: installing openssl (Debian), for the TLS test's certificate"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openssl
fi

if [ ! -d end2end/node_modules/@playwright/test ] || [ ! -d end2end/node_modules/@axe-core/playwright ]; then
  echo "test-setup: installing Playwright (npm, no browser download)"
  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi

python3 -m pip --version >/dev/null 2>&1 || {
  echo "test-setup: installing pip (Debian)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-pip
}

missing=()
python3 -c "import awscli" 2>/dev/null || missing+=(awscli)
python3 -c "import boto3" 2>/dev/null || missing+=(boto3)
python3 -c "import pytest" 2>/dev/null || missing+=(pytest)
# Verifies the signatures of web identity tokens as an external service would.
python3 -c "import cryptography" 2>/dev/null || missing+=(cryptography)
# Signs SAML responses as an identity provider would (XML canonicalization by libxml2).
python3 -c "import lxml" 2>/dev/null || missing+=(lxml)
if [ ${#missing[@]} -gt 0 ]; then
  echo "test-setup: installing ${missing[*]} (PyPI)"
  # Debian's own Python refuses system-wide installs unless told otherwise (PEP 668).
  python3 -m pip install --quiet "${missing[@]}" || python3 -m pip install --quiet --break-system-packages "${missing[@]}"
  if command -v pyenv >/dev/null 2>&1; then pyenv rehash; fi
fi
command -v aws >/dev/null 2>&1 || { echo "test-setup: the aws command is not on PATH" >&2; exit 1; }
