//! `latchkey backup FILE`: an online, consistent copy of the database (SQLite `VACUUM INTO`),
//! safe while the server is running. The key file that seals the secrets is not part of it.

use crate::cli::BackupArgs;

pub async fn run(args: &BackupArgs) -> Result<(), String> {
    if args.file.exists() {
        return Err(format!("{} exists already", args.file.display()));
    }
    let database = args.data_dir.join(iam::store::DATABASE_FILE);
    if !database.exists() {
        return Err(format!("no database at {}", database.display()));
    }
    let pool = iam::store::open(&args.data_dir)
        .await
        .map_err(|e| e.to_string())?;
    let target = args
        .file
        .to_str()
        .ok_or_else(|| "the backup path is not valid UTF-8".to_owned())?;
    iam::store::backup_into(&pool, target)
        .await
        .map_err(|e| e.to_string())?;
    pool.close().await;
    Ok(())
}
