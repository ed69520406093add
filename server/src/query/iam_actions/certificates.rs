//! SSH public keys, signing certificates and server certificates.

use iam::context::Ctx;
use iam::ops::Principal;
use iam::ops::access_keys::KeyStatus;
use iam::ops::server_certificates::{self, NewServerCertificate, ServerCertificateMetadata};
use iam::ops::signing_certificates::{self, SigningCertificate};
use iam::ops::ssh_public_keys::{self, KeyEncoding, SshPublicKeyDetails, SshPublicKeyMetadata};

use super::tags::{tag_page_xml, tags_xml};
use super::{ActionResult, empty, page};
use crate::query::form::Params;
use crate::query::xml::Xml;

/// The operations on SSH keys and certificates; `None` for any other action.
pub(super) async fn dispatch(
    ctx: &Ctx,
    principal: &Principal,
    action: &str,
    p: &Params,
) -> Option<ActionResult> {
    let result = match action {
        "UploadSSHPublicKey" | "GetSSHPublicKey" | "ListSSHPublicKeys" | "UpdateSSHPublicKey"
        | "DeleteSSHPublicKey" => ssh_key_action(ctx, principal, action, p).await,
        "UploadSigningCertificate"
        | "ListSigningCertificates"
        | "UpdateSigningCertificate"
        | "DeleteSigningCertificate" => signing_certificate_action(ctx, principal, action, p).await,
        "UploadServerCertificate"
        | "GetServerCertificate"
        | "ListServerCertificates"
        | "UpdateServerCertificate"
        | "DeleteServerCertificate"
        | "TagServerCertificate"
        | "UntagServerCertificate"
        | "ListServerCertificateTags" => server_certificate_action(ctx, principal, action, p).await,
        _ => return None,
    };
    Some(result)
}

async fn ssh_key_action(
    ctx: &Ctx,
    principal: &Principal,
    action: &str,
    p: &Params,
) -> ActionResult {
    match action {
        "UploadSSHPublicKey" => {
            let key = ssh_public_keys::upload_ssh_public_key(
                ctx,
                principal,
                p.required("UserName")?,
                p.required("SSHPublicKeyBody")?,
            )
            .await?;
            Ok(Some(ssh_key_xml(&key)))
        }
        "GetSSHPublicKey" => {
            let key = ssh_public_keys::get_ssh_public_key(
                ctx,
                principal,
                p.required("UserName")?,
                p.required("SSHPublicKeyId")?,
                KeyEncoding::parse(p.required("Encoding")?)?,
            )
            .await?;
            Ok(Some(ssh_key_xml(&key)))
        }
        "ListSSHPublicKeys" => {
            let listed =
                ssh_public_keys::list_ssh_public_keys(ctx, principal, p.get("UserName"), &page(p)?)
                    .await?;
            let mut x = Xml::new();
            x.list("SSHPublicKeys", &listed.items, ssh_key_metadata_xml)
                .pagination(listed.marker.as_deref());
            Ok(Some(x))
        }
        "UpdateSSHPublicKey" => empty(
            ssh_public_keys::update_ssh_public_key(
                ctx,
                principal,
                p.required("UserName")?,
                p.required("SSHPublicKeyId")?,
                KeyStatus::parse(p.required("Status")?)?,
            )
            .await,
        ),
        _ => empty(
            ssh_public_keys::delete_ssh_public_key(
                ctx,
                principal,
                p.required("UserName")?,
                p.required("SSHPublicKeyId")?,
            )
            .await,
        ),
    }
}

fn ssh_key_metadata_xml(x: &mut Xml, key: &SshPublicKeyMetadata) {
    x.leaf("UserName", &key.user_name)
        .leaf("SSHPublicKeyId", &key.ssh_public_key_id)
        .leaf("Status", key.status.as_str())
        .time("UploadDate", key.upload_date);
}

fn ssh_key_xml(key: &SshPublicKeyDetails) -> Xml {
    let mut x = Xml::new();
    x.open("SSHPublicKey");
    ssh_key_metadata_xml(&mut x, &key.metadata);
    x.leaf("Fingerprint", &key.fingerprint)
        .leaf("SSHPublicKeyBody", &key.body)
        .close("SSHPublicKey");
    x
}

