"""`latchkey backup FILE` copies the database while the server runs; the copy, with the key
file, restores every entity and every secret."""

import shutil
import subprocess
import uuid
from pathlib import Path

from conftest import BINARY, ROOT_KEY_ID, ROOT_SECRET, client, running_latchkey


def test_online_backup_restores(tmp_path):
    data = tmp_path / "data"
    name = f"kept-{uuid.uuid4().hex[:6]}"
    with running_latchkey(data) as url:
        iam = client(url, "iam")
        iam.create_user(UserName=name)
        key = iam.create_access_key(UserName=name)["AccessKey"]
        copy = tmp_path / "backup.db"
        done = subprocess.run([BINARY, "backup", "--data-dir", str(data), str(copy)],
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        again = subprocess.run([BINARY, "backup", "--data-dir", str(data), str(copy)],
                               capture_output=True, text=True)
        assert again.returncode != 0 and "exists already" in again.stderr
        iam.create_user(UserName=f"{name}-later")

    restored = tmp_path / "restored"
    restored.mkdir()
    shutil.copy(copy, restored / "latchkey.db")
    shutil.copy(data / "secret.key", restored / "secret.key")
    with running_latchkey(restored) as url:
        iam = client(url, "iam", ROOT_KEY_ID, ROOT_SECRET)
        names = [u["UserName"] for u in iam.list_users()["Users"]]
        assert name in names and f"{name}-later" not in names
        as_user = client(url, "sts", key["AccessKeyId"], key["SecretAccessKey"])
        assert as_user.get_caller_identity()["Arn"].endswith(f":user/{name}")
