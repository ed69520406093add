-- Whether a console session's sign-in used an MFA code. The console's requests then carry
-- aws:MultiFactorAuthPresent true (and aws:MultiFactorAuthAge), as an AWS console session's do,
-- and so does the AssumeRole behind Switch role.
ALTER TABLE console_sessions ADD COLUMN mfa_authenticated INTEGER NOT NULL DEFAULT 0;
