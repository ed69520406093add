-- OpenID Connect and SAML 2.0 identity providers. An OIDC provider is named by its URL without
-- the scheme (as its ARN is), a SAML provider by its name; `document` holds the OIDC client IDs
-- and thumbprints (JSON) or the SAML metadata document.
CREATE TABLE identity_providers (
    id          TEXT PRIMARY KEY,
    account_id  TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('oidc', 'saml')),
    name        TEXT NOT NULL,
    document    TEXT NOT NULL,
    valid_until INTEGER,
    created_at  INTEGER NOT NULL,
    UNIQUE (account_id, kind, name)
);
