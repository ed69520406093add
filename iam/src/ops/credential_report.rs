//! The credential report: `GenerateCredentialReport` and `GetCredentialReport`. A CSV of every
//! user's passwords and keys, root first, regenerated at most every four hours.

use time::OffsetDateTime;

use crate::context::Ctx;
use crate::error::{ErrorCode, IamError, IamResult};
use crate::model::arn;
use crate::model::password::EffectivePasswordPolicy;
use crate::ops::{Principal, authz, password_policy, timestamp};
use crate::store::{self, access_keys::AccessKeyRow, db_error};

/// How long a report stays current, in seconds.
pub const REPORT_LIFETIME: i64 = 4 * 3600;

pub const HEADER: &str = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportState {
    Started,
    Complete,
}

impl ReportState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Started => "STARTED",
            Self::Complete => "COMPLETE",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Self::Started => "No report exists. Starting a new report generation task",
            Self::Complete => "Report is complete and available",
        }
    }
}

#[derive(Debug, Clone)]
pub struct CredentialReport {
    pub content: String,
    pub generated_time: OffsetDateTime,
}

/// `2024-01-01T00:00:00+00:00`, as the report writes times.
fn report_time(secs: i64) -> String {
    let at = timestamp(secs);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}+00:00",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

fn or_na(value: Option<String>) -> String {
    value.unwrap_or_else(|| "N/A".to_owned())
}

/// The ten access-key columns for a user's first two keys.
fn key_columns(keys: &[AccessKeyRow]) -> Vec<String> {
    (0..2)
        .flat_map(|i| match keys.get(i) {
            Some(key) => vec![
                (key.status == "Active").to_string(),
                report_time(key.created_at),
                or_na(key.last_used_at.map(report_time)),
                or_na(
                    key.last_used_region
                        .clone()
                        .filter(|_| key.last_used_at.is_some()),
                ),
                or_na(
                    key.last_used_service
                        .clone()
                        .filter(|_| key.last_used_at.is_some()),
                ),
            ],
            None => vec![
                "false".into(),
                "N/A".into(),
                "N/A".into(),
                "N/A".into(),
                "N/A".into(),
            ],
        })
        .collect()
}

/// The four signing-certificate columns for the first two certificates of a user (or of the
/// root user, for `None`).
async fn certificate_columns(
    conn: &mut sqlx::SqliteConnection,
    account_id: &str,
    user_id: Option<&str>,
) -> IamResult<Vec<String>> {
    let certificates = store::signing_certificates::list_for(conn, account_id, user_id)
        .await
        .map_err(db_error)?;
    Ok((0..2)
        .flat_map(|i| match certificates.get(i) {
            Some(certificate) => [
                (certificate.status == "Active").to_string(),
                report_time(certificate.uploaded_at),
            ],
            None => ["false".into(), "N/A".into()],
        })
        .collect())
}

/// `mfa_active`: whether the user (or the root user, for `None`) has an enabled MFA device.
async fn mfa_active(
    conn: &mut sqlx::SqliteConnection,
    account_id: &str,
    user_id: Option<&str>,
) -> IamResult<String> {
    let devices = store::mfa_devices::enabled_for(conn, account_id, user_id)
        .await
        .map_err(db_error)?;
    Ok((!devices.is_empty()).to_string())
}

async fn build(conn: &mut sqlx::SqliteConnection, account_id: &str) -> IamResult<String> {
    let policy = password_policy::effective(conn, account_id).await?;
    let max_age = match &policy {
        EffectivePasswordPolicy::Custom(custom) => custom.max_password_age,
        EffectivePasswordPolicy::IamDefault => None,
    };
    let root = store::accounts::find_root(conn, account_id)
        .await
        .map_err(db_error)?
        .ok_or_else(IamError::service_failure)?;
    let root_keys = store::access_keys::list_for(conn, account_id, None)
        .await
        .map_err(db_error)?;
    let mut lines = vec![HEADER.to_owned()];
    let mut root_row = vec![
        "<root_account>".to_owned(),
        arn::root_arn(account_id),
        report_time(root.created_at),
        "not_supported".into(),
        root.password_last_used
            .map_or_else(|| "no_information".into(), report_time),
        "not_supported".into(),
        "not_supported".into(),
        mfa_active(conn, account_id, None).await?,
    ];
    root_row.extend(key_columns(&root_keys));
    root_row.extend(certificate_columns(conn, account_id, None).await?);
    lines.push(root_row.join(","));

    for user in store::credential_reports::users(conn, account_id)
        .await
        .map_err(db_error)?
    {
        let keys = store::access_keys::list_for(conn, account_id, Some(&user.id))
            .await
            .map_err(db_error)?;
        let has_password = user.password_changed_at.is_some();
        let mut row = vec![
            user.name.clone(),
            arn::user_arn(account_id, &user.path, &user.name),
            report_time(user.created_at),
            has_password.to_string(),
            if has_password {
                user.password_last_used
                    .map_or_else(|| "no_information".into(), report_time)
            } else {
                "N/A".into()
            },
            or_na(user.password_changed_at.map(report_time)),
            or_na(
                user.password_changed_at
                    .zip(max_age)
                    .map(|(changed, days)| report_time(changed + i64::from(days) * 86_400)),
            ),
            mfa_active(conn, account_id, Some(&user.id)).await?,
        ];
        row.extend(key_columns(&keys));
        row.extend(certificate_columns(conn, account_id, Some(&user.id)).await?);
        lines.push(row.join(","));
    }
    Ok(lines.join("\n") + "\n")
}

