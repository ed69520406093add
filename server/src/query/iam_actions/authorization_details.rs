//! `GetAccountAuthorizationDetails`.

use iam::context::Ctx;
use iam::ops::Principal;
use iam::ops::authorization_details::{Detail, EntityFilter, get_account_authorization_details};

use super::groups::group_xml;
use super::policies::policy_xml;
use super::roles::instance_profile_xml;
use super::tags::tags_xml;
use super::users::{boundary_xml, user_xml};
use super::{ActionResult, page};
use crate::query::form::Params;
use crate::query::xml::{Xml, url_encode_document};

fn inline_xml(x: &mut Xml, tag: &str, policies: &[(String, String)]) {
    x.list(tag, policies, |x, (name, document)| {
        x.leaf("PolicyName", name)
            .leaf("PolicyDocument", &url_encode_document(document));
    });
}

fn attached_xml(x: &mut Xml, attached: &[iam::ops::attachments::AttachedPolicy]) {
    x.list("AttachedManagedPolicies", attached, |x, p| {
        x.leaf("PolicyName", &p.policy_name)
            .leaf("PolicyArn", &p.policy_arn);
    });
}

pub(super) async fn get(ctx: &Ctx, principal: &Principal, p: &Params) -> ActionResult {
    let filter = p
        .list("Filter")
        .into_iter()
        .map(EntityFilter::parse)
        .collect::<Result<Vec<_>, _>>()?;
    let details = get_account_authorization_details(ctx, principal, &filter, &page(p)?).await?;
    let users: Vec<_> = details
        .items
        .iter()
        .filter_map(|d| {
            if let Detail::User(u) = d {
                Some(u)
            } else {
                None
            }
        })
        .collect();
    let groups: Vec<_> = details
        .items
        .iter()
        .filter_map(|d| {
            if let Detail::Group(g) = d {
                Some(g)
            } else {
                None
            }
        })
        .collect();
    let roles: Vec<_> = details
        .items
        .iter()
        .filter_map(|d| {
            if let Detail::Role(r) = d {
                Some(r)
            } else {
                None
            }
        })
        .collect();
    let policies: Vec<_> = details
        .items
        .iter()
        .filter_map(|d| {
            if let Detail::Policy(p) = d {
                Some(p)
            } else {
                None
            }
        })
        .collect();
    let mut x = Xml::new();
    x.list("UserDetailList", &users, |x, detail| {
        user_xml(x, &detail.user);
        inline_xml(x, "UserPolicyList", &detail.inline_policies);
        x.list("GroupList", &detail.groups, |x, g| {
            x.push_text(g);
        });
        attached_xml(x, &detail.attached);
        boundary_xml(x, &detail.user);
        tags_xml(x, &detail.tags);
    });
    x.list("GroupDetailList", &groups, |x, detail| {
        group_xml(x, &detail.group);
        inline_xml(x, "GroupPolicyList", &detail.inline_policies);
        attached_xml(x, &detail.attached);
    });
    x.list("RoleDetailList", &roles, |x, detail| {
        let role = &detail.role;
        x.leaf("Path", &role.path)
            .leaf("RoleName", &role.role_name)
            .leaf("RoleId", &role.role_id)
            .leaf("Arn", &role.arn)
            .time("CreateDate", role.create_date)
            .leaf(
                "AssumeRolePolicyDocument",
                &url_encode_document(&role.assume_role_policy_document),
            )
            .list(
                "InstanceProfileList",
                &detail.instance_profiles,
                instance_profile_xml,
            );
        inline_xml(x, "RolePolicyList", &detail.inline_policies);
        attached_xml(x, &detail.attached);
        if let Some(arn) = &role.permissions_boundary {
            x.open("PermissionsBoundary")
                .leaf("PermissionsBoundaryType", "PermissionsBoundaryPolicy")
                .leaf("PermissionsBoundaryArn", arn)
                .close("PermissionsBoundary");
        }
        tags_xml(x, &role.tags);
        x.open("RoleLastUsed");
        if let Some(used) = &role.role_last_used {
            x.time("LastUsedDate", used.last_used_date)
                .opt_leaf("Region", used.region.as_deref());
        }
        x.close("RoleLastUsed");
    });
    x.list("Policies", &policies, |x, detail| {
        policy_xml(x, &detail.policy);
        x.list("PolicyVersionList", &detail.versions, |x, v| {
            x.leaf("Document", &url_encode_document(&v.document))
                .leaf("VersionId", &v.version_id)
                .bool("IsDefaultVersion", v.is_default_version)
                .time("CreateDate", v.create_date);
        });
    });
    x.pagination(details.marker.as_deref());
    Ok(Some(x))
}
