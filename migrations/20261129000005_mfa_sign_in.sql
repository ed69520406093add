-- Console sessions may wait for an MFA code after the password ('mfa'). SQLite cannot change
-- a CHECK constraint in place, so the table is rebuilt with its rows.
CREATE TABLE console_sessions_next (
    token_hash     TEXT PRIMARY KEY,
    account_id     TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    user_id        TEXT REFERENCES users(id) ON DELETE CASCADE,
    stage          TEXT NOT NULL CHECK (stage IN ('active', 'password_change', 'mfa')),
    created_at     INTEGER NOT NULL,
    last_seen_at   INTEGER NOT NULL,
    expires_at     INTEGER NOT NULL
);
INSERT INTO console_sessions_next
    SELECT token_hash, account_id, user_id, stage, created_at, last_seen_at, expires_at
    FROM console_sessions;
DROP TABLE console_sessions;
ALTER TABLE console_sessions_next RENAME TO console_sessions;
CREATE INDEX console_sessions_user ON console_sessions (account_id, user_id);
