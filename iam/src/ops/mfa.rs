//! Virtual MFA devices: `CreateVirtualMFADevice`, `EnableMFADevice` (two consecutive codes),
//! `ResyncMFADevice`, `GetMFADevice`, `DeactivateMFADevice`, `DeleteVirtualMFADevice`,
//! `ListMFADevices`, `ListVirtualMFADevices`, their tags (`TagMFADevice`, `UntagMFADevice`,
//! `ListMFADeviceTags`), and the verification of a code at sign-in and by STS.

use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use time::OffsetDateTime;

use crate::context::Ctx;
use crate::error::{ErrorCode, IamError, IamResult};
use crate::model::arn;
use crate::model::names::{NameKind, is_name_char, validate_name};
use crate::model::path::{ROOT_PATH, validate_path};
use crate::model::tags::{Tag, validate_tags};
use crate::ops::paging::{Page, PageRequest};
use crate::ops::{Principal, authz, tags, timestamp, users};
use crate::secrets::SecretString;
use crate::secrets::totp::{base32_encode, code_at, step_of};
use crate::store::mfa_devices::{self as devices, MfaDeviceRow};
use crate::store::{self, db_error};

/// AWS's quota of MFA devices per user.
pub const DEVICES_PER_USER: usize = 8;
/// How many 30-second steps either side of the expected one a code may come from.
const DRIFT_STEPS: i64 = 1;
/// How far (in 30-second steps, either way) `ResyncMFADevice` looks for the two codes: ten
/// minutes.
const RESYNC_STEPS: i64 = 20;

/// A new virtual device: its serial number and seed, shown once.
#[derive(Debug, Clone)]
pub struct NewVirtualMfaDevice {
    pub serial_number: String,
    pub base32_seed: SecretString,
    /// `otpauth://totp/…` for a QR code.
    pub otpauth_uri: SecretString,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MfaDevice {
    /// The user it is assigned to; `None` for the root user or when unassigned.
    pub user_name: Option<String>,
    pub serial_number: String,
    pub enable_date: Option<OffsetDateTime>,
    pub assigned_to_root: bool,
}

fn invalid_code() -> IamError {
    IamError::new(
        ErrorCode::InvalidAuthenticationCode,
        "Authentication code for device is not valid.",
    )
}

fn no_device(serial: &str) -> IamError {
    IamError::no_such_entity(format!(
        "MFA device with serial number {serial} does not exist."
    ))
}

fn validate_code(member: &str, code: &str) -> IamResult<()> {
    if code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(IamError::constraint(
            member,
            code,
            "Member must have length 6 and satisfy regular expression pattern: [\\d]+",
        ))
    }
}

fn seed_of(ctx: &Ctx, row: &MfaDeviceRow) -> IamResult<Vec<u8>> {
    let hex_seed = ctx.cipher.open(&row.seed_nonce, &row.seed_ciphertext)?;
    hex::decode(hex_seed).map_err(|_| IamError::service_failure())
}

pub async fn create_virtual_mfa_device(
    ctx: &Ctx,
    principal: &Principal,
    name: &str,
    path: Option<&str>,
    new_tags: &[Tag],
) -> IamResult<NewVirtualMfaDevice> {
    let path = path.unwrap_or(ROOT_PATH);
    if name.is_empty() || name.len() > 226 || !name.chars().all(is_name_char) {
        return Err(IamError::constraint(
            "virtualMFADeviceName",
            name,
            "Member must have length less than or equal to 226 and satisfy regular expression pattern: [\\w+=,.@-]+",
        ));
    }
    validate_path("path", path)?;
    validate_tags(new_tags, false)?;
    let account_id = principal.account_id().to_owned();
    let serial = format!("arn:aws:iam::{account_id}:mfa{path}{name}");
    let keys = authz::request_tag_keys(new_tags);
    let mut tx = ctx.begin().await?;
    authz::authorize_with(
        &mut tx,
        principal,
        &account_id,
        "iam:CreateVirtualMFADevice",
        &serial,
        &authz::as_extra(&keys),
    )
    .await?;
    if store::mfa_devices::find(&mut tx, &serial)
        .await
        .map_err(db_error)?
        .is_some()
    {
        return Err(IamError::already_exists(
            "MFADevice entity at the same path and name already exists.",
        ));
    }
    let seed: [u8; 20] = ctx.random_bytes();
    let nonce: [u8; 12] = ctx.random_bytes();
    let row = MfaDeviceRow {
        serial_number: serial.clone(),
        account_id: account_id.clone(),
        name: name.to_owned(),
        path: path.to_owned(),
        seed_nonce: nonce.to_vec(),
        seed_ciphertext: ctx.cipher.seal(&nonce, &hex::encode(seed))?,
        user_id: None,
        assigned_to_root: false,
        enabled_at: None,
        last_used_step: None,
        created_at: ctx.now(),
        drift_steps: 0,
    };
    store::mfa_devices::insert(&mut tx, &row)
        .await
        .map_err(db_error)?;
    tags::merge_tags(
        &mut tx,
        &account_id,
        devices::TAGS,
        &serial,
        new_tags,
        false,
    )
    .await?;
    tx.commit().await.map_err(db_error)?;
    let base32 = base32_encode(&seed);
    let label = format!("Latchkey:{name}@{account_id}");
    Ok(NewVirtualMfaDevice {
        otpauth_uri: SecretString::new(format!(
            "otpauth://totp/{}?secret={base32}&issuer=Latchkey",
            label.replace(' ', "%20")
        )),
        serial_number: serial,
        base32_seed: SecretString::new(base32),
    })
}

