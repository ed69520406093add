//! Trust policies: whether a role's `AssumeRolePolicyDocument` lets a caller assume it
//! (spec §4.7), and likewise any resource-based policy. A statement applies when its
//! `Principal` names the caller, its action and resource match and its conditions hold; a
//! matching deny wins.

use super::context::RequestContext;
use super::document::{Effect, PolicyDocument, PrincipalBlock};
use super::eval::statement_matches;

/// Who asks to assume the role.
#[derive(Debug, Clone)]
pub struct Caller<'a> {
    pub account_id: &'a str,
    /// The caller's own ARN: a user's ARN, or a role session's `assumed-role` ARN.
    pub arn: &'a str,
    /// For a role session, the ARN of its role (a trust policy naming the role trusts every
    /// session of it).
    pub role_arn: Option<&'a str>,
}

/// The trust policy's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrustDecision {
    /// A statement allows the caller; `names_caller` when one names the caller's own ARN
    /// (then, in the same account, no identity-based permission is needed).
    Allowed {
        names_caller: bool,
    },
    ExplicitDeny,
    NotAllowed,
}

/// How a principal block refers to the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Named {
    No,
    /// Through the account, the role, or `*`.
    Broadly,
    /// By the caller's own ARN.
    Exactly,
}

fn named(block: &PrincipalBlock, caller: &Caller<'_>) -> Named {
    let root = format!("arn:aws:iam::{}:root", caller.account_id);
    let mut best = Named::No;
    for (kind, values) in &block.entries {
        if kind != "AWS" {
            continue;
        }
        for value in values {
            if value == caller.arn {
                best = Named::Exactly;
            } else if best == Named::No
                && (value == "*"
                    || value == caller.account_id
                    || *value == root
                    || Some(value.as_str()) == caller.role_arn)
            {
                best = Named::Broadly;
            }
        }
    }
    if block.negated {
        if best == Named::No {
            Named::Broadly
        } else {
            Named::No
        }
    } else {
        best
    }
}

/// The statements of a trust or resource policy that apply to `caller`'s request:
/// `(denies, allows)` by index, each allow with whether it names the caller's own ARN.
pub fn applicable_statements(
    document: &PolicyDocument,
    caller: &Caller<'_>,
    ctx: &RequestContext,
) -> (Vec<usize>, Vec<(usize, bool)>) {
    let (mut denies, mut allows) = (Vec::new(), Vec::new());
    for (index, statement) in document.statements.iter().enumerate() {
        let how = statement
            .principal
            .as_ref()
            .map_or(Named::No, |block| named(block, caller));
        if how == Named::No || !statement_matches(statement, document, ctx) {
            continue;
        }
        match statement.effect {
            Effect::Deny => denies.push(index),
            Effect::Allow => allows.push((index, how == Named::Exactly)),
        }
    }
    (denies, allows)
}

/// Decides whether `caller` may perform `ctx.action` (`sts:AssumeRole`, `sts:TagSession`)
/// under the trust policy `document`.
pub fn evaluate_trust(
    document: &PolicyDocument,
    caller: &Caller<'_>,
    ctx: &RequestContext,
) -> TrustDecision {
    let (denies, allows) = applicable_statements(document, caller, ctx);
    if !denies.is_empty() {
        TrustDecision::ExplicitDeny
    } else if allows.is_empty() {
        TrustDecision::NotAllowed
    } else {
        TrustDecision::Allowed {
            names_caller: allows.iter().any(|(_, exact)| *exact),
        }
    }
}

