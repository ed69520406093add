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
        let pairs: Vec<(String, String)> = decode_json(&row.tags)?;
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
///
/// The page leaves SQLite as one JSON value rather than a row per user: sqlx copies every value
/// of every row on the connection's thread and sends each row through a channel to the reader,
/// which cost more than finding and reading the rows (profile of `ListUsers`).
pub async fn list(
    conn: &mut SqliteConnection,
    account_id: &str,
    path_prefix: &str,
    after: Option<&str>,
    limit: u32,
) -> sqlx::Result<Vec<UserRow>> {
    let (page,): (String,) = sqlx::query_as(&format!(
        "SELECT json_group_array(json_array({COLUMNS}) ORDER BY name_key) FROM (
           SELECT {COLUMNS}, name_key FROM users
           WHERE account_id = ? AND substr(path, 1, ?) = ? AND name_key > ?
           ORDER BY name_key LIMIT ?)"
    ))
    .bind(account_id)
    .bind(path_prefix.len() as i64)
    .bind(path_prefix)
    .bind(after.unwrap_or(""))
    .bind(i64::from(limit))
    .fetch_one(conn)
    .await?;
    let rows: Vec<PackedUserRow> = decode_json(&page)?;
    Ok(rows.into_iter().map(UserRow::from).collect())
}

/// A JSON value SQLite built (`json_group_array`), read as `T`.
fn decode_json<T: serde::de::DeserializeOwned>(text: &str) -> sqlx::Result<T> {
    serde_json::from_str(text).map_err(|err| sqlx::Error::Decode(Box::new(err)))
}

/// A user's columns as `list` packs them, in `COLUMNS` order.
type PackedUserRow = (
    String,
    String,
    String,
    String,
    Option<String>,
    Option<i64>,
    i64,
);

impl From<PackedUserRow> for UserRow {
    fn from(
        (id, account_id, name, path, permissions_boundary, password_last_used, created_at): PackedUserRow,
    ) -> Self {
        Self {
            id,
            account_id,
            name,
            path,
            permissions_boundary,
            password_last_used,
            created_at,
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::test_support::{temp_pool, test_account};

    /// A page holds every column of each user as a look-up by name reads it, in name order
    /// (case-insensitively), after the marker, under the path prefix, and no more than asked.
    #[tokio::test]
    async fn a_page_of_users_reads_every_column_in_name_order() {
        let (ctx, _, _dir) = crate::store::test_support::test_ctx().await;
        let account_id = test_account(&ctx).await;
        let mut conn = ctx.pool.acquire().await.unwrap();
        let boundary = "arn:aws:iam::aws:policy/ReadOnlyAccess";
        for (i, (name, path)) in [
            ("carol", "/eng/"),
            ("Alice", "/eng/"),
            ("bob", "/ops/"),
            ("dave\"quote", "/eng/team/"),
        ]
        .into_iter()
        .enumerate()
        {
            let user = NewUser {
                id: &format!("AIDA{i}"),
                account_id: &account_id,
                name,
                path,
                permissions_boundary: (i % 2 == 0).then_some(boundary),
                created_at: 1_700_000_000 + i as i64,
            };
            assert!(insert_within_quota(&mut conn, &user, 5000).await.unwrap());
        }
        record_sign_in(&mut conn, "AIDA1", 1_800_000_000)
            .await
            .unwrap();

        let page = list(&mut conn, &account_id, "/eng/", None, 10)
            .await
            .unwrap();
        let names: Vec<&str> = page.iter().map(|u| u.name.as_str()).collect();
        assert_eq!(names, ["Alice", "carol", "dave\"quote"]);
        for user in &page {
            let found = find_by_name(&mut conn, &account_id, &user.name)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(
                (
                    &user.id,
                    &user.account_id,
                    &user.path,
                    &user.permissions_boundary,
                    user.password_last_used,
                    user.created_at
                ),
                (
                    &found.id,
                    &found.account_id,
                    &found.path,
                    &found.permissions_boundary,
                    found.password_last_used,
                    found.created_at
                )
            );
        }
        assert_eq!(page[0].password_last_used, Some(1_800_000_000));
        assert_eq!(page[1].permissions_boundary.as_deref(), Some(boundary));

        let after = crate::model::names::name_key("alice");
        let next = list(&mut conn, &account_id, "/", Some(&after), 2)
            .await
            .unwrap();
        let names: Vec<&str> = next.iter().map(|u| u.name.as_str()).collect();
        assert_eq!(names, ["bob", "carol"]);

        let (pool, _other) = temp_pool().await;
        let mut empty = pool.acquire().await.unwrap();
        assert!(
            list(&mut empty, "123456789012", "/", None, 10)
                .await
                .unwrap()
                .is_empty()
        );
    }
}
