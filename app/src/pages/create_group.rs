//! "Create user group": a name, the users to add and the policies to attach, created together.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;

use iam::model::names::{NameKind, validate_name};

use crate::api::CreateGroup;
use crate::components::flash::ErrorBanner;
use crate::components::policy_picker::PolicyPicker;
use crate::components::user_checklist::UserChecklist;

#[component]
pub fn CreateGroupPage() -> impl IntoView {
    let name = RwSignal::new(String::new());
    let users = RwSignal::new(Vec::<String>::new());
    let policies = RwSignal::new(Vec::<String>::new());
    let create = ServerAction::<CreateGroup>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(group)) = create.value().get() {
            navigate(
                &format!(
                    "/iam/groups?created={}",
                    crate::components::download::percent_encode(&group)
                ),
                Default::default(),
            );
        }
    });
    let name_error = move || {
        name.with(|n| {
            (!n.is_empty())
                .then(|| validate_name(NameKind::Group, "groupName", n).err())
                .flatten()
                .map(|e| e.message)
        })
    };
    view! {
        <Title text="Create user group"/>
        <p class="breadcrumbs"><a href="/iam/groups">"User groups"</a> " › Create user group"</p>
        <h1>"Create user group"</h1>
        <section class="panel">
            <h2>"Name the group"</h2>
            <label for="group-name">"User group name"</label>
            <input id="group-name" type="text" data-testid="group-name" maxlength=NameKind::Group.max_len()
                prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
            <p class="muted small">{format!("Maximum {} characters. Use alphanumeric and '+=,.@-_' characters.", NameKind::Group.max_len())}</p>
            {move || name_error().map(|e| view! { <p class="field-error" role="alert" data-testid="group-name-error">{e}</p> })}
        </section>
        <section class="panel">
            <h2>"Add users to the group - " <span class="muted">"optional"</span></h2>
            <UserChecklist selected=users/>
        </section>
        <section class="panel">
            <h2>"Attach permissions policies - " <span class="muted">"optional"</span></h2>
            <p class="muted">"You can attach up to 10 policies to this user group. All the users in this group will have permissions that are defined in the selected policies."</p>
            <PolicyPicker selected=policies id="new-group"/>
        </section>
        {move || create.value().get().and_then(Result::err).map(|err| view! { <ErrorBanner message=err.message/> })}
        <div class="wizard-buttons">
            <a class="btn" href="/iam/groups">"Cancel"</a>
            <button type="button" class="btn btn-primary" data-testid="create-group-submit"
                disabled=move || name.with(String::is_empty) || name_error().is_some() || create.pending().get()
                on:click=move |_| {
                    create.dispatch(CreateGroup {
                        name: name.get_untracked(),
                        users: users.get_untracked(),
                        policy_arns: policies.get_untracked(),
                    });
                }>"Create user group"</button>
        </div>
    }
}