async fn signing_certificate_action(
    ctx: &Ctx,
    principal: &Principal,
    action: &str,
    p: &Params,
) -> ActionResult {
    let user_name = p.get("UserName");
    match action {
        "UploadSigningCertificate" => {
            let certificate = signing_certificates::upload_signing_certificate(
                ctx,
                principal,
                user_name,
                p.required("CertificateBody")?,
            )
            .await?;
            let mut x = Xml::new();
            x.open("Certificate");
            signing_certificate_xml(&mut x, &certificate);
            x.close("Certificate");
            Ok(Some(x))
        }
        "ListSigningCertificates" => {
            let listed = signing_certificates::list_signing_certificates(
                ctx,
                principal,
                user_name,
                &page(p)?,
            )
            .await?;
            let mut x = Xml::new();
            x.list("Certificates", &listed.items, signing_certificate_xml)
                .pagination(listed.marker.as_deref());
            Ok(Some(x))
        }
        "UpdateSigningCertificate" => empty(
            signing_certificates::update_signing_certificate(
                ctx,
                principal,
                user_name,
                p.required("CertificateId")?,
                KeyStatus::parse(p.required("Status")?)?,
            )
            .await,
        ),
        _ => empty(
            signing_certificates::delete_signing_certificate(
                ctx,
                principal,
                user_name,
                p.required("CertificateId")?,
            )
            .await,
        ),
    }
}

fn signing_certificate_xml(x: &mut Xml, certificate: &SigningCertificate) {
    x.leaf("UserName", &certificate.user_name)
        .leaf("CertificateId", &certificate.certificate_id)
        .leaf("CertificateBody", &certificate.certificate_body)
        .leaf("Status", certificate.status.as_str())
        .time("UploadDate", certificate.upload_date);
}

async fn server_certificate_action(
    ctx: &Ctx,
    principal: &Principal,
    action: &str,
    p: &Params,
) -> ActionResult {
    let name = p.required("ServerCertificateName");
    match action {
        "UploadServerCertificate" => {
            let tags = p.tags()?;
            let uploaded = server_certificates::upload_server_certificate(
                ctx,
                principal,
                NewServerCertificate {
                    name: name?,
                    path: p.get("Path"),
                    body: p.required("CertificateBody")?,
                    private_key: p.required("PrivateKey")?,
                    chain: p.get("CertificateChain"),
                    tags: &tags,
                },
            )
            .await?;
            let mut x = Xml::new();
            x.open("ServerCertificateMetadata");
            server_certificate_metadata_xml(&mut x, &uploaded);
            x.close("ServerCertificateMetadata");
            tags_xml(&mut x, &tags);
            Ok(Some(x))
        }
        "GetServerCertificate" => {
            let certificate =
                server_certificates::get_server_certificate(ctx, principal, name?).await?;
            let mut x = Xml::new();
            x.open("ServerCertificate")
                .open("ServerCertificateMetadata");
            server_certificate_metadata_xml(&mut x, &certificate.metadata);
            x.close("ServerCertificateMetadata")
                .leaf("CertificateBody", &certificate.certificate_body)
                .opt_leaf("CertificateChain", certificate.certificate_chain.as_deref());
            tags_xml(&mut x, &certificate.tags);
            x.close("ServerCertificate");
            Ok(Some(x))
        }
        "ListServerCertificates" => {
            let listed = server_certificates::list_server_certificates(
                ctx,
                principal,
                p.get("PathPrefix"),
                &page(p)?,
            )
            .await?;
            let mut x = Xml::new();
            x.list(
                "ServerCertificateMetadataList",
                &listed.items,
                server_certificate_metadata_xml,
            )
            .pagination(listed.marker.as_deref());
            Ok(Some(x))
        }
        "UpdateServerCertificate" => empty(
            server_certificates::update_server_certificate(
                ctx,
                principal,
                name?,
                p.get("NewPath"),
                p.get("NewServerCertificateName"),
            )
            .await,
        ),
        "DeleteServerCertificate" => {
            empty(server_certificates::delete_server_certificate(ctx, principal, name?).await)
        }
        "TagServerCertificate" => empty(
            server_certificates::tag_server_certificate(ctx, principal, name?, &p.tags()?).await,
        ),
        "UntagServerCertificate" => {
            let keys: Vec<String> = p.list("TagKeys").into_iter().map(str::to_owned).collect();
            empty(server_certificates::untag_server_certificate(ctx, principal, name?, &keys).await)
        }
        _ => {
            let listed =
                server_certificates::list_server_certificate_tags(ctx, principal, name?, &page(p)?)
                    .await?;
            tag_page_xml(&listed)
        }
    }
}

fn server_certificate_metadata_xml(x: &mut Xml, metadata: &ServerCertificateMetadata) {
    x.leaf("Path", &metadata.path)
        .leaf("ServerCertificateName", &metadata.server_certificate_name)
        .leaf("ServerCertificateId", &metadata.server_certificate_id)
        .leaf("Arn", &metadata.arn)
        .time("UploadDate", metadata.upload_date)
        .time("Expiration", metadata.expiration);
}
