//! Service-specific credentials.

use iam::context::Ctx;
use iam::ops::Principal;
use iam::ops::access_keys::KeyStatus;
use iam::ops::service_credentials::{self, IssuedCredential, ServiceCredential};

use super::{ActionResult, empty};
use crate::query::form::Params;
use crate::query::xml::Xml;

/// The operations on service-specific credentials; `None` for any other action.
pub(super) async fn dispatch(
    ctx: &Ctx,
    principal: &Principal,
    action: &str,
    p: &Params,
) -> Option<ActionResult> {
    let user_name = p.get("UserName");
    let result = match action {
        "CreateServiceSpecificCredential" => {
            async {
                let issued = service_credentials::create_credential(
                    ctx,
                    principal,
                    p.required("UserName")?,
                    p.required("ServiceName")?,
                )
                .await?;
                Ok(Some(issued_xml(&issued)))
            }
            .await
        }
        "ListServiceSpecificCredentials" => {
            async {
                let listed = service_credentials::list_credentials(
                    ctx,
                    principal,
                    user_name,
                    p.get("ServiceName"),
                )
                .await?;
                let mut x = Xml::new();
                x.list("ServiceSpecificCredentials", &listed, |x, credential| {
                    fields_xml(x, credential);
                });
                Ok(Some(x))
            }
            .await
        }
        "ResetServiceSpecificCredential" => {
            async {
                let id = p.required("ServiceSpecificCredentialId")?;
                let issued =
                    service_credentials::reset_credential(ctx, principal, user_name, id).await?;
                Ok(Some(issued_xml(&issued)))
            }
            .await
        }
        "UpdateServiceSpecificCredential" => {
            async {
                let id = p.required("ServiceSpecificCredentialId")?;
                let status = KeyStatus::parse(p.required("Status")?)?;
                empty(
                    service_credentials::update_credential(ctx, principal, user_name, id, status)
                        .await,
                )
            }
            .await
        }
        "DeleteServiceSpecificCredential" => {
            async {
                let id = p.required("ServiceSpecificCredentialId")?;
                empty(service_credentials::delete_credential(ctx, principal, user_name, id).await)
            }
            .await
        }
        _ => return None,
    };
    Some(result)
}

fn fields_xml(x: &mut Xml, credential: &ServiceCredential) {
    x.leaf("UserName", &credential.user_name)
        .leaf("Status", credential.status.as_str())
        .leaf("ServiceUserName", &credential.service_user_name)
        .time("CreateDate", credential.create_date)
        .leaf(
            "ServiceSpecificCredentialId",
            &credential.service_specific_credential_id,
        )
        .leaf("ServiceName", &credential.service_name);
}

fn issued_xml(issued: &IssuedCredential) -> Xml {
    let mut x = Xml::new();
    x.open("ServiceSpecificCredential");
    fields_xml(&mut x, &issued.credential);
    x.leaf("ServicePassword", issued.service_password.expose());
    x.close("ServiceSpecificCredential");
    x
}
