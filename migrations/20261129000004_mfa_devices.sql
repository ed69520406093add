-- Virtual MFA devices. The seed is encrypted like a secret access key; a device is assigned to
-- at most one user (or to the root user) once enabled with two consecutive codes.
CREATE TABLE mfa_devices (
    serial_number     TEXT PRIMARY KEY,           -- arn:aws:iam::ACCT:mfa{path}{name}
    account_id        TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name              TEXT NOT NULL,
    path              TEXT NOT NULL,
    seed_nonce        BLOB NOT NULL,
    seed_ciphertext   BLOB NOT NULL,
    user_id           TEXT REFERENCES users(id) ON DELETE CASCADE,
    assigned_to_root  INTEGER NOT NULL DEFAULT 0,
    enabled_at        INTEGER,
    last_used_step    INTEGER,                    -- a code is accepted once
    created_at        INTEGER NOT NULL
);
CREATE INDEX mfa_devices_user ON mfa_devices (account_id, user_id);