/// The user an MFA call names (`UserName`), or the caller's own identity.
async fn owner(
    conn: &mut SqliteConnection,
    principal: &Principal,
    user_name: Option<&str>,
) -> IamResult<(Option<String>, String, Option<String>)> {
    let account_id = principal.account_id();
    match (user_name, principal) {
        (Some(name), _) => {
            validate_name(NameKind::ExistingUser, "userName", name)?;
            let user = users::load(conn, account_id, name).await?;
            Ok((
                Some(user.id),
                arn::user_arn(account_id, &user.path, &user.name),
                Some(user.name),
            ))
        }
        (None, Principal::User { user_id, name, .. }) => {
            Ok((Some(user_id.clone()), principal.arn(), Some(name.clone())))
        }
        (None, Principal::Root { .. }) => Ok((None, principal.arn(), None)),
        (None, Principal::Role(_) | Principal::Federated(_)) => {
            Err(crate::ops::users::user_name_required())
        }
    }
}

/// `EnableMFADevice`: two consecutive codes prove the device is set up.
pub async fn enable_mfa_device(
    ctx: &Ctx,
    principal: &Principal,
    user_name: Option<&str>,
    serial: &str,
    code1: &str,
    code2: &str,
) -> IamResult<()> {
    validate_code("authenticationCode1", code1)?;
    validate_code("authenticationCode2", code2)?;
    let account_id = principal.account_id().to_owned();
    let mut tx = ctx.begin().await?;
    let (user_id, target, _) = owner(&mut tx, principal, user_name).await?;
    authz::authorize(
        &mut tx,
        principal,
        &account_id,
        "iam:EnableMFADevice",
        &target,
    )
    .await?;
    let device = store::mfa_devices::find(&mut tx, serial)
        .await
        .map_err(db_error)?
        .filter(|d| d.account_id == account_id)
        .ok_or_else(|| no_device(serial))?;
    if device.enabled_at.is_some() {
        return Err(IamError::already_exists("MFA device is already in use."));
    }
    let enabled = store::mfa_devices::enabled_for(&mut tx, &account_id, user_id.as_deref())
        .await
        .map_err(db_error)?;
    if enabled.len() >= DEVICES_PER_USER {
        return Err(IamError::limit_exceeded(format!(
            "Cannot exceed quota for MFADevicesPerUser: {DEVICES_PER_USER}"
        )));
    }
    let seed = seed_of(ctx, &device)?;
    let now = step_of(ctx.now());
    let second = (now - 4..=now + DRIFT_STEPS)
        .rev()
        .find(|&step| code_at(&seed, step - 1) == code1 && code_at(&seed, step) == code2)
        .ok_or_else(invalid_code)?;
    store::mfa_devices::assign(&mut tx, serial, user_id.as_deref(), ctx.now(), second)
        .await
        .map_err(db_error)?;
    tx.commit().await.map_err(db_error)
}

