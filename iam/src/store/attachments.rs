//! Managed policies attached to users, groups and roles.

use sqlx::SqliteConnection;

/// What `attach_within_quota` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attached {
    Newly,
    Already,
    /// Not attached: the entity has `quota` policies already.
    OverQuota,
}

/// Attaches unless the entity has `quota` policies already. The common case is one statement;
/// only when nothing was inserted does a second tell an existing attachment from the quota.
pub async fn attach_within_quota(
    conn: &mut SqliteConnection,
    account_id: &str,
    entity_type: &str,
    entity_id: &str,
    policy_arn: &str,
    now: i64,
    quota: i64,
) -> sqlx::Result<Attached> {
    let done = sqlx::query(
        "INSERT INTO policy_attachments (account_id, entity_type, entity_id, policy_arn, attached_at)
         SELECT ?, ?, ?, ?, ?
         WHERE (SELECT COUNT(*) FROM policy_attachments WHERE entity_type = ? AND entity_id = ?) < ?
         ON CONFLICT (entity_type, entity_id, policy_arn) DO NOTHING",
    )
    .bind(account_id)
    .bind(entity_type)
    .bind(entity_id)
    .bind(policy_arn)
    .bind(now)
    .bind(entity_type)
    .bind(entity_id)
    .bind(quota)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() > 0 {
        return Ok(Attached::Newly);
    }
    let found: Option<(i64,)> = sqlx::query_as(
        "SELECT 1 FROM policy_attachments WHERE entity_type = ? AND entity_id = ? AND policy_arn = ?",
    )
    .bind(entity_type)
    .bind(entity_id)
    .bind(policy_arn)
    .fetch_optional(conn)
    .await?;
    Ok(if found.is_some() {
        Attached::Already
    } else {
        Attached::OverQuota
    })
}

/// Detaches; returns false when the policy was not attached.
pub async fn detach(
    conn: &mut SqliteConnection,
    entity_type: &str,
    entity_id: &str,
    policy_arn: &str,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "DELETE FROM policy_attachments WHERE entity_type = ? AND entity_id = ? AND policy_arn = ?",
    )
    .bind(entity_type)
    .bind(entity_id)
    .bind(policy_arn)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// The ARNs attached to an entity, ordered by ARN, after `after`.
pub async fn list_for(
    conn: &mut SqliteConnection,
    entity_type: &str,
    entity_id: &str,
    after: Option<&str>,
    limit: u32,
) -> sqlx::Result<Vec<String>> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT policy_arn FROM policy_attachments
         WHERE entity_type = ? AND entity_id = ? AND policy_arn > ?
         ORDER BY policy_arn LIMIT ?",
    )
    .bind(entity_type)
    .bind(entity_id)
    .bind(after.unwrap_or(""))
    .bind(i64::from(limit))
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|(arn,)| arn).collect())
}

/// How many entities of `account_id` a policy is attached to.
pub async fn count_for_policy(
    conn: &mut SqliteConnection,
    account_id: &str,
    policy_arn: &str,
) -> sqlx::Result<i64> {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM policy_attachments WHERE account_id = ? AND policy_arn = ?",
    )
    .bind(account_id)
    .bind(policy_arn)
    .fetch_one(conn)
    .await?;
    Ok(n)
}

/// Every ARN attached to anything in the account (for `OnlyAttached` filters).
pub async fn attached_arns(
    conn: &mut SqliteConnection,
    account_id: &str,
) -> sqlx::Result<Vec<String>> {
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT DISTINCT policy_arn FROM policy_attachments WHERE account_id = ?")
            .bind(account_id)
            .fetch_all(conn)
            .await?;
    Ok(rows.into_iter().map(|(arn,)| arn).collect())
}

/// `(name, id)` of the users, the groups and the roles a policy is attached to, by name.
pub async fn entities_for_policy(
    conn: &mut SqliteConnection,
    account_id: &str,
    policy_arn: &str,
) -> sqlx::Result<(
    Vec<(String, String)>,
    Vec<(String, String)>,
    Vec<(String, String)>,
)> {
    let users: Vec<(String, String)> = sqlx::query_as(
        "SELECT u.name, u.id FROM users u JOIN policy_attachments a ON a.entity_type = 'user' AND a.entity_id = u.id
         WHERE a.account_id = ? AND a.policy_arn = ? ORDER BY u.name_key",
    )
    .bind(account_id)
    .bind(policy_arn)
    .fetch_all(&mut *conn)
    .await?;
    let groups: Vec<(String, String)> = sqlx::query_as(
        "SELECT g.name, g.id FROM groups g JOIN policy_attachments a ON a.entity_type = 'group' AND a.entity_id = g.id
         WHERE a.account_id = ? AND a.policy_arn = ? ORDER BY g.name_key",
    )
    .bind(account_id)
    .bind(policy_arn)
    .fetch_all(&mut *conn)
    .await?;
    let roles: Vec<(String, String)> = sqlx::query_as(
        "SELECT r.name, r.id FROM roles r JOIN policy_attachments a ON a.entity_type = 'role' AND a.entity_id = r.id
         WHERE a.account_id = ? AND a.policy_arn = ? ORDER BY r.name_key",
    )
    .bind(account_id)
    .bind(policy_arn)
    .fetch_all(conn)
    .await?;
    Ok((users, groups, roles))
}
