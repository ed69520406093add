-- Outbound web identity federation: per account, whether principals may ask STS for signed
-- JSON Web Tokens, the account's issuer identifier and the keys that sign the tokens (PKCS#8,
-- sealed like secret access keys). Disabling keeps the keys, so earlier tokens stay verifiable.
CREATE TABLE outbound_federation (
    account_id     TEXT PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    issuer_id      TEXT NOT NULL UNIQUE,            -- the last path segment of the issuer URL
    enabled        INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    rsa_key_nonce  BLOB NOT NULL,                   -- RS256
    rsa_key_sealed BLOB NOT NULL,
    ec_key_nonce   BLOB NOT NULL,                   -- ES384
    ec_key_sealed  BLOB NOT NULL,
    created_at     INTEGER NOT NULL
);
