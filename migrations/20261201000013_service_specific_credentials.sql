-- Service-specific credentials (CodeCommit HTTPS Git, Amazon Keyspaces): a user name for the
-- service and a password shown once; of the password only its SHA-256 is kept.
CREATE TABLE service_specific_credentials (
    id                TEXT PRIMARY KEY,          -- ACCA...
    account_id        TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    user_id           TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    service_name      TEXT NOT NULL,
    service_user_name TEXT NOT NULL,
    password_hash     TEXT NOT NULL,
    status            TEXT NOT NULL CHECK (status IN ('Active', 'Inactive')),
    created_at        INTEGER NOT NULL
);
CREATE INDEX service_specific_credentials_user ON service_specific_credentials (user_id);
