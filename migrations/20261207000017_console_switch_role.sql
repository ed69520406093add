-- Switch role in the console: the role session a console session acts as, until it ends or the
-- user switches back. The session's secret is never kept here: the console authenticates with
-- its own cookie, and the role session is found by its access key ID.
ALTER TABLE console_sessions ADD COLUMN role_key_id TEXT;
ALTER TABLE console_sessions ADD COLUMN role_display_name TEXT;
