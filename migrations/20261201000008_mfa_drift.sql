-- ResyncMFADevice: how many 30-second steps a virtual device's clock runs ahead (positive) or
-- behind (negative) of the server's, found from two consecutive codes.
ALTER TABLE mfa_devices ADD COLUMN drift_steps INTEGER NOT NULL DEFAULT 0;
