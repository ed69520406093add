-- Each account's number of users, kept by triggers, so the UsersPerAccount quota check on every
-- CreateUser reads one row instead of counting an index that may hold 100,000 entries.
ALTER TABLE accounts ADD COLUMN user_count INTEGER NOT NULL DEFAULT 0;

UPDATE accounts SET user_count = (SELECT COUNT(*) FROM users WHERE users.account_id = accounts.id);

CREATE TRIGGER users_counted_on_insert AFTER INSERT ON users
BEGIN
    UPDATE accounts SET user_count = user_count + 1 WHERE id = NEW.account_id;
END;

CREATE TRIGGER users_counted_on_delete AFTER DELETE ON users
BEGIN
    UPDATE accounts SET user_count = user_count - 1 WHERE id = OLD.account_id;
END;
