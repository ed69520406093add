//! Access Advisor jobs.

use iam::context::Ctx;
use iam::ops::Principal;
use iam::ops::last_accessed::{self, JobDetails};

use super::{ActionResult, page};
use crate::query::form::Params;
use crate::query::xml::Xml;

pub(super) async fn generate_service_last_accessed_details(
    ctx: &Ctx,
    principal: &Principal,
    p: &Params,
) -> ActionResult {
    let job_id = last_accessed::generate_service_last_accessed_details(
        ctx,
        principal,
        p.required("Arn")?,
        p.get("Granularity"),
    )
    .await?;
    let mut x = Xml::new();
    x.leaf("JobId", &job_id);
    Ok(Some(x))
}

/// The job's status and dates, around the list `write_list` writes.
fn job_xml<T>(
    details: &JobDetails<T>,
    with_type: bool,
    write_list: impl FnOnce(&mut Xml, &[T]),
) -> ActionResult {
    let mut x = Xml::new();
    x.leaf("JobStatus", "COMPLETED");
    if with_type {
        x.leaf("JobType", details.granularity.as_str());
    }
    x.time("JobCreationDate", details.created);
    write_list(&mut x, &details.page.items);
    x.time("JobCompletionDate", details.completed);
    x.pagination(details.page.marker.as_deref());
    Ok(Some(x))
}

pub(super) async fn get_service_last_accessed_details(
    ctx: &Ctx,
    principal: &Principal,
    p: &Params,
) -> ActionResult {
    let details = last_accessed::get_service_last_accessed_details(
        ctx,
        principal,
        p.required("JobId")?,
        &page(p)?,
    )
    .await?;
    job_xml(&details, true, |x, services| {
        x.list("ServicesLastAccessed", services, |x, s| {
            x.leaf("ServiceName", &s.name)
                .opt_time("LastAuthenticated", s.last_authenticated)
                .leaf("ServiceNamespace", &s.namespace)
                .opt_leaf(
                    "LastAuthenticatedEntity",
                    s.last_authenticated_entity.as_deref(),
                )
                .leaf(
                    "TotalAuthenticatedEntities",
                    &s.total_authenticated_entities.to_string(),
                );
            if let Some(tracked) = &s.tracked_actions {
                x.list("TrackedActionsLastAccessed", tracked, |x, action| {
                    x.leaf("ActionName", &action.action_name)
                        .leaf("LastAccessedEntity", &action.last_accessed_entity)
                        .time(
                            "LastAccessedTime",
                            iam::ops::timestamp(action.last_accessed_time),
                        );
                });
            }
        });
    })
}

pub(super) async fn get_service_last_accessed_details_with_entities(
    ctx: &Ctx,
    principal: &Principal,
    p: &Params,
) -> ActionResult {
    let details = last_accessed::get_service_last_accessed_details_with_entities(
        ctx,
        principal,
        p.required("JobId")?,
        p.required("ServiceNamespace")?,
        &page(p)?,
    )
    .await?;
    job_xml(&details, false, |x, entities| {
        x.list("EntityDetailsList", entities, |x, details| {
            let e = &details.entity;
            x.open("EntityInfo")
                .leaf("Arn", &e.arn)
                .leaf("Name", &e.name)
                .leaf("Type", &e.kind)
                .leaf("Id", &e.id)
                .leaf("Path", &e.path)
                .close("EntityInfo")
                .opt_time("LastAuthenticated", details.last_authenticated);
        });
    })
}
