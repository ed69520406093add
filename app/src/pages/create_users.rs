//! The "Add users" wizard: 1 Details, 2 Permissions, 3 Tags, 4 Review, 5 Complete. Names,
//! passwords and tags are checked as they are typed with the engine's own rules (compiled to
//! WASM) and again by the server; the success page is the only place secrets ever appear.

mod csv;
mod group_choices;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;

use iam::model::names::{NameKind, validate_name};
use iam::model::tags::{MAX_TAGS, validate_key, validate_value};

use crate::api::{
    CreateGroup, CreateUsers, CreatedUsersView, WizardSubmission, check_new_password,
    user_name_taken, wizard_data,
};
use crate::components::flash::{ErrorBanner, SuccessBanner};
use crate::components::policy_picker::PolicyPicker;

use group_choices::GroupChoices;

const MAX_USERS: usize = 10;

/// Everything the wizard has been told so far.
#[derive(Clone, Copy)]
struct Wizard {
    step: RwSignal<u8>,
    names: RwSignal<Vec<String>>,
    name_errors: RwSignal<Vec<Option<String>>>,
    programmatic: RwSignal<bool>,
    console: RwSignal<bool>,
    custom_password: RwSignal<bool>,
    password: RwSignal<String>,
    show_password: RwSignal<bool>,
    reset_required: RwSignal<bool>,
    permissions_kind: RwSignal<String>,
    groups: RwSignal<Vec<String>>,
    copy_from: RwSignal<String>,
    policies: RwSignal<Vec<String>>,
    boundary_on: RwSignal<bool>,
    boundary: RwSignal<Vec<String>>,
    tags: RwSignal<Vec<(String, String)>>,
    error: RwSignal<Option<String>>,
}

impl Wizard {
    fn new() -> Self {
        Self {
            step: RwSignal::new(1),
            names: RwSignal::new(vec![String::new()]),
            name_errors: RwSignal::new(vec![None]),
            programmatic: RwSignal::new(false),
            console: RwSignal::new(false),
            custom_password: RwSignal::new(false),
            password: RwSignal::new(String::new()),
            show_password: RwSignal::new(false),
            reset_required: RwSignal::new(true),
            permissions_kind: RwSignal::new("groups".to_owned()),
            groups: RwSignal::new(Vec::new()),
            copy_from: RwSignal::new(String::new()),
            policies: RwSignal::new(Vec::new()),
            boundary_on: RwSignal::new(false),
            boundary: RwSignal::new(Vec::new()),
            tags: RwSignal::new(Vec::new()),
            error: RwSignal::new(None),
        }
    }

    /// The name rows' errors by the naming rules and uniqueness within the run.
    fn local_name_errors(&self) -> Vec<Option<String>> {
        let names = self.names.get_untracked();
        names
            .iter()
            .enumerate()
            .map(|(i, name)| {
                if let Err(err) = validate_name(NameKind::User, "userName", name) {
                    return Some(if name.is_empty() {
                        "Enter a user name.".to_owned()
                    } else {
                        err.message
                    });
                }
                let duplicate = names[..i]
                    .iter()
                    .any(|other| other.eq_ignore_ascii_case(name));
                duplicate.then(|| "Each user name must be unique.".to_owned())
            })
            .collect()
    }

    /// The tag rows' errors: key and value rules, keys unique ignoring case.
    fn tag_errors(&self) -> Vec<Option<String>> {
        let tags = self.tags.get();
        tags.iter()
            .enumerate()
            .map(|(i, (key, value))| {
                if let Err(err) = validate_key(key) {
                    return Some(if key.is_empty() {
                        "Enter a key.".to_owned()
                    } else {
                        err.message
                    });
                }
                if let Err(err) = validate_value(value) {
                    return Some(err.message);
                }
                tags[..i]
                    .iter()
                    .any(|(other, _)| other.eq_ignore_ascii_case(key))
                    .then(|| "Tag keys must be unique (ignoring case).".to_owned())
            })
            .collect()
    }

