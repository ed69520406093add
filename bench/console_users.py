#!/usr/bin/env python3
"""Server-side render time of the console's users page with many users.

Starts a release latchkey on a free port with a temporary data directory, creates USERS users
(default 5,000) through the Query API, signs in as root, then loads `/iam/users` (which renders
the first page of the list on the server) REPEAT times and prints p50 and p99.

Usage: bench/console_users.py [USERS] [REPEAT]
"""

import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar
from pathlib import Path

import boto3

ROOT = Path(__file__).resolve().parents[1]
EMAIL, PASSWORD = "bench@latchkey.test", "Bench-Root-Pass-1"
KEY_ID, SECRET = "AKIALATCHKEYBENCH002", "benchSecretKey00000000000000000000000002"


def main() -> None:
    users = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    repeat = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "password").write_text(PASSWORD)
        Path(tmp, "secret").write_text(SECRET)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        url = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [str(ROOT / "target/release/latchkey"), "serve", "--listen", f"127.0.0.1:{port}",
             "--data-dir", f"{tmp}/data", "--users-quota", str(max(users, 5000)),
             "--bootstrap-root-email", EMAIL, "--bootstrap-root-password-file", f"{tmp}/password",
             "--bootstrap-root-access-key-id", KEY_ID, "--bootstrap-root-secret-access-key-file", f"{tmp}/secret"],
            env=dict(os.environ, RUST_LOG="warn", LEPTOS_SITE_ROOT=str(ROOT / "target/site")),
        )
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"{url}/healthz", timeout=1)
                    break
                except OSError:
                    time.sleep(0.1)
            iam = boto3.client("iam", endpoint_url=url, region_name="us-east-1",
                               aws_access_key_id=KEY_ID, aws_secret_access_key=SECRET)
            with ThreadPoolExecutor(8) as pool:
                list(pool.map(lambda i: iam.create_user(UserName=f"user-{i:06d}"), range(users)))

            jar = CookieJar()
            opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
            # The sign-in form names its server function's path (it carries a hash).
            form = opener.open(f"{url}/signin/root?email={EMAIL}").read().decode()
            action = re.search(r'action="(/api/sign_in_root[0-9]*)"', form).group(1)
            body = urllib.parse.urlencode({"email": EMAIL, "password": PASSWORD}).encode()
            request = urllib.request.Request(f"{url}{action}", data=body,
                                             headers={"Origin": url, "Accept": "application/json"})
            opener.open(request).read()
            times = []
            for _ in range(repeat):
                start = time.perf_counter()
                page = opener.open(f"{url}/iam/users").read()
                times.append((time.perf_counter() - start) * 1000)
            assert b"user-000000" in page, "the first page of users was not rendered"
            times.sort()
            p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
            print(f"users page SSR with {users} users: p50 {statistics.median(times):.1f} ms, p99 {p99:.1f} ms "
                  f"({repeat} loads)")
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