/// Whether a device is enabled for this owner: a user, or the root user when `user_id` is
/// `None`.
fn enabled_for_owner(device: &MfaDeviceRow, account_id: &str, user_id: Option<&str>) -> bool {
    device.account_id == account_id
        && device.enabled_at.is_some()
        && device.user_id.as_deref() == user_id
        && device.assigned_to_root == user_id.is_none()
}

/// The device `serial` enabled for the user an MFA call names (or the caller), once `action`
/// is allowed on that user; with the user's name.
async fn enabled_device(
    conn: &mut SqliteConnection,
    principal: &Principal,
    user_name: Option<&str>,
    action: &str,
    serial: &str,
) -> IamResult<(MfaDeviceRow, Option<String>)> {
    let account_id = principal.account_id();
    let (user_id, target, name) = owner(conn, principal, user_name).await?;
    authz::authorize(conn, principal, account_id, action, &target).await?;
    let device = store::mfa_devices::find(conn, serial)
        .await
        .map_err(db_error)?
        .filter(|d| enabled_for_owner(d, account_id, user_id.as_deref()))
        .ok_or_else(|| no_device(serial))?;
    Ok((device, name))
}

/// `ResyncMFADevice`: two consecutive codes from an enabled device, looked for within ten
/// minutes either side of now, tell how far the device's clock is off; codes are then expected
/// that far off (as well as on time), and neither code is accepted again.
pub async fn resync_mfa_device(
    ctx: &Ctx,
    principal: &Principal,
    user_name: &str,
    serial: &str,
    code1: &str,
    code2: &str,
) -> IamResult<()> {
    validate_code("authenticationCode1", code1)?;
    validate_code("authenticationCode2", code2)?;
    let mut tx = ctx.begin().await?;
    let (device, _) = enabled_device(
        &mut tx,
        principal,
        Some(user_name),
        "iam:ResyncMFADevice",
        serial,
    )
    .await?;
    let seed = seed_of(ctx, &device)?;
    let now = step_of(ctx.now());
    let used = device.last_used_step.unwrap_or(i64::MIN);
    let second = (now - RESYNC_STEPS..=now + RESYNC_STEPS)
        .rev()
        .filter(|&step| step - 1 > used)
        .find(|&step| code_at(&seed, step - 1) == code1 && code_at(&seed, step) == code2)
        .ok_or_else(invalid_code)?;
    store::mfa_devices::resync(&mut tx, serial, second - now, second)
        .await
        .map_err(db_error)?;
    tx.commit().await.map_err(db_error)
}

/// `GetMFADevice`: an MFA device enabled for a user (or the caller).
pub async fn get_mfa_device(
    ctx: &Ctx,
    principal: &Principal,
    user_name: Option<&str>,
    serial: &str,
) -> IamResult<MfaDevice> {
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    let (device, name) =
        enabled_device(&mut conn, principal, user_name, "iam:GetMFADevice", serial).await?;
    Ok(describe(device, name))
}

/// A virtual device of the account for tagging, by serial number.
async fn taggable_device(
    conn: &mut SqliteConnection,
    account_id: &str,
    serial: &str,
) -> IamResult<MfaDeviceRow> {
    store::mfa_devices::find(conn, serial)
        .await
        .map_err(db_error)?
        .filter(|d| d.account_id == account_id)
        .ok_or_else(|| no_device(serial))
}

/// `TagMFADevice`. Tag keys of MFA devices are case-sensitive.
pub async fn tag_mfa_device(
    ctx: &Ctx,
    principal: &Principal,
    serial: &str,
    new_tags: &[Tag],
) -> IamResult<()> {
    let account_id = principal.account_id();
    let keys = authz::request_tag_keys(new_tags);
    let mut tx = ctx.begin().await?;
    authz::authorize_with(
        &mut tx,
        principal,
        account_id,
        "iam:TagMFADevice",
        serial,
        &authz::as_extra(&keys),
    )
    .await?;
    let device = taggable_device(&mut tx, account_id, serial).await?;
    tags::merge_tags(
        &mut tx,
        account_id,
        devices::TAGS,
        &device.serial_number,
        new_tags,
        false,
    )
    .await?;
    tx.commit().await.map_err(db_error)
}

