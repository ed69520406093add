-- Latchkey's schema. Multi-account from the start: every entity row carries its account.
-- Times are UNIX epoch seconds (INTEGER); names keep their case, `name_key` holds the
-- lower-cased form that uniqueness is decided by (IAM compares names ignoring case).
-- Plain, portable SQL: no SQLite-only constructs.

CREATE TABLE accounts (
    id          TEXT PRIMARY KEY,                 -- 12 digits
    alias       TEXT UNIQUE,                      -- at most one alias per account, unique install-wide
    created_at  INTEGER NOT NULL
);

CREATE TABLE root_users (
    account_id          TEXT PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    email               TEXT NOT NULL,
    email_key           TEXT NOT NULL UNIQUE,     -- lower-cased email
    password_hash       TEXT NOT NULL,            -- argon2id PHC string
    password_changed_at INTEGER NOT NULL,
    password_last_used  INTEGER,
    created_at          INTEGER NOT NULL
);

CREATE TABLE users (
    id                   TEXT PRIMARY KEY,        -- AIDA...
    account_id           TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name                 TEXT NOT NULL,
    name_key             TEXT NOT NULL,
    path                 TEXT NOT NULL,
    permissions_boundary TEXT,                    -- managed policy ARN
    password_last_used   INTEGER,
    created_at           INTEGER NOT NULL,
    UNIQUE (account_id, name_key)
);

CREATE TABLE login_profiles (
    user_id             TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    password_hash       TEXT NOT NULL,
    reset_required      INTEGER NOT NULL DEFAULT 0,
    password_changed_at INTEGER NOT NULL,
    created_at          INTEGER NOT NULL
);

-- Earlier password hashes, for the password policy's reuse prevention.
CREATE TABLE password_history (
    user_id       TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    password_hash TEXT NOT NULL,
    set_at        INTEGER NOT NULL
);
CREATE INDEX password_history_user ON password_history (user_id, set_at);

CREATE TABLE password_policies (
    account_id                     TEXT PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    minimum_password_length        INTEGER NOT NULL,
    require_symbols                INTEGER NOT NULL,
    require_numbers                INTEGER NOT NULL,
    require_uppercase_characters   INTEGER NOT NULL,
    require_lowercase_characters   INTEGER NOT NULL,
    allow_users_to_change_password INTEGER NOT NULL,
    max_password_age               INTEGER,
    password_reuse_prevention      INTEGER,
    hard_expiry                    INTEGER NOT NULL
);

CREATE TABLE groups (
    id          TEXT PRIMARY KEY,                 -- AGPA...
    account_id  TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    name_key    TEXT NOT NULL,
    path        TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    UNIQUE (account_id, name_key)
);

CREATE TABLE group_members (
    group_id   TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    added_at   INTEGER NOT NULL,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_members_user ON group_members (user_id);

CREATE TABLE roles (
    id                   TEXT PRIMARY KEY,        -- AROA...
    account_id           TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name                 TEXT NOT NULL,
    name_key             TEXT NOT NULL,
    path                 TEXT NOT NULL,
    trust_policy         TEXT NOT NULL,           -- the document exactly as submitted
    description          TEXT,
    max_session_duration INTEGER NOT NULL,
    permissions_boundary TEXT,
    last_used_at         INTEGER,
    last_used_region     TEXT,
    created_at           INTEGER NOT NULL,
    UNIQUE (account_id, name_key)
);

-- Customer managed policies. AWS managed policies ship with the binary and are not rows.
CREATE TABLE managed_policies (
    id               TEXT PRIMARY KEY,            -- ANPA...
    account_id       TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    arn              TEXT NOT NULL UNIQUE,
    name             TEXT NOT NULL,
    name_key         TEXT NOT NULL,
    path             TEXT NOT NULL,
    description      TEXT,
    default_version  INTEGER NOT NULL,            -- n of `vn`
    next_version     INTEGER NOT NULL,            -- versions are never reused
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    UNIQUE (account_id, name_key)
);

CREATE TABLE policy_versions (
    policy_id   TEXT NOT NULL REFERENCES managed_policies(id) ON DELETE CASCADE,
    version     INTEGER NOT NULL,
    document    TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (policy_id, version)
);

-- Managed policies attached to users, groups and roles (customer or AWS managed, by ARN).
CREATE TABLE policy_attachments (
    account_id   TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    entity_type  TEXT NOT NULL CHECK (entity_type IN ('user', 'group', 'role')),
    entity_id    TEXT NOT NULL,
    policy_arn   TEXT NOT NULL,
    attached_at  INTEGER NOT NULL,
    PRIMARY KEY (entity_type, entity_id, policy_arn)
);
CREATE INDEX policy_attachments_arn ON policy_attachments (account_id, policy_arn);

CREATE TABLE inline_policies (
    account_id   TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    entity_type  TEXT NOT NULL CHECK (entity_type IN ('user', 'group', 'role')),
    entity_id    TEXT NOT NULL,
    name         TEXT NOT NULL,
    document     TEXT NOT NULL,
    PRIMARY KEY (entity_type, entity_id, name)
);

CREATE TABLE access_keys (
    id                TEXT PRIMARY KEY,           -- AKIA...
    account_id        TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    user_id           TEXT REFERENCES users(id) ON DELETE CASCADE,  -- NULL: the root user's key
    secret_nonce      BLOB NOT NULL,              -- AES-256-GCM nonce
    secret_ciphertext BLOB NOT NULL,              -- the secret, encrypted under the key file
    status            TEXT NOT NULL CHECK (status IN ('Active', 'Inactive')),
    created_at        INTEGER NOT NULL,
    last_used_at      INTEGER,
    last_used_region  TEXT,
    last_used_service TEXT
);
CREATE INDEX access_keys_user ON access_keys (account_id, user_id);

CREATE TABLE tags (
    account_id     TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    resource_type  TEXT NOT NULL,                 -- 'user', 'role', 'policy', ...
    resource_id    TEXT NOT NULL,
    tag_key        TEXT NOT NULL,
    key_match      TEXT NOT NULL,                 -- the key as compared (lower-cased for users and roles)
    tag_value      TEXT NOT NULL,
    PRIMARY KEY (resource_type, resource_id, key_match)
);

-- Console sessions. The cookie holds a random token; only its SHA-256 is stored.
CREATE TABLE console_sessions (
    token_hash     TEXT PRIMARY KEY,
    account_id     TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    user_id        TEXT REFERENCES users(id) ON DELETE CASCADE,   -- NULL: the root user
    stage          TEXT NOT NULL CHECK (stage IN ('active', 'password_change')),
    created_at     INTEGER NOT NULL,
    last_seen_at   INTEGER NOT NULL,
    expires_at     INTEGER NOT NULL
);
CREATE INDEX console_sessions_user ON console_sessions (account_id, user_id);
