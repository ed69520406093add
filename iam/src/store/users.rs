//! IAM users.

use sqlx::{FromRow, SqliteConnection};

#[derive(Debug, Clone, FromRow)]
pub struct UserRow {
    pub id: String,
    pub account_id: String,
    pub name: String,
    pub path: String,
    pub permissions_boundary: Option<String>,
    pub password_last_used: Option<i64>,
    pub created_at: i64,
}

const COLUMNS: &str =
    "id, account_id, name, path, permissions_boundary, password_last_used, created_at";

pub struct NewUser<'a> {
    pub id: &'a str,
    pub account_id: &'a str,
    pub name: &'a str,
    pub path: &'a str,
    pub permissions_boundary: Option<&'a str>,
    pub created_at: i64,
}

/// Inserts the user unless its account already has `quota` users; returns whether it did. A
/// taken name fails on the unique key. One statement, so a create takes one trip to SQLite.
pub async fn insert_within_quota(
    conn: &mut SqliteConnection,
    user: &NewUser<'_>,
    quota: u32,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT INTO users (id, account_id, name, name_key, path, permissions_boundary, created_at)
         SELECT ?, ?, ?, ?, ?, ?, ?
         WHERE (SELECT user_count FROM accounts WHERE id = ?) < ?",
    )
    .bind(user.id)
    .bind(user.account_id)
    .bind(user.name)
    .bind(crate::model::names::name_key(user.name))
    .bind(user.path)
    .bind(user.permissions_boundary)
    .bind(user.created_at)
    .bind(user.account_id)
    .bind(i64::from(quota))
    .execute(conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// A user's row and its tags.
pub type UserWithTags = (UserRow, Vec<crate::model::tags::Tag>);

/// A user found by name with its tags (stored under `tag_type`), read in one statement.
pub async fn find_by_name_with_tags(
    conn: &mut SqliteConnection,
    account_id: &str,
    name: &str,
    tag_type: &str,
) -> sqlx::Result<Option<UserWithTags>> {
    let row: Option<UserWithTagsRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS}, (SELECT json_group_array(json_array(tag_key, tag_value) ORDER BY key_match) \
         FROM tags WHERE resource_type = ? AND resource_id = users.id) AS tags \
         FROM users WHERE account_id = ? AND name_key = ?"
    ))
    .bind(tag_type)
    .bind(account_id)
    .bind(crate::model::names::name_key(name))
    .fetch_optional(conn)
    .await?;
    row.map(|row| {
        let pairs: Vec<(String, String)> =
            serde_json::from_str(&row.tags).map_err(|err| sqlx::Error::Decode(Box::new(err)))?;
        let tags = pairs
            .into_iter()
            .map(|(key, value)| crate::model::tags::Tag { key, value })
            .collect();
        Ok((row.user, tags))
    })
    .transpose()
}

#[derive(sqlx::FromRow)]
struct UserWithTagsRow {
    #[sqlx(flatten)]
    user: UserRow,
    tags: String,
}

pub async fn find_by_name(
    conn: &mut SqliteConnection,
    account_id: &str,
    name: &str,
) -> sqlx::Result<Option<UserRow>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM users WHERE account_id = ? AND name_key = ?"
    ))
    .bind(account_id)
    .bind(crate::model::names::name_key(name))
    .fetch_optional(conn)
    .await
}

pub async fn find_by_id(conn: &mut SqliteConnection, id: &str) -> sqlx::Result<Option<UserRow>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM users WHERE id = ?"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// The account's user count as the triggers keep it (which `insert_within_quota` relies on);
/// read by the store's tests, which check it against the rows.
#[cfg(test)]
pub async fn count(conn: &mut SqliteConnection, account_id: &str) -> sqlx::Result<i64> {
    let n: Option<(i64,)> = sqlx::query_as("SELECT user_count FROM accounts WHERE id = ?")
        .bind(account_id)
        .fetch_optional(conn)
        .await?;
    Ok(n.map_or(0, |(n,)| n))
}

