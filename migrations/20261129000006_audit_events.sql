-- The audit trail: every authorization decision and console sign-in, allowed or denied.
-- Rows are only ever appended; an account's rows go with the account.
CREATE TABLE audit_events (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id     TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    event_time     INTEGER NOT NULL,
    principal_arn  TEXT NOT NULL,
    action         TEXT NOT NULL,
    resource       TEXT NOT NULL,
    result         TEXT NOT NULL CHECK (result IN ('Allowed', 'Denied')),
    reason         TEXT,
    source_ip      TEXT,
    user_agent     TEXT,
    request_id     TEXT,
    channel        TEXT NOT NULL
);
CREATE INDEX audit_events_by_time ON audit_events (account_id, event_time, id);