    fn submission(&self) -> WizardSubmission {
        WizardSubmission {
            user_names: self.names.get_untracked(),
            programmatic: self.programmatic.get_untracked(),
            console: self.console.get_untracked(),
            custom_password: (self.console.get_untracked() && self.custom_password.get_untracked())
                .then(|| self.password.get_untracked()),
            reset_required: self.console.get_untracked() && self.reset_required.get_untracked(),
            permissions_kind: self.permissions_kind.get_untracked(),
            groups: self.groups.get_untracked(),
            copy_from: self.copy_from.get_untracked(),
            policies: self.policies.get_untracked(),
            permissions_boundary: if self.boundary_on.get_untracked() {
                self.boundary.get_untracked().first().cloned()
            } else {
                None
            },
            tags: self.tags.get_untracked(),
        }
    }
}

#[component]
pub fn CreateUsersPage() -> impl IntoView {
    let wizard = Wizard::new();
    let create = ServerAction::<CreateUsers>::new();
    let created = RwSignal::new(None::<CreatedUsersView>);
    Effect::new(move |_| {
        if let Some(result) = create.value().get() {
            match result {
                Ok(view) => {
                    created.set(Some(view));
                    wizard.step.set(5);
                }
                Err(err) => wizard.error.set(Some(err.message)),
            }
        }
    });
    view! {
        <Title text="Add users"/>
        <h1>"Add users"</h1>
        <ol class="steps" aria-label="Steps">
            {["Details", "Permissions", "Tags", "Review", "Complete"].into_iter().enumerate().map(|(i, label)| {
                let n = i as u8 + 1;
                view! {
                    <li class:current=move || wizard.step.get() == n
                        aria-current=move || (wizard.step.get() == n).then_some("step")>
                        {format!("{n} {label}")}
                    </li>
                }
            }).collect_view()}
        </ol>
        {move || wizard.error.get().map(|message| view! { <ErrorBanner message/> })}
        {move || match wizard.step.get() {
            1 => view! { <DetailsStep wizard/> }.into_any(),
            2 => view! { <PermissionsStep wizard/> }.into_any(),
            3 => view! { <TagsStep wizard/> }.into_any(),
            4 => view! { <ReviewStep wizard create/> }.into_any(),
            _ => match created.get() {
                Some(view) => view! { <Complete view/> }.into_any(),
                None => view! { <p>"Nothing to show." <a href="/iam/users">"Back to users"</a></p> }.into_any(),
            },
        }}
    }
}

#[component]
fn StepButtons(
    wizard: Wizard,
    #[prop(into)] next_label: String,
    on_next: impl Fn() + Send + Sync + 'static,
    #[prop(optional)] busy: Option<Signal<bool>>,
) -> impl IntoView {
    let step = wizard.step;
    view! {
        <div class="wizard-buttons">
            <a class="btn" href="/iam/users">"Cancel"</a>
            <Show when=move || { step.get() > 1 }>
                <button type="button" class="btn" on:click=move |_| { wizard.error.set(None); step.update(|s| *s -= 1); }>"Previous"</button>
            </Show>
            <button type="button" class="btn btn-primary" data-testid="wizard-next"
                disabled=move || busy.is_some_and(|b| b.get())
                on:click=move |_| on_next()>{next_label}</button>
        </div>
    }
}