/// One page of users ordered by name (case-insensitively), after the name key `after`.
pub async fn list(
    conn: &mut SqliteConnection,
    account_id: &str,
    path_prefix: &str,
    after: Option<&str>,
    limit: u32,
) -> sqlx::Result<Vec<UserRow>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM users
         WHERE account_id = ? AND substr(path, 1, ?) = ? AND name_key > ?
         ORDER BY name_key LIMIT ?"
    ))
    .bind(account_id)
    .bind(path_prefix.len() as i64)
    .bind(path_prefix)
    .bind(after.unwrap_or(""))
    .bind(i64::from(limit))
    .fetch_all(conn)
    .await
}

/// One page (`offset`, `limit`) of the users whose lower-cased name contains `needle` (all
/// users when empty), by name, and how many match in all.
pub async fn search_page(
    conn: &mut SqliteConnection,
    account_id: &str,
    needle: &str,
    offset: u32,
    limit: u32,
) -> sqlx::Result<(i64, Vec<UserRow>)> {
    let escaped: String = needle
        .to_lowercase()
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    let pattern = format!("%{escaped}%");
    let (total,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM users WHERE account_id = ? AND name_key LIKE ? ESCAPE '\\'",
    )
    .bind(account_id)
    .bind(&pattern)
    .fetch_one(&mut *conn)
    .await?;
    let rows = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM users WHERE account_id = ? AND name_key LIKE ? ESCAPE '\\'
         ORDER BY name_key LIMIT ? OFFSET ?"
    ))
    .bind(account_id)
    .bind(&pattern)
    .bind(i64::from(limit))
    .bind(i64::from(offset))
    .fetch_all(conn)
    .await?;
    Ok((total, rows))
}

pub async fn rename(
    conn: &mut SqliteConnection,
    id: &str,
    name: &str,
    path: &str,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET name = ?, name_key = ?, path = ? WHERE id = ?")
        .bind(name)
        .bind(crate::model::names::name_key(name))
        .bind(path)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn record_sign_in(conn: &mut SqliteConnection, id: &str, now: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET password_last_used = ? WHERE id = ?")
        .bind(now)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn delete(conn: &mut SqliteConnection, id: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM users WHERE id = ?")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// What still hangs on a user, in the order `DeleteUser` reports conflicts.
#[derive(Debug, Default, Clone, Copy)]
pub struct Dependents {
    pub login_profile: bool,
    pub access_keys: bool,
    pub inline_policies: bool,
    pub attached_policies: bool,
    pub groups: bool,
}

pub async fn dependents(conn: &mut SqliteConnection, id: &str) -> sqlx::Result<Dependents> {
    let row: (i64, i64, i64, i64, i64) = sqlx::query_as(
        "SELECT
           (SELECT COUNT(*) FROM login_profiles WHERE user_id = ?1),
           (SELECT COUNT(*) FROM access_keys WHERE user_id = ?1),
           (SELECT COUNT(*) FROM inline_policies WHERE entity_type = 'user' AND entity_id = ?1),
           (SELECT COUNT(*) FROM policy_attachments WHERE entity_type = 'user' AND entity_id = ?1),
           (SELECT COUNT(*) FROM group_members WHERE user_id = ?1)",
    )
    .bind(id)
    .fetch_one(conn)
    .await?;
    Ok(Dependents {
        login_profile: row.0 > 0,
        access_keys: row.1 > 0,
        inline_policies: row.2 > 0,
        attached_policies: row.3 > 0,
        groups: row.4 > 0,
    })
}

/// Sets or (with `None`) removes a user's permissions boundary.
pub async fn set_boundary(
    conn: &mut SqliteConnection,
    id: &str,
    policy_arn: Option<&str>,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET permissions_boundary = ? WHERE id = ?")
        .bind(policy_arn)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}