/// `UntagMFADevice`.
pub async fn untag_mfa_device(
    ctx: &Ctx,
    principal: &Principal,
    serial: &str,
    keys: &[String],
) -> IamResult<()> {
    crate::ops::tags::validate_keys(keys)?;
    let account_id = principal.account_id();
    let mut tx = ctx.begin().await?;
    authz::authorize_with(
        &mut tx,
        principal,
        account_id,
        "iam:UntagMFADevice",
        serial,
        &[("aws:TagKeys", keys.to_vec())],
    )
    .await?;
    let device = taggable_device(&mut tx, account_id, serial).await?;
    crate::ops::tags::remove_tags(&mut tx, devices::TAGS, &device.serial_number, keys, false)
        .await?;
    tx.commit().await.map_err(db_error)
}

/// `ListMFADeviceTags`.
pub async fn list_mfa_device_tags(
    ctx: &Ctx,
    principal: &Principal,
    serial: &str,
    page: &PageRequest,
) -> IamResult<Page<Tag>> {
    page.limit()?;
    let account_id = principal.account_id();
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    authz::authorize(
        &mut conn,
        principal,
        account_id,
        "iam:ListMFADeviceTags",
        serial,
    )
    .await?;
    let device = taggable_device(&mut conn, account_id, serial).await?;
    tags::page_of_tags(
        &mut conn,
        devices::TAGS,
        &device.serial_number,
        "mfa-device-tags",
        page,
    )
    .await
}

pub async fn deactivate_mfa_device(
    ctx: &Ctx,
    principal: &Principal,
    user_name: Option<&str>,
    serial: &str,
) -> IamResult<()> {
    let mut tx = ctx.begin().await?;
    let (device, _) = enabled_device(
        &mut tx,
        principal,
        user_name,
        "iam:DeactivateMFADevice",
        serial,
    )
    .await?;
    store::mfa_devices::unassign(&mut tx, &device.serial_number)
        .await
        .map_err(db_error)?;
    tx.commit().await.map_err(db_error)
}

pub async fn delete_virtual_mfa_device(
    ctx: &Ctx,
    principal: &Principal,
    serial: &str,
) -> IamResult<()> {
    let account_id = principal.account_id().to_owned();
    let mut tx = ctx.begin().await?;
    authz::authorize(
        &mut tx,
        principal,
        &account_id,
        "iam:DeleteVirtualMFADevice",
        serial,
    )
    .await?;
    let device = store::mfa_devices::find(&mut tx, serial)
        .await
        .map_err(db_error)?
        .filter(|d| d.account_id == account_id)
        .ok_or_else(|| no_device(serial))?;
    if device.enabled_at.is_some() {
        return Err(IamError::delete_conflict("MFA device is still in use."));
    }
    store::mfa_devices::delete(&mut tx, serial)
        .await
        .map_err(db_error)?;
    tx.commit().await.map_err(db_error)
}

fn describe(row: MfaDeviceRow, user_name: Option<String>) -> MfaDevice {
    MfaDevice {
        user_name,
        serial_number: row.serial_number,
        enable_date: row.enabled_at.map(timestamp),
        assigned_to_root: row.assigned_to_root,
    }
}

/// `ListMFADevices`: the devices enabled for a user (or the caller).
pub async fn list_mfa_devices(
    ctx: &Ctx,
    principal: &Principal,
    user_name: Option<&str>,
) -> IamResult<Vec<MfaDevice>> {
    let account_id = principal.account_id().to_owned();
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    let (user_id, target, name) = owner(&mut conn, principal, user_name).await?;
    authz::authorize(
        &mut conn,
        principal,
        &account_id,
        "iam:ListMFADevices",
        &target,
    )
    .await?;
    let rows = store::mfa_devices::enabled_for(&mut conn, &account_id, user_id.as_deref())
        .await
        .map_err(db_error)?;
    Ok(rows
        .into_iter()
        .map(|row| describe(row, name.clone()))
        .collect())
}

/// A device as `ListVirtualMFADevices` shows it: with its tags.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VirtualMfaDevice {
    pub device: MfaDevice,
    pub tags: Vec<Tag>,
}

