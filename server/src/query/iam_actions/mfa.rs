//! Virtual MFA devices.

use base64::Engine;
use iam::context::Ctx;
use iam::ops::Principal;
use iam::ops::mfa::{self, MfaDevice};

use super::tags::{tag_page_xml, tags_xml};
use super::{ActionResult, empty, page};
use crate::query::form::Params;
use crate::query::xml::Xml;

pub(super) async fn create_virtual_mfa_device(
    ctx: &Ctx,
    principal: &Principal,
    p: &Params,
) -> ActionResult {
    let tags = p.tags()?;
    let device = mfa::create_virtual_mfa_device(
        ctx,
        principal,
        p.required("VirtualMFADeviceName")?,
        p.get("Path"),
        &tags,
    )
    .await?;
    // `Base32StringSeed` is a blob: the Base32 text, base64-encoded on the wire.
    let seed = base64::engine::general_purpose::STANDARD.encode(device.base32_seed.expose());
    let mut x = Xml::new();
    x.open("VirtualMFADevice")
        .leaf("SerialNumber", &device.serial_number)
        .leaf("Base32StringSeed", &seed);
    tags_xml(&mut x, &tags);
    x.close("VirtualMFADevice");
    Ok(Some(x))
}

pub(super) async fn enable_mfa_device(
    ctx: &Ctx,
    principal: &Principal,
    p: &Params,
) -> ActionResult {
    empty(
        mfa::enable_mfa_device(
            ctx,
            principal,
            p.get("UserName"),
            p.required("SerialNumber")?,
            p.required("AuthenticationCode1")?,
            p.required("AuthenticationCode2")?,
        )
        .await,
    )
}

fn device_xml(x: &mut Xml, device: &MfaDevice, with_user: bool) {
    if with_user {
        x.opt_leaf("UserName", device.user_name.as_deref());
    }
    x.leaf("SerialNumber", &device.serial_number)
        .opt_time("EnableDate", device.enable_date);
}

pub(super) async fn list_mfa_devices(ctx: &Ctx, principal: &Principal, p: &Params) -> ActionResult {
    let devices = mfa::list_mfa_devices(ctx, principal, p.get("UserName")).await?;
    let mut x = Xml::new();
    x.list("MFADevices", &devices, |x, d| device_xml(x, d, true));
    x.pagination(None);
    Ok(Some(x))
}

pub(super) async fn list_virtual_mfa_devices(
    ctx: &Ctx,
    principal: &Principal,
    p: &Params,
) -> ActionResult {
    let assigned = match p.get("AssignmentStatus") {
        Some("Assigned") => Some(true),
        Some("Unassigned") => Some(false),
        Some("Any") | None => None,
        Some(other) => {
            return Err(iam::IamError::constraint(
                "assignmentStatus",
                other,
                "Member must satisfy enum value set: [Unassigned, Any, Assigned]",
            )
            .into());
        }
    };
    let devices = mfa::list_virtual_mfa_devices(ctx, principal, assigned).await?;
    let mut x = Xml::new();
    x.list("VirtualMFADevices", &devices, |x, listed| {
        let d = &listed.device;
        x.leaf("SerialNumber", &d.serial_number);
        if let Some(name) = &d.user_name {
            x.open("User").leaf("UserName", name).close("User");
        }
        x.opt_time("EnableDate", d.enable_date);
        tags_xml(x, &listed.tags);
    });
    x.pagination(None);
    Ok(Some(x))
}

pub(super) async fn resync_mfa_device(
    ctx: &Ctx,
    principal: &Principal,
    p: &Params,
) -> ActionResult {
    empty(
        mfa::resync_mfa_device(
            ctx,
            principal,
            p.required("UserName")?,
            p.required("SerialNumber")?,
            p.required("AuthenticationCode1")?,
            p.required("AuthenticationCode2")?,
        )
        .await,
    )
}

pub(super) async fn get_mfa_device(ctx: &Ctx, principal: &Principal, p: &Params) -> ActionResult {
    let device = mfa::get_mfa_device(
        ctx,
        principal,
        p.get("UserName"),
        p.required("SerialNumber")?,
    )
    .await?;
    let mut x = Xml::new();
    device_xml(&mut x, &device, true);
    Ok(Some(x))
}

pub(super) async fn tag_mfa_device(ctx: &Ctx, principal: &Principal, p: &Params) -> ActionResult {
    empty(mfa::tag_mfa_device(ctx, principal, p.required("SerialNumber")?, &p.tags()?).await)
}

pub(super) async fn untag_mfa_device(ctx: &Ctx, principal: &Principal, p: &Params) -> ActionResult {
    let keys: Vec<String> = p.list("TagKeys").into_iter().map(str::to_owned).collect();
    empty(mfa::untag_mfa_device(ctx, principal, p.required("SerialNumber")?, &keys).await)
}

pub(super) async fn list_mfa_device_tags(
    ctx: &Ctx,
    principal: &Principal,
    p: &Params,
) -> ActionResult {
    let serial = p.required("SerialNumber")?;
    tag_page_xml(&mfa::list_mfa_device_tags(ctx, principal, serial, &page(p)?).await?)
}