/// `GenerateCredentialReport`: makes a new report unless the current one is under four hours
/// old.
pub async fn generate_credential_report(
    ctx: &Ctx,
    principal: &Principal,
) -> IamResult<ReportState> {
    let account_id = principal.account_id();
    authz::authorize_now(
        ctx,
        principal,
        account_id,
        "iam:GenerateCredentialReport",
        "*",
    )
    .await?;
    // Key uses are written in the background; the report shows every one so far.
    ctx.audit.flush().await;
    let now = ctx.now();
    let mut tx = ctx.begin().await?;
    if let Some((generated_at, _)) = store::credential_reports::find(&mut tx, account_id)
        .await
        .map_err(db_error)?
        && now - generated_at < REPORT_LIFETIME
    {
        return Ok(ReportState::Complete);
    }
    let content = build(&mut tx, account_id).await?;
    store::credential_reports::save(&mut tx, account_id, now, &content)
        .await
        .map_err(db_error)?;
    tx.commit().await.map_err(db_error)?;
    Ok(ReportState::Started)
}

/// `GetCredentialReport`: the current report.
pub async fn get_credential_report(
    ctx: &Ctx,
    principal: &Principal,
) -> IamResult<CredentialReport> {
    let account_id = principal.account_id();
    authz::authorize_now(ctx, principal, account_id, "iam:GetCredentialReport", "*").await?;
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    let Some((generated_at, content)) = store::credential_reports::find(&mut conn, account_id)
        .await
        .map_err(db_error)?
    else {
        return Err(IamError::new(
            ErrorCode::ReportNotPresent,
            "Credential report not present. Generate one with GenerateCredentialReport.",
        ));
    };
    if ctx.now() - generated_at >= REPORT_LIFETIME {
        return Err(IamError::new(
            ErrorCode::ReportExpired,
            "Credential report expired: it is over four hours old. Generate a new one.",
        ));
    }
    Ok(CredentialReport {
        content,
        generated_time: timestamp(generated_at),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::users::{CreateUserRequest, create_user};
    use crate::ops::{access_keys, login_profiles};
    use crate::store::test_support::{test_account, test_ctx};

    #[tokio::test]
    async fn report_lists_root_first_and_every_user() {
        let (ctx, clock, _dir) = test_ctx().await;
        let account_id = test_account(&ctx).await;
        let root = Principal::Root {
            account_id: account_id.clone(),
        };
        assert_eq!(
            get_credential_report(&ctx, &root).await.unwrap_err().code,
            ErrorCode::ReportNotPresent
        );
        create_user(
            &ctx,
            &root,
            CreateUserRequest {
                user_name: "zed".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        create_user(
            &ctx,
            &root,
            CreateUserRequest {
                user_name: "amy".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        login_profiles::create_login_profile(&ctx, &root, "amy", &"Amy-Pass-123".into(), false)
            .await
            .unwrap();
        access_keys::create_access_key(&ctx, &root, Some("amy"))
            .await
            .unwrap();
        crate::ops::signing_certificates::upload_signing_certificate(
            &ctx,
            &root,
            Some("amy"),
            include_str!("../../testdata/rsa-cert.pem"),
        )
        .await
        .unwrap();

        assert_eq!(
            generate_credential_report(&ctx, &root).await.unwrap(),
            ReportState::Started
        );
        assert_eq!(
            generate_credential_report(&ctx, &root).await.unwrap(),
            ReportState::Complete
        );
        let report = get_credential_report(&ctx, &root).await.unwrap();
        let lines: Vec<&str> = report.content.lines().collect();
        assert_eq!(lines[0], HEADER);
        assert_eq!(lines.len(), 4);
        assert!(lines[1].starts_with(&format!("<root_account>,arn:aws:iam::{account_id}:root,2026-01-01T00:00:00+00:00,not_supported,no_information,not_supported,not_supported,false,false,N/A")), "{}", lines[1]);
        assert_eq!(
            lines[2],
            format!(
                "amy,arn:aws:iam::{account_id}:user/amy,2026-01-01T00:00:00+00:00,true,no_information,2026-01-01T00:00:00+00:00,N/A,false,true,2026-01-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,true,2026-01-01T00:00:00+00:00,false,N/A"
            )
        );
        assert!(lines[3].starts_with("zed,") && lines[3].contains(",false,N/A,N/A,N/A,false,"));
        for line in &lines {
            assert_eq!(line.split(',').count(), 22, "{line}");
        }

        clock.advance(time::Duration::hours(4));
        assert_eq!(
            get_credential_report(&ctx, &root).await.unwrap_err().code,
            ErrorCode::ReportExpired
        );
        assert_eq!(
            generate_credential_report(&ctx, &root).await.unwrap(),
            ReportState::Started
        );
    }
}