/// `ListVirtualMFADevices`: every device of the account, by assignment.
pub async fn list_virtual_mfa_devices(
    ctx: &Ctx,
    principal: &Principal,
    assigned: Option<bool>,
) -> IamResult<Vec<VirtualMfaDevice>> {
    let account_id = principal.account_id().to_owned();
    authz::authorize_now(
        ctx,
        principal,
        &account_id,
        "iam:ListVirtualMFADevices",
        "*",
    )
    .await?;
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    let rows = store::mfa_devices::list(&mut conn, &account_id, assigned)
        .await
        .map_err(db_error)?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let name = match &row.user_id {
            Some(id) => store::users::find_by_id(&mut conn, id)
                .await
                .map_err(db_error)?
                .map(|u| u.name),
            None => None,
        };
        let tags = store::tags::list(&mut conn, devices::TAGS, &row.serial_number)
            .await
            .map_err(db_error)?;
        out.push(VirtualMfaDevice {
            device: describe(row, name),
            tags,
        });
    }
    Ok(out)
}

/// Whether `code` is a fresh, valid code of an MFA device enabled for `principal` (`serial`,
/// or any of its devices when `None`). A code is accepted once.
pub async fn verify_code(
    ctx: &Ctx,
    principal: &Principal,
    serial: Option<&str>,
    code: &str,
) -> IamResult<bool> {
    if validate_code("tokenCode", code).is_err() {
        return Ok(false);
    }
    let mut tx = ctx.begin().await?;
    let devices =
        store::mfa_devices::enabled_for(&mut tx, principal.account_id(), principal.iam_user_id())
            .await
            .map_err(db_error)?;
    let now = step_of(ctx.now());
    for device in devices
        .iter()
        .filter(|d| serial.is_none_or(|s| s == d.serial_number))
        .filter(|_| !principal.is_session())
    {
        let seed = seed_of(ctx, device)?;
        // On time, or as far off as the last resynchronization found the device's clock.
        let expected = [now, now + device.drift_steps];
        if let Some(step) = expected
            .into_iter()
            .flat_map(|at| at - DRIFT_STEPS..=at + DRIFT_STEPS)
            .find(|&step| code_at(&seed, step) == code)
            && store::mfa_devices::use_step(&mut tx, &device.serial_number, step)
                .await
                .map_err(db_error)?
        {
            tx.commit().await.map_err(db_error)?;
            return Ok(true);
        }
    }
    Ok(false)
}

/// Whether the principal has an enabled MFA device (sign-in then asks for a code).
pub async fn has_mfa(ctx: &Ctx, principal: &Principal) -> IamResult<bool> {
    if principal.is_session() {
        return Ok(false);
    }
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    Ok(
        !store::mfa_devices::enabled_for(
            &mut conn,
            principal.account_id(),
            principal.iam_user_id(),
        )
        .await
        .map_err(db_error)?
        .is_empty(),
    )
}

/// MFA for other modules' tests: a device in use, and codes from it.
#[cfg(test)]
pub(crate) mod test_support {
    use super::*;

    /// An enabled virtual device for `user_name` (the caller itself when `None`); returns its
    /// seed. The codes of the current step and the one before are spent enabling it.
    pub(crate) async fn enable_virtual_device(
        ctx: &Ctx,
        principal: &Principal,
        user_name: Option<&str>,
    ) -> Vec<u8> {
        let device = create_virtual_mfa_device(ctx, principal, "test-phone", None, &[])
            .await
            .unwrap();
        let seed = device_seed(ctx, &device.serial_number).await;
        let now = step_of(ctx.now());
        let (earlier, current) = (code_at(&seed, now - 1), code_at(&seed, now));
        enable_mfa_device(
            ctx,
            principal,
            user_name,
            &device.serial_number,
            &earlier,
            &current,
        )
        .await
        .unwrap();
        seed
    }

    /// The seed of the device `serial`, as the store keeps it (encrypted).
    pub(crate) async fn device_seed(ctx: &Ctx, serial: &str) -> Vec<u8> {
        let mut conn = ctx.pool.acquire().await.unwrap();
        let row = store::mfa_devices::find(&mut conn, serial)
            .await
            .unwrap()
            .unwrap();
        drop(conn);
        seed_of(ctx, &row).unwrap()
    }

