//! Tags of users, roles, policies and other taggable resources.

use sqlx::SqliteConnection;

use crate::model::tags::Tag;

/// The tags of a resource in key order.
pub async fn list(
    conn: &mut SqliteConnection,
    resource_type: &str,
    resource_id: &str,
) -> sqlx::Result<Vec<Tag>> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT tag_key, tag_value FROM tags WHERE resource_type = ? AND resource_id = ? ORDER BY key_match",
    )
    .bind(resource_type)
    .bind(resource_id)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(key, value)| Tag { key, value })
        .collect())
}

/// Sets a tag, replacing the value (and the spelling of the key) of a matching key.
pub async fn put(
    conn: &mut SqliteConnection,
    account_id: &str,
    resource_type: &str,
    resource_id: &str,
    tag: &Tag,
    key_match: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO tags (account_id, resource_type, resource_id, tag_key, key_match, tag_value) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (resource_type, resource_id, key_match) DO UPDATE SET tag_key = excluded.tag_key, tag_value = excluded.tag_value",
    )
    .bind(account_id)
    .bind(resource_type)
    .bind(resource_id)
    .bind(&tag.key)
    .bind(key_match)
    .bind(&tag.value)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn remove(
    conn: &mut SqliteConnection,
    resource_type: &str,
    resource_id: &str,
    key_match: &str,
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM tags WHERE resource_type = ? AND resource_id = ? AND key_match = ?")
        .bind(resource_type)
        .bind(resource_id)
        .bind(key_match)
        .execute(conn)
        .await?;
    Ok(())
}

/// Removes every tag of a resource (when the resource is deleted).
pub async fn remove_all(
    conn: &mut SqliteConnection,
    resource_type: &str,
    resource_id: &str,
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM tags WHERE resource_type = ? AND resource_id = ?")
        .bind(resource_type)
        .bind(resource_id)
        .execute(conn)
        .await?;
    Ok(())
}
