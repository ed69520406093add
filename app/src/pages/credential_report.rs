//! The credential report: what it holds, and a button that generates it when needed and
//! downloads the CSV.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::CredentialReport;
use crate::components::download::csv_data_url;
use crate::components::flash::ErrorBanner;

#[component]
pub fn CredentialReportPage() -> impl IntoView {
    let report = ServerAction::<CredentialReport>::new();
    view! {
        <Title text="Credential report"/>
        <h1>"Credential report"</h1>
        <section class="panel">
            <p>"The credential report lists all of the account's users and the status of their credentials: passwords, access keys and MFA devices. A report is generated at most once every four hours; downloading within that time gives the same report."</p>
            <button type="button" class="btn btn-primary" data-testid="download-report"
                disabled=move || report.pending().get()
                on:click=move |_| { report.dispatch(CredentialReport {}); }>
                {move || if report.pending().get() { "Generating report…" } else { "Download credentials report" }}
            </button>
            {move || report.value().get().map(|result| match result {
                Err(err) => view! { <ErrorBanner message=err.message/> }.into_any(),
                Ok(file) => {
                    let href = csv_data_url(&file.csv);
                    view! {
                        <p role="status">"Your report is ready: "
                            <a href=href download=file.file_name.clone() data-testid="report-file">{file.file_name.clone()}</a>
                        </p>
                    }.into_any()
                }
            })}
        </section>
    }
}
