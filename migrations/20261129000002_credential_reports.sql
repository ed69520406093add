-- The latest credential report of each account (regenerated at most every four hours).
CREATE TABLE credential_reports (
    account_id    TEXT PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    generated_at  INTEGER NOT NULL,
    content       TEXT NOT NULL
);
