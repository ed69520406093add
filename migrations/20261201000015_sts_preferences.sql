-- SetSecurityTokenServicePreferences: the version of the session tokens STS's global endpoint
-- issues (1: valid in the regions enabled by default; 2: in every region).
ALTER TABLE accounts ADD COLUMN global_endpoint_token_version INTEGER NOT NULL DEFAULT 1
    CHECK (global_endpoint_token_version IN (1, 2));
