-- SSH public keys (AWS CodeCommit), X.509 signing certificates and server certificates.
-- Keys and certificates are public: they are kept as uploaded. A server certificate's private
-- key is checked against its certificate on upload and never kept.

CREATE TABLE ssh_public_keys (
    id          TEXT PRIMARY KEY,                -- APKA...
    account_id  TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    body        TEXT NOT NULL,                   -- the key in OpenSSH form
    fingerprint TEXT NOT NULL,                   -- MD5 of the key, colon-separated hex
    status      TEXT NOT NULL CHECK (status IN ('Active', 'Inactive')),
    uploaded_at INTEGER NOT NULL,
    UNIQUE (user_id, fingerprint)
);
CREATE INDEX ssh_public_keys_user ON ssh_public_keys (user_id);

-- A NULL user is the account's root user.
CREATE TABLE signing_certificates (
    id          TEXT PRIMARY KEY,
    account_id  TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    user_id     TEXT REFERENCES users(id) ON DELETE CASCADE,
    body        TEXT NOT NULL,
    der_sha256  TEXT NOT NULL,                   -- the certificate's identity, for duplicates
    status      TEXT NOT NULL CHECK (status IN ('Active', 'Inactive')),
    uploaded_at INTEGER NOT NULL,
    UNIQUE (account_id, der_sha256)
);
CREATE INDEX signing_certificates_user ON signing_certificates (account_id, user_id);

CREATE TABLE server_certificates (
    id          TEXT PRIMARY KEY,                -- ASCA...
    account_id  TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    name_key    TEXT NOT NULL,
    path        TEXT NOT NULL,
    body        TEXT NOT NULL,
    chain       TEXT,
    expires_at  INTEGER NOT NULL,
    uploaded_at INTEGER NOT NULL,
    UNIQUE (account_id, name_key)
);