#[component]
fn DetailsStep(wizard: Wizard) -> impl IntoView {
    let checking = RwSignal::new(false);
    let next = move || {
        wizard.error.set(None);
        let mut errors = wizard.local_name_errors();
        wizard.name_errors.set(errors.clone());
        if errors.iter().any(Option::is_some) {
            return;
        }
        if !wizard.programmatic.get_untracked() && !wizard.console.get_untracked() {
            wizard
                .error
                .set(Some("Select at least one AWS access type.".to_owned()));
            return;
        }
        let custom = wizard.console.get_untracked() && wizard.custom_password.get_untracked();
        let password = wizard.password.get_untracked();
        if custom
            && let Err(err) = iam::model::password::validate_password_chars("password", &password)
        {
            wizard.error.set(Some(err.message));
            return;
        }
        checking.set(true);
        spawn_local(async move {
            let names = wizard.names.get_untracked();
            for (i, name) in names.iter().enumerate() {
                match user_name_taken(name.clone()).await {
                    Ok(true) => errors[i] = Some(format!("User with name {name} already exists.")),
                    Ok(false) => {}
                    Err(err) => errors[i] = Some(err.message),
                }
            }
            let taken = errors.iter().any(Option::is_some);
            wizard.name_errors.set(errors);
            let password_error = if custom && !taken {
                check_new_password(password).await.err().map(|e| e.message)
            } else {
                None
            };
            checking.set(false);
            if let Some(message) = password_error {
                wizard.error.set(Some(message));
            } else if !taken {
                wizard.step.set(2);
            }
        });
    };
    view! {
        <section class="panel">
            <h2>"Set user details"</h2>
            <p class="muted">"You can add multiple users at once with the same access type and permissions."</p>
            {move || wizard.names.get().into_iter().enumerate().map(|(i, name)| {
                let error = move || wizard.name_errors.with(|e| e.get(i).cloned().flatten());
                let id = format!("user-name-{i}");
                view! {
                    <div class="field">
                        <label for=id.clone()>"User name*"</label>
                        <div class="row">
                            <input id=id.clone() type="text" data-testid=id.clone() value=name
                                aria-invalid=move || error().is_some().to_string()
                                on:input=move |ev| {
                                    let value = event_target_value(&ev);
                                    wizard.names.update_untracked(|n| n[i] = value);
                                    let errors = wizard.local_name_errors();
                                    wizard.name_errors.set(errors);
                                }/>
                            <Show when=move || { wizard.names.with(Vec::len) > 1 }>
                                <button type="button" class="btn btn-small" aria-label=format!("Remove user name {}", i + 1)
                                    on:click=move |_| {
                                        wizard.names.update(|n| { n.remove(i); });
                                        wizard.name_errors.set(wizard.local_name_errors());
                                    }>"Remove"</button>
                            </Show>
                        </div>
                        {move || error().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                    </div>
                }
            }).collect_view()}
            <button type="button" class="btn btn-small" data-testid="add-another-user"
                disabled=move || { wizard.names.with(Vec::len) >= MAX_USERS }
                on:click=move |_| { wizard.names.update(|n| n.push(String::new())); wizard.name_errors.update(|e| e.push(None)); }>
                "+ Add another user"
            </button>
        </section>
        <section class="panel">
            <h2>"Select AWS access type"</h2>
            <label class="checkbox">
                <input type="checkbox" data-testid="access-programmatic"
                    prop:checked=move || wizard.programmatic.get()
                    on:change=move |ev| wizard.programmatic.set(event_target_checked(&ev))/>
                <span><strong>"Programmatic access"</strong>" — an access key ID and secret access key for the AWS API, CLI and SDKs."</span>
            </label>
            <label class="checkbox">
                <input type="checkbox" data-testid="access-console"
                    prop:checked=move || wizard.console.get()
                    on:change=move |ev| wizard.console.set(event_target_checked(&ev))/>
                <span><strong>"AWS Management Console access"</strong>" — a password to sign in to the console."</span>
            </label>
            <Show when=move || wizard.console.get()>
                <fieldset class="choice">
                    <legend>"Console password"</legend>
                    <label class="checkbox">
                        <input type="radio" name="password-kind" data-testid="password-autogenerated"
                            prop:checked=move || !wizard.custom_password.get()
                            on:change=move |_| wizard.custom_password.set(false)/>
                        "Autogenerated password"
                    </label>
                    <label class="checkbox">
                        <input type="radio" name="password-kind" data-testid="password-custom"
                            prop:checked=move || wizard.custom_password.get()
                            on:change=move |_| wizard.custom_password.set(true)/>
                        "Custom password"
                    </label>
                    <Show when=move || wizard.custom_password.get()>
                        <div class="row">
                            <label class="sr-only" for="custom-password">"Custom password"</label>
                            <input id="custom-password" data-testid="custom-password"
                                type=move || if wizard.show_password.get() { "text" } else { "password" }
                                prop:value=move || wizard.password.get()
                                on:input=move |ev| wizard.password.set(event_target_value(&ev))/>
                            <button type="button" class="btn btn-small" on:click=move |_| wizard.show_password.update(|s| *s = !*s)>
                                {move || if wizard.show_password.get() { "Hide" } else { "Show" }}
                            </button>
                        </div>
                    </Show>
                </fieldset>
                <label class="checkbox">
                    <input type="checkbox" data-testid="require-reset"
                        prop:checked=move || wizard.reset_required.get()
                        on:change=move |ev| wizard.reset_required.set(event_target_checked(&ev))/>
                    "Require password reset"
                </label>
                <p class="muted small">"Users must create a new password at next sign-in. Users automatically get the IAMUserChangePassword policy to allow them to change their own password when the account does not let users change their passwords."</p>
            </Show>
        </section>
        <StepButtons wizard next_label="Next: Permissions" on_next=next busy=Signal::derive(move || checking.get())/>
    }
}

#[component]
fn PermissionsStep(wizard: Wizard) -> impl IntoView {
    let options = Resource::new(|| (), |_| wizard_data());
    let creating_group = RwSignal::new(false);
    let group_search = RwSignal::new(String::new());
    let next = move || {
        wizard.error.set(None);
        let kind = wizard.permissions_kind.get_untracked();
        if kind == "copy" && wizard.copy_from.with_untracked(String::is_empty) {
            wizard
                .error
                .set(Some("Choose the user to copy permissions from.".to_owned()));
            return;
        }
        if wizard.boundary_on.get_untracked() && wizard.boundary.with_untracked(Vec::is_empty) {
            wizard.error.set(Some(
                "Choose a policy to use as the permissions boundary.".to_owned(),
            ));
            return;
        }
        wizard.step.set(3);
    };
    let tile = move |value: &'static str, title: &'static str| {
        view! {
            <label class="tile" class:selected=move || wizard.permissions_kind.get() == value>
                <input type="radio" name="permissions-kind" data-testid=format!("permissions-{value}")
                    prop:checked=move || wizard.permissions_kind.get() == value
                    on:change=move |_| wizard.permissions_kind.set(value.to_owned())/>
                {title}
            </label>
        }
    };
    view! {
        <section class="panel">
            <h2>"Set permissions"</h2>
            <div class="tiles">
                {tile("groups", "Add user to group")}
                {tile("copy", "Copy permissions from existing user")}
                {tile("policies", "Attach existing policies directly")}
            </div>
            <Transition fallback=|| view! { <p class="muted" role="status">"Loading…"</p> }>
                {move || options.get().map(|result| match result {
                    Err(err) => view! { <ErrorBanner message=err.message/> }.into_any(),
                    Ok(data) => match wizard.permissions_kind.get().as_str() {
                        "groups" => view! {
                            <div class="toolbar">
                                <button type="button" class="btn btn-small" data-testid="create-group"
                                    on:click=move |_| creating_group.set(true)>"Create group"</button>
                                <button type="button" class="btn btn-small" data-testid="groups-refresh" on:click=move |_| options.refetch()>"Refresh"</button>
                                <label class="sr-only" for="group-choice-search">"Find groups by name"</label>
                                <input id="group-choice-search" type="search" class="search" data-testid="group-choice-search"
                                    placeholder="Search groups"
                                    prop:value=move || group_search.get()
                                    on:input=move |ev| group_search.set(event_target_value(&ev))/>
                            </div>
                            {match data.groups {
                                Err(message) => view! { <ErrorBanner message/> }.into_any(),
                                Ok(groups) if groups.is_empty() => view! { <p class="empty">"No groups yet. Create one."</p> }.into_any(),
                                Ok(groups) => view! { <GroupChoices groups search=group_search chosen=wizard.groups/> }.into_any(),
                            }}
                        }.into_any(),
                        "copy" => match data.users {
                            Err(message) => view! { <ErrorBanner message/> }.into_any(),
                            Ok(users) if users.is_empty() => view! { <p class="empty">"There are no users to copy from."</p> }.into_any(),
                            Ok(users) => view! {
                                <table class="table" data-testid="user-choices">
                                    <thead><tr><th scope="col"><span class="sr-only">"Choose"</span></th><th scope="col">"User name"</th><th scope="col">"Groups"</th><th scope="col">"Attached policies"</th></tr></thead>
                                    <tbody>
                                        {users.into_iter().map(|user| {
                                            let name = user.name.clone();
                                            let checked = name.clone();
                                            view! {
                                                <tr>
                                                    <td><input type="radio" name="copy-from" aria-label=format!("Copy from {name}") data-testid=format!("copy-{name}")
                                                        prop:checked=move || wizard.copy_from.with(|c| *c == checked)
                                                        on:change=move |_| wizard.copy_from.set(name.clone())/></td>
                                                    <td>{user.name}</td>
                                                    <td>{if user.groups.is_empty() { "None".to_owned() } else { user.groups.join(", ") }}</td>
                                                    <td>{if user.policies.is_empty() { "None".to_owned() } else { user.policies.join(", ") }}</td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            }.into_any(),
                        },
                        _ => view! { <PolicyPicker selected=wizard.policies id="attach"/> }.into_any(),
                    },
                })}
            </Transition>
        </section>
        <section class="panel">
            <h2>"Set permissions boundary"</h2>
            <label class="checkbox">
                <input type="radio" name="boundary" prop:checked=move || !wizard.boundary_on.get()
                    on:change=move |_| wizard.boundary_on.set(false)/>
                "Create user without a permissions boundary"
            </label>
            <label class="checkbox">
                <input type="radio" name="boundary" data-testid="use-boundary" prop:checked=move || wizard.boundary_on.get()
                    on:change=move |_| wizard.boundary_on.set(true)/>
                "Use a permissions boundary to control the maximum user permissions"
            </label>
            <Show when=move || wizard.boundary_on.get()>
                <PolicyPicker selected=wizard.boundary single=true id="boundary"/>
            </Show>
        </section>
        <Show when=move || creating_group.get()>
            <CreateGroupDialog wizard options on_close=move || creating_group.set(false)/>
        </Show>
        <StepButtons wizard next_label="Next: Tags" on_next=next/>
    }
}

/// "Create group" inside the wizard: a name and policies; the new group is then chosen.
#[component]
fn CreateGroupDialog(
    wizard: Wizard,
    options: Resource<Result<crate::api::WizardOptions, crate::error::ConsoleError>>,
    on_close: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let policies = RwSignal::new(Vec::<String>::new());
    let create = ServerAction::<CreateGroup>::new();
    let close = on_close.clone();
    Effect::new(move |_| {
        if let Some(Ok(group)) = create.value().get() {
            wizard.groups.update(|g| {
                if !g.contains(&group) {
                    g.push(group.clone());
                }
            });
            options.refetch();
            close();
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
    let cancel = on_close.clone();
    view! {
        <div class="modal-backdrop">
            <div class="modal modal-wide" role="dialog" aria-modal="true" aria-labelledby="create-group-title">
                <h2 id="create-group-title">"Create group"</h2>
                <p class="muted">"Create a group and choose the policies to attach to it."</p>
                <label for="new-group-name">"Group name"</label>
                <input id="new-group-name" type="text" data-testid="new-group-name"
                    prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                {move || name_error().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                <PolicyPicker selected=policies id="group"/>
                {move || create.value().get().and_then(Result::err).map(|err| view! { <ErrorBanner message=err.message/> })}
                <div class="modal-actions">
                    <button type="button" class="btn" on:click=move |_| cancel()>"Cancel"</button>
                    <button type="button" class="btn btn-primary" data-testid="create-group-submit"
                        disabled=move || name.with(String::is_empty) || name_error().is_some() || create.pending().get()
                        on:click=move |_| {
                            create.dispatch(CreateGroup { name: name.get_untracked(), users: Vec::new(), policy_arns: policies.get_untracked() });
                        }>"Create group"</button>
                </div>
            </div>
        </div>
    }
}

#[component]
fn TagsStep(wizard: Wizard) -> impl IntoView {
    let next = move || {
        wizard.error.set(None);
        if wizard.tag_errors().iter().any(Option::is_some) {
            wizard
                .error
                .set(Some("Fix the tags marked below.".to_owned()));
            return;
        }
        wizard.step.set(4);
    };
    view! {
        <section class="panel">
            <h2>"Add tags (optional)"</h2>
            <p class="muted">"Tags are key-value pairs you can add to the user to organize, track or control access."</p>
            <table class="table tags-table">
                <thead><tr><th scope="col">"Key"</th><th scope="col">"Value (optional)"</th><th scope="col"><span class="sr-only">"Remove"</span></th></tr></thead>
                <tbody>
                    {move || wizard.tags.get().into_iter().enumerate().map(|(i, (key, value))| {
                        let error = move || wizard.tag_errors().get(i).cloned().flatten();
                        view! {
                            <tr>
                                <td>
                                    <label class="sr-only" for=format!("tag-key-{i}")>"Key"</label>
                                    <input id=format!("tag-key-{i}") type="text" data-testid=format!("tag-key-{i}") value=key
                                        on:change=move |ev| { let v = event_target_value(&ev); wizard.tags.update(|t| t[i].0 = v); }/>
                                    {move || error().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                                </td>
                                <td>
                                    <label class="sr-only" for=format!("tag-value-{i}")>"Value"</label>
                                    <input id=format!("tag-value-{i}") type="text" data-testid=format!("tag-value-{i}") value=value
                                        on:change=move |ev| { let v = event_target_value(&ev); wizard.tags.update(|t| t[i].1 = v); }/>
                                </td>
                                <td><button type="button" class="btn btn-small" aria-label=format!("Remove tag {}", i + 1)
                                    on:click=move |_| wizard.tags.update(|t| { t.remove(i); })>"Remove"</button></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <button type="button" class="btn btn-small" data-testid="add-tag"
                disabled=move || { wizard.tags.with(Vec::len) >= MAX_TAGS }
                on:click=move |_| wizard.tags.update(|t| t.push((String::new(), String::new())))>"Add new key"</button>
            <p class="muted small">{move || format!("You can add {} more tags.", MAX_TAGS - wizard.tags.with(Vec::len))}</p>
        </section>
        <StepButtons wizard next_label="Next: Review" on_next=next/>
    }
}

#[component]
fn ReviewStep(wizard: Wizard, create: ServerAction<CreateUsers>) -> impl IntoView {
    let submission = wizard.submission();
    let access = match (submission.programmatic, submission.console) {
        (true, true) => "Programmatic access and AWS Management Console access",
        (true, false) => "Programmatic access",
        _ => "AWS Management Console access",
    };
    let name_of = |arn: &str| arn.rsplit('/').next().unwrap_or(arn).to_owned();
    let mut permissions: Vec<(String, String)> = match submission.permissions_kind.as_str() {
        "groups" => submission
            .groups
            .iter()
            .map(|g| ("Group".to_owned(), g.clone()))
            .collect(),
        "copy" => vec![("Copied from user".to_owned(), submission.copy_from.clone())],
        _ => submission
            .policies
            .iter()
            .map(|p| ("Managed policy".to_owned(), name_of(p)))
            .collect(),
    };
    if permissions.is_empty() {
        permissions.push(("None".to_owned(), "No permissions".to_owned()));
    }
    let plural = submission.user_names.len() > 1;
    let create_label = if plural {
        "Create users"
    } else {
        "Create user"
    };
    let next = move || {
        wizard.error.set(None);
        create.dispatch(CreateUsers {
            submission: wizard.submission(),
        });
    };
    view! {
        <section class="panel">
            <h2>"Review"</h2>
            <h3>"User details"</h3>
            <dl class="facts" data-testid="review-details">
                <dt>{if plural { "User names" } else { "User name" }}</dt><dd>{submission.user_names.join(", ")}</dd>
                <dt>"AWS access type"</dt><dd>{access}</dd>
                {submission.console.then(|| view! {
                    <dt>"Console password type"</dt><dd>{if submission.custom_password.is_some() { "Custom" } else { "Autogenerated" }}</dd>
                    <dt>"Require password reset"</dt><dd>{if submission.reset_required { "Yes" } else { "No" }}</dd>
                })}
                <dt>"Permissions boundary"</dt>
                <dd>{submission.permissions_boundary.as_deref().map_or("Permissions boundary is not set".to_owned(), name_of)}</dd>
            </dl>
            <h3>"Permissions summary"</h3>
            <table class="table" data-testid="review-permissions">
                <thead><tr><th scope="col">"Type"</th><th scope="col">"Name"</th></tr></thead>
                <tbody>{permissions.into_iter().map(|(kind, name)| view! { <tr><td>{kind}</td><td>{name}</td></tr> }).collect_view()}</tbody>
            </table>
            <h3>"Tags"</h3>
            {if submission.tags.is_empty() {
                view! { <p class="muted">"No tags"</p> }.into_any()
            } else {
                view! {
                    <table class="table" data-testid="review-tags">
                        <thead><tr><th scope="col">"Key"</th><th scope="col">"Value"</th></tr></thead>
                        <tbody>{submission.tags.into_iter().map(|(k, v)| view! { <tr><td>{k}</td><td>{v}</td></tr> }).collect_view()}</tbody>
                    </table>
                }.into_any()
            }}
        </section>
        <StepButtons wizard next_label=create_label on_next=next busy=Signal::derive(move || create.pending().get())/>
    }
}

/// The success page: the only time secrets are shown.
#[component]
fn Complete(view: CreatedUsersView) -> impl IntoView {
    let csv_text = csv::credentials_csv(&view.users, &view.sign_in_url);
    let href = csv::csv_data_url(&csv_text);
    let any_created = view.users.iter().any(|u| u.error.is_none());
    let account_id = view.account_id.clone();
    let sign_in_url = view.sign_in_url.clone();
    view! {
        {any_created.then(|| view! {
            <SuccessBanner message="Success. You successfully created the users shown below. You can view and download user security credentials. This is the last time these credentials will be available to download. However, you can create new credentials at any time."/>
        })}
        <p>"Users with AWS Management Console access can sign in at: " <code data-testid="sign-in-url">{view.sign_in_url.clone()}</code></p>
        <div class="toolbar">
            <a class="btn" data-testid="download-csv" href=href download=csv::FILE_NAME>"Download .csv"</a>
            <a class="btn btn-primary-link" href="/iam/users">"Close"</a>
        </div>
        <table class="table" data-testid="created-users">
            <thead><tr>
                <th scope="col">"User"</th><th scope="col">"Access key ID"</th><th scope="col">"Secret access key"</th>
                <th scope="col">"Password"</th><th scope="col">"Email login instructions"</th>
            </tr></thead>
            <tbody>
                {view.users.into_iter().map(|user| {
                    let mail = csv::mailto(&user.name, &account_id, &sign_in_url);
                    match user.error {
                        Some(error) => view! {
                            <tr><td>{user.name}</td><td colspan="4"><span class="field-error">{error}</span></td></tr>
                        }.into_any(),
                        None => view! {
                            <tr data-testid=format!("created-{}", user.name)>
                                <td><span class="ok-mark" aria-hidden="true">"✓ "</span>{user.name.clone()}</td>
                                <td><code data-testid="created-key-id">{user.access_key_id.clone().unwrap_or_default()}</code></td>
                                <td><Secret value=user.secret_access_key.clone() testid="secret"/></td>
                                <td><Secret value=user.password.clone() testid="password"/></td>
                                <td>{user.console_access.then(|| view! { <a href=mail.clone() data-testid="send-email">"Send email"</a> })}</td>
                            </tr>
                        }.into_any(),
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// A secret behind `******** Show`.
#[component]
fn Secret(value: Option<String>, testid: &'static str) -> impl IntoView {
    let shown = RwSignal::new(false);
    value.map(|value| {
        view! {
            <span class="secret">
                <code data-testid=format!("created-{testid}")>{move || if shown.get() { value.clone() } else { "********".to_owned() }}</code>
                " "
                <button type="button" class="btn-text" data-testid=format!("toggle-{testid}")
                    on:click=move |_| shown.update(|s| *s = !*s)>
                    {move || if shown.get() { "Hide" } else { "Show" }}
                </button>
            </span>
        }
    })
}
