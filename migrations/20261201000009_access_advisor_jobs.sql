-- GenerateServiceLastAccessedDetails: each job's report, computed when the job is generated and
-- read back by GetServiceLastAccessedDetails(WithEntities).
CREATE TABLE access_advisor_jobs (
    job_id       TEXT PRIMARY KEY,
    account_id   TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    created_at   INTEGER NOT NULL,
    completed_at INTEGER NOT NULL,
    report       TEXT NOT NULL
);
