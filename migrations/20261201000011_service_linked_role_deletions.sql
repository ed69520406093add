-- DeleteServiceLinkedRole: each deletion task, read back by GetServiceLinkedRoleDeletionStatus.
CREATE TABLE service_linked_role_deletions (
    task_id    TEXT PRIMARY KEY,             -- task/aws-service-role/<service>/<role>/<uuid>
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    role_arn   TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('NOT_STARTED', 'IN_PROGRESS', 'SUCCEEDED', 'FAILED')),
    created_at INTEGER NOT NULL
);
