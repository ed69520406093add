//! Queries that the tables of an account's named, pathed entities answer alike: how many the
//! account has, and one page by name under a path prefix, in the order of AWS's `List*`
//! operations.
//!
//! `table` and `columns` are the callers' constants, never input.

use sqlx::sqlite::SqliteRow;
use sqlx::{FromRow, SqliteConnection};

/// How many rows of `table` the account has.
pub(crate) async fn count(
    conn: &mut SqliteConnection,
    table: &'static str,
    account_id: &str,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM {table} WHERE account_id = ?"
    ))
    .bind(account_id)
    .fetch_one(conn)
    .await
}

/// One page of the account's rows of `table` whose path starts with `path_prefix`, by name
/// key, after the name key `after`.
pub(crate) async fn page_under_path<R>(
    conn: &mut SqliteConnection,
    (table, columns): (&'static str, &'static str),
    account_id: &str,
    path_prefix: &str,
    after: Option<&str>,
    limit: u32,
) -> sqlx::Result<Vec<R>>
where
    R: for<'r> FromRow<'r, SqliteRow> + Send + Unpin,
{
    sqlx::query_as(&format!(
        "SELECT {columns} FROM {table}
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

#[cfg(test)]
mod tests {
    use crate::model::names::name_key;
    use crate::ops::{Principal, groups, instance_profiles};
    use crate::store;
    use crate::store::test_support::{test_account, test_ctx};

    #[tokio::test]
    async fn pages_by_name_under_a_path_and_counts_the_account() {
        let (ctx, _, _dir) = test_ctx().await;
        let account_id = test_account(&ctx).await;
        let root = Principal::Root {
            account_id: account_id.clone(),
        };
        for (name, path) in [("Bravo", "/team/"), ("alpha", "/team/a/"), ("charlie", "/")] {
            groups::create_group(&ctx, &root, name, Some(path))
                .await
                .unwrap();
            instance_profiles::create_instance_profile(&ctx, &root, name, Some(path), &[])
                .await
                .unwrap();
        }
        let mut conn = ctx.pool.acquire().await.unwrap();
        let names = |rows: Vec<store::instance_profiles::InstanceProfileRow>| {
            rows.into_iter().map(|r| r.name).collect::<Vec<_>>()
        };

        let team = store::groups::list(&mut conn, &account_id, "/team/", None, 10)
            .await
            .unwrap();
        let team: Vec<_> = team.into_iter().map(|g| g.name).collect();
        assert_eq!(
            team,
            ["alpha", "Bravo"],
            "name order ignores case; only under the prefix"
        );
        let first = store::instance_profiles::list(&mut conn, &account_id, "/", None, 2)
            .await
            .unwrap();
        assert_eq!(names(first), ["alpha", "Bravo"]);
        let after = name_key("Bravo");
        let rest = store::instance_profiles::list(&mut conn, &account_id, "/", Some(&after), 2)
            .await
            .unwrap();
        assert_eq!(names(rest), ["charlie"]);

        let elsewhere = "000000000000";
        assert_eq!(
            store::groups::count(&mut conn, &account_id).await.unwrap(),
            3
        );
        assert_eq!(store::groups::count(&mut conn, elsewhere).await.unwrap(), 0);
        let none = store::instance_profiles::list(&mut conn, elsewhere, "/", None, 10)
            .await
            .unwrap();
        assert!(none.is_empty());
    }
}
