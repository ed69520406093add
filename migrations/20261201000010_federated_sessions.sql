-- GetFederationToken: credentials of a federated user, issued by an IAM user (user_id) or the
-- root user (user_id NULL). SQLite cannot widen a CHECK in place, so the table is rebuilt.
CREATE TABLE sts_sessions_new (
    access_key_id     TEXT PRIMARY KEY,           -- ASIA...
    account_id        TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    kind              TEXT NOT NULL CHECK (kind IN ('role', 'session-token', 'federated')),
    role_id           TEXT REFERENCES roles(id) ON DELETE CASCADE,   -- kind 'role'
    user_id           TEXT REFERENCES users(id) ON DELETE CASCADE,   -- the issuing user; NULL: root
    session_name      TEXT,                       -- role session name, or federated user name
    secret_nonce      BLOB NOT NULL,
    secret_ciphertext BLOB NOT NULL,
    token_hash        TEXT NOT NULL,
    mfa_present       INTEGER NOT NULL,
    session_policy    TEXT,                       -- the inline session policy as submitted
    policy_arns       TEXT NOT NULL,              -- JSON array of managed session policy ARNs
    session_tags      TEXT NOT NULL,              -- JSON array of {Key, Value}
    source_identity   TEXT,
    issued_at         INTEGER NOT NULL,
    expires_at        INTEGER NOT NULL
);
INSERT INTO sts_sessions_new SELECT access_key_id, account_id, kind, role_id, user_id,
    session_name, secret_nonce, secret_ciphertext, token_hash, mfa_present, session_policy,
    policy_arns, session_tags, source_identity, issued_at, expires_at FROM sts_sessions;
DROP TABLE sts_sessions;
ALTER TABLE sts_sessions_new RENAME TO sts_sessions;
CREATE INDEX sts_sessions_expiry ON sts_sessions (expires_at);
