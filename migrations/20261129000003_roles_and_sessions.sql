-- Instance profiles (each holds at most one role) and the temporary credentials STS issues.

CREATE TABLE instance_profiles (
    id          TEXT PRIMARY KEY,                 -- AIPA...
    account_id  TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    name_key    TEXT NOT NULL,
    path        TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    UNIQUE (account_id, name_key)
);

CREATE TABLE instance_profile_roles (
    instance_profile_id TEXT NOT NULL REFERENCES instance_profiles(id) ON DELETE CASCADE,
    role_id             TEXT NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
    added_at            INTEGER NOT NULL,
    PRIMARY KEY (instance_profile_id, role_id)
);
CREATE INDEX instance_profile_roles_role ON instance_profile_roles (role_id);

-- Credentials from AssumeRole and GetSessionToken. The secret is encrypted like a long-term
-- key's; of the session token only its SHA-256 is kept (it is only ever compared).
CREATE TABLE sts_sessions (
    access_key_id     TEXT PRIMARY KEY,           -- ASIA...
    account_id        TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    kind              TEXT NOT NULL CHECK (kind IN ('role', 'session-token')),
    role_id           TEXT REFERENCES roles(id) ON DELETE CASCADE,   -- kind 'role'
    user_id           TEXT REFERENCES users(id) ON DELETE CASCADE,   -- kind 'session-token'; NULL: root
    session_name      TEXT,
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
CREATE INDEX sts_sessions_expiry ON sts_sessions (expires_at);