/// Whether a trust policy lets the holder of a token from the identity provider
/// `provider_arn` perform `ctx.action` (`sts:AssumeRoleWithWebIdentity`, `sts:TagSession`):
/// a statement whose `Principal` is `{"Federated": provider_arn}` (or `*`) must allow it, and
/// none deny it.
pub fn evaluate_federated_trust(
    document: &PolicyDocument,
    provider_arn: &str,
    ctx: &RequestContext,
) -> TrustDecision {
    let names_provider = |block: &PrincipalBlock| {
        let named = block.entries.iter().any(|(kind, values)| {
            values
                .iter()
                .any(|v| v == "*" || (kind == "Federated" && v == provider_arn))
        });
        named != block.negated
    };
    let (mut denied, mut allowed) = (false, false);
    for statement in &document.statements {
        let applies = statement.principal.as_ref().is_some_and(names_provider)
            && statement_matches(statement, document, ctx);
        if applies {
            match statement.effect {
                Effect::Deny => denied = true,
                Effect::Allow => allowed = true,
            }
        }
    }
    if denied {
        TrustDecision::ExplicitDeny
    } else if allowed {
        TrustDecision::Allowed {
            names_caller: false,
        }
    } else {
        TrustDecision::NotAllowed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{PolicyKind, parse_policy};

    const ACCOUNT: &str = "123456789012";
    const BOB: &str = "arn:aws:iam::123456789012:user/bob";

    fn trust(principal: &str, extra: &str) -> PolicyDocument {
        let text = format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{principal},"Action":"sts:AssumeRole"{extra}}}]}}"#
        );
        parse_policy(&text, PolicyKind::Trust).unwrap()
    }

    fn bob() -> Caller<'static> {
        Caller {
            account_id: ACCOUNT,
            arn: BOB,
            role_arn: None,
        }
    }

    fn assume() -> RequestContext {
        RequestContext::new("sts:AssumeRole", "arn:aws:iam::123456789012:role/r")
    }

    #[test]
    fn the_account_trusts_every_principal_in_it_but_names_none() {
        let doc = trust(r#"{"AWS":"arn:aws:iam::123456789012:root"}"#, "");
        assert_eq!(
            evaluate_trust(&doc, &bob(), &assume()),
            TrustDecision::Allowed {
                names_caller: false
            }
        );
        let doc = trust(r#"{"AWS":"123456789012"}"#, "");
        assert!(matches!(
            evaluate_trust(&doc, &bob(), &assume()),
            TrustDecision::Allowed { .. }
        ));
        let other = trust(r#"{"AWS":"arn:aws:iam::999999999999:root"}"#, "");
        assert_eq!(
            evaluate_trust(&other, &bob(), &assume()),
            TrustDecision::NotAllowed
        );
    }

    #[test]
    fn a_user_arn_names_that_user_only() {
        let doc = trust(&format!(r#"{{"AWS":["{BOB}"]}}"#), "");
        assert_eq!(
            evaluate_trust(&doc, &bob(), &assume()),
            TrustDecision::Allowed { names_caller: true }
        );
        let alice = Caller {
            arn: "arn:aws:iam::123456789012:user/alice",
            ..bob()
        };
        assert_eq!(
            evaluate_trust(&doc, &alice, &assume()),
            TrustDecision::NotAllowed
        );
    }

    #[test]
    fn a_role_arn_trusts_its_sessions_and_services_trust_no_user() {
        let doc = trust(r#"{"AWS":"arn:aws:iam::123456789012:role/ops"}"#, "");
        let session = Caller {
            account_id: ACCOUNT,
            arn: "arn:aws:sts::123456789012:assumed-role/ops/s1",
            role_arn: Some("arn:aws:iam::123456789012:role/ops"),
        };
        assert!(matches!(
            evaluate_trust(&doc, &session, &assume()),
            TrustDecision::Allowed { .. }
        ));
        let ec2 = trust(r#"{"Service":"ec2.amazonaws.com"}"#, "");
        assert_eq!(
            evaluate_trust(&ec2, &bob(), &assume()),
            TrustDecision::NotAllowed
        );
    }

    #[test]
    fn a_federated_principal_trusts_only_its_provider() {
        let provider = "arn:aws:iam::123456789012:oidc-provider/idp.example.com";
        let doc = trust(
            &format!(r#"{{"Federated":"{provider}"}}"#),
            r#","Condition":{"StringEquals":{"idp.example.com:sub":"ci"}}"#,
        );
        let mut web = RequestContext::new(
            "sts:AssumeRoleWithWebIdentity",
            "arn:aws:iam::123456789012:role/r",
        );
        // The action must be the statement's too.
        assert_eq!(
            evaluate_federated_trust(&doc, provider, &web),
            TrustDecision::NotAllowed
        );
        let doc = parse_policy(
            &format!(
                r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"Federated":"{provider}"}},
                    "Action":"sts:AssumeRoleWithWebIdentity","Condition":{{"StringEquals":{{"idp.example.com:sub":"ci"}}}}}}]}}"#
            ),
            PolicyKind::Trust,
        )
        .unwrap();
        assert_eq!(
            evaluate_federated_trust(&doc, provider, &web),
            TrustDecision::NotAllowed
        );
        web.set("idp.example.com:sub", "ci");
        assert!(matches!(
            evaluate_federated_trust(&doc, provider, &web),
            TrustDecision::Allowed { .. }
        ));
        let other = "arn:aws:iam::123456789012:oidc-provider/other.example.com";
        assert_eq!(
            evaluate_federated_trust(&doc, other, &web),
            TrustDecision::NotAllowed
        );
        // An AWS principal never trusts a token holder.
        let aws = trust(r#"{"AWS":"arn:aws:iam::123456789012:root"}"#, "");
        assert_eq!(
            evaluate_federated_trust(&aws, provider, &web),
            TrustDecision::NotAllowed
        );
    }

    #[test]
    fn conditions_and_actions_are_checked_and_a_deny_wins() {
        let doc = trust(
            r#""*""#,
            r#","Condition":{"StringEquals":{"sts:ExternalId":"secret-42"}}"#,
        );
        assert_eq!(
            evaluate_trust(&doc, &bob(), &assume()),
            TrustDecision::NotAllowed
        );
        let mut with_id = assume();
        with_id.set("sts:ExternalId", "secret-42");
        assert!(matches!(
            evaluate_trust(&doc, &bob(), &with_id),
            TrustDecision::Allowed { .. }
        ));
        let tag = with_id.for_request("sts:TagSession", "arn:aws:iam::123456789012:role/r");
        assert_eq!(
            evaluate_trust(&doc, &bob(), &tag),
            TrustDecision::NotAllowed
        );

        let text = format!(
            r#"{{"Version":"2012-10-17","Statement":[
                {{"Effect":"Allow","Principal":{{"AWS":"{ACCOUNT}"}},"Action":"sts:AssumeRole"}},
                {{"Effect":"Deny","Principal":{{"AWS":"{BOB}"}},"Action":"sts:*"}}]}}"#
        );
        let doc = parse_policy(&text, PolicyKind::Trust).unwrap();
        assert_eq!(
            evaluate_trust(&doc, &bob(), &assume()),
            TrustDecision::ExplicitDeny
        );
    }
}
