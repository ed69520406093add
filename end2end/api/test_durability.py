"""Acknowledged writes survive a crash: concurrent writers create users while the server is
killed with SIGKILL, several times over; after each restart every user whose CreateUser was
answered exists, and SQLite's integrity check passes."""

import signal
import sqlite3
import tempfile
import threading
import time

from botocore.config import Config

from conftest import client, start_latchkey

WRITERS = 8
ROUNDS = 3
NO_RETRIES = Config(retries={"total_max_attempts": 1}, connect_timeout=2, read_timeout=5)


def load_until_killed(url, round_no, acknowledged, lock, stop):
    def writer(n):
        iam = client(url, "iam", config=NO_RETRIES)
        i = 0
        while not stop.is_set():
            name = f"crash{round_no}-{n}-{i}"
            try:
                iam.create_user(UserName=name)
            except Exception:  # the server went away mid-request: not acknowledged
                return
            with lock:
                acknowledged.append(name)
            i += 1

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    return threads


def all_user_names(url):
    iam = client(url, "iam")
    names = set()
    for page in iam.get_paginator("list_users").paginate():
        names.update(user["UserName"] for user in page["Users"])
    return names


def test_acknowledged_writes_survive_sigkill(tmp_path):
    data = tmp_path / "data"
    acknowledged = []
    lock = threading.Lock()
    with tempfile.TemporaryDirectory() as boot:
        for round_no in range(ROUNDS):
            server, url = start_latchkey(boot, data)
            stop = threading.Event()
            threads = load_until_killed(url, round_no, acknowledged, lock, stop)
            time.sleep(1.5)
            server.send_signal(signal.SIGKILL)
            server.wait(timeout=10)
            stop.set()
            for thread in threads:
                thread.join(timeout=10)
            assert len(acknowledged) > 0

        server, url = start_latchkey(boot, data)
        try:
            present = all_user_names(url)
        finally:
            server.terminate()
            server.wait(timeout=10)

    missing = [name for name in acknowledged if name not in present]
    assert not missing, f"{len(missing)} acknowledged users lost, e.g. {missing[:5]}"
    assert len({name.split("-")[0] for name in acknowledged}) == ROUNDS, "every round wrote"
    with sqlite3.connect(data / "latchkey.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