    /// The next step's code, which the device's use so far has not spent.
    pub(crate) fn next_code(ctx: &Ctx, seed: &[u8]) -> String {
        code_at(seed, step_of(ctx.now()) + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::test_support::{test_account, test_ctx};

    #[tokio::test]
    async fn devices_enable_with_two_consecutive_codes_and_codes_work_once() {
        let (ctx, clock, _dir) = test_ctx().await;
        let root = Principal::Root {
            account_id: test_account(&ctx).await,
        };
        crate::ops::users::create_user(
            &ctx,
            &root,
            crate::ops::users::CreateUserRequest {
                user_name: "mia".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        let device = create_virtual_mfa_device(&ctx, &root, "mia-phone", None, &[])
            .await
            .unwrap();
        let seed = test_support::device_seed(&ctx, &device.serial_number).await;
        assert_eq!(base32_encode(&seed), device.base32_seed.expose());
        let now = step_of(ctx.now());
        let wrong = enable_mfa_device(
            &ctx,
            &root,
            Some("mia"),
            &device.serial_number,
            &code_at(&seed, now),
            &code_at(&seed, now - 1),
        )
        .await
        .unwrap_err();
        assert_eq!(wrong.code, ErrorCode::InvalidAuthenticationCode);
        enable_mfa_device(
            &ctx,
            &root,
            Some("mia"),
            &device.serial_number,
            &code_at(&seed, now - 1),
            &code_at(&seed, now),
        )
        .await
        .unwrap();
        let listed = list_mfa_devices(&ctx, &root, Some("mia")).await.unwrap();
        assert_eq!(listed[0].serial_number, device.serial_number);

        let user = crate::ops::users::get_user(&ctx, &root, Some("mia"))
            .await
            .unwrap();
        let mia = Principal::User {
            account_id: root.account_id().to_owned(),
            user_id: user.user_id,
            name: user.user_name,
            path: user.path,
        };
        // The codes used to enable are spent; the next one works once.
        assert!(
            !verify_code(&ctx, &mia, None, &code_at(&seed, now))
                .await
                .unwrap()
        );
        clock.advance(time::Duration::seconds(30));
        let next = code_at(&seed, now + 1);
        assert!(verify_code(&ctx, &mia, None, &next).await.unwrap());
        assert!(!verify_code(&ctx, &mia, None, &next).await.unwrap());
        assert!(!verify_code(&ctx, &root, None, &next).await.unwrap());

        let busy = delete_virtual_mfa_device(&ctx, &root, &device.serial_number)
            .await
            .unwrap_err();
        assert_eq!(busy.code, ErrorCode::DeleteConflict);
        deactivate_mfa_device(&ctx, &root, Some("mia"), &device.serial_number)
            .await
            .unwrap();
        delete_virtual_mfa_device(&ctx, &root, &device.serial_number)
            .await
            .unwrap();
        assert!(
            list_virtual_mfa_devices(&ctx, &root, None)
                .await
                .unwrap()
                .is_empty()
        );
    }

    fn tag(key: &str, value: &str) -> Tag {
        Tag {
            key: key.into(),
            value: value.into(),
        }
    }

    #[tokio::test]
    async fn a_drifted_device_resyncs_and_its_tags_go_with_it() {
        let (ctx, clock, _dir) = test_ctx().await;
        let root = Principal::Root {
            account_id: test_account(&ctx).await,
        };
        let rio = crate::ops::users::CreateUserRequest {
            user_name: "rio".into(),
            ..Default::default()
        };
        crate::ops::users::create_user(&ctx, &root, rio)
            .await
            .unwrap();
        let device = create_virtual_mfa_device(&ctx, &root, "rio-phone", None, &[tag("team", "a")])
            .await
            .unwrap();
        let serial = device.serial_number.clone();
        let seed = test_support::device_seed(&ctx, &serial).await;
        let now = step_of(ctx.now());
        let not_yet = get_mfa_device(&ctx, &root, Some("rio"), &serial).await;
        assert_eq!(not_yet.unwrap_err().code, ErrorCode::NoSuchEntity);
        let (first, second) = (code_at(&seed, now - 1), code_at(&seed, now));
        enable_mfa_device(&ctx, &root, Some("rio"), &serial, &first, &second)
            .await
            .unwrap();
        let got = get_mfa_device(&ctx, &root, Some("rio"), &serial)
            .await
            .unwrap();
        assert_eq!(got.user_name.as_deref(), Some("rio"));
        assert!(got.enable_date.is_some());

        // Seven minutes on, the device's clock is ten steps behind: its codes no longer pass…
        clock.advance(time::Duration::minutes(7));
        let now = step_of(ctx.now());
        let user = crate::ops::users::get_user(&ctx, &root, Some("rio"))
            .await
            .unwrap();
        let as_rio = Principal::User {
            account_id: root.account_id().to_owned(),
            user_id: user.user_id,
            name: user.user_name,
            path: user.path,
        };
        assert!(
            !verify_code(&ctx, &as_rio, None, &code_at(&seed, now - 10))
                .await
                .unwrap()
        );
        // …until a resync with two consecutive ones, which cannot be replayed.
        let (first, second) = (code_at(&seed, now - 11), code_at(&seed, now - 10));
        resync_mfa_device(&ctx, &root, "rio", &serial, &first, &second)
            .await
            .unwrap();
        let replay = resync_mfa_device(&ctx, &root, "rio", &serial, &first, &second)
            .await
            .unwrap_err();
        assert_eq!(replay.code, ErrorCode::InvalidAuthenticationCode);
        clock.advance(time::Duration::seconds(30));
        assert!(
            verify_code(&ctx, &as_rio, None, &code_at(&seed, now - 9))
                .await
                .unwrap()
        );
        let far = code_at(&seed, now - 40);
        let too_far = resync_mfa_device(&ctx, &root, "rio", &serial, &far, &far).await;
        assert_eq!(
            too_far.unwrap_err().code,
            ErrorCode::InvalidAuthenticationCode
        );

        // Tags: case-sensitive keys, listed with the device, deleted with it.
        tag_mfa_device(&ctx, &root, &serial, &[tag("Team", "b")])
            .await
            .unwrap();
        untag_mfa_device(&ctx, &root, &serial, &["team".into()])
            .await
            .unwrap();
        let listed = list_mfa_device_tags(&ctx, &root, &serial, &PageRequest::default())
            .await
            .unwrap();
        assert_eq!(listed.items, vec![tag("Team", "b")]);
        let virtual_devices = list_virtual_mfa_devices(&ctx, &root, Some(true))
            .await
            .unwrap();
        assert_eq!(virtual_devices[0].tags, vec![tag("Team", "b")]);
        deactivate_mfa_device(&ctx, &root, Some("rio"), &serial)
            .await
            .unwrap();
        delete_virtual_mfa_device(&ctx, &root, &serial)
            .await
            .unwrap();
        let gone = list_mfa_device_tags(&ctx, &root, &serial, &PageRequest::default()).await;
        assert_eq!(gone.unwrap_err().code, ErrorCode::NoSuchEntity);
        let mut conn = ctx.pool.acquire().await.unwrap();
        assert!(
            store::tags::list(&mut conn, devices::TAGS, &serial)
                .await
                .unwrap()
                .is_empty()
        );
    }

    #[tokio::test]
    async fn sign_in_waits_for_a_code_and_rotates_the_session() {
        use crate::ops::signin::{self, SessionStage};
        let (ctx, _, _dir) = test_ctx().await;
        let root = Principal::Root {
            account_id: test_account(&ctx).await,
        };
        let device = create_virtual_mfa_device(&ctx, &root, "root-phone", None, &[])
            .await
            .unwrap();
        let seed = test_support::device_seed(&ctx, &device.serial_number).await;
        let now = step_of(ctx.now());
        enable_mfa_device(
            &ctx,
            &root,
            None,
            &device.serial_number,
            &code_at(&seed, now - 1),
            &code_at(&seed, now),
        )
        .await
        .unwrap();
        let pending = signin::sign_in_root(&ctx, "root@example.com", &"Root-Pass-1".into())
            .await
            .unwrap();
        assert_eq!(pending.stage, SessionStage::Mfa);
        let token = pending.token.expose().to_owned();
        // No other way forward: not the password change, not a wrong code.
        assert!(
            signin::change_password_at_sign_in(
                &ctx,
                &token,
                &"Root-Pass-1".into(),
                &"x".into(),
                &"x".into()
            )
            .await
            .is_err()
        );
        assert!(
            signin::verify_mfa_at_sign_in(&ctx, &token, "000000")
                .await
                .is_err()
        );
        let signed = signin::verify_mfa_at_sign_in(&ctx, &token, &code_at(&seed, now + 1))
            .await
            .unwrap();
        assert_eq!(signed.stage, SessionStage::Active);
        assert_ne!(signed.token.expose(), token);
        assert!(signin::session(&ctx, &token).await.unwrap().is_none());
    }
}
