//! Inline policies embedded in users, groups and roles.

use sqlx::SqliteConnection;

/// Creates or replaces an inline policy.
pub async fn put(
    conn: &mut SqliteConnection,
    account_id: &str,
    entity_type: &str,
    entity_id: &str,
    name: &str,
    document: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO inline_policies (account_id, entity_type, entity_id, name, document) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (entity_type, entity_id, name) DO UPDATE SET document = excluded.document",
    )
    .bind(account_id)
    .bind(entity_type)
    .bind(entity_id)
    .bind(name)
    .bind(document)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn find(
    conn: &mut SqliteConnection,
    entity_type: &str,
    entity_id: &str,
    name: &str,
) -> sqlx::Result<Option<String>> {
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT document FROM inline_policies WHERE entity_type = ? AND entity_id = ? AND name = ?",
    )
    .bind(entity_type)
    .bind(entity_id)
    .bind(name)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|(d,)| d))
}

/// `(name, document)` of every inline policy of an entity, by name.
pub async fn all(
    conn: &mut SqliteConnection,
    entity_type: &str,
    entity_id: &str,
) -> sqlx::Result<Vec<(String, String)>> {
    sqlx::query_as("SELECT name, document FROM inline_policies WHERE entity_type = ? AND entity_id = ? ORDER BY name")
        .bind(entity_type)
        .bind(entity_id)
        .fetch_all(conn)
        .await
}

/// Deletes; returns false when there was no such policy.
pub async fn delete(
    conn: &mut SqliteConnection,
    entity_type: &str,
    entity_id: &str,
    name: &str,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "DELETE FROM inline_policies WHERE entity_type = ? AND entity_id = ? AND name = ?",
    )
    .bind(entity_type)
    .bind(entity_id)
    .bind(name)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() > 0)
}
