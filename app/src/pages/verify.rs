//! `/verify`: anyone holding a signed agreement checks it: upload the PDF, or type the
//! verification code printed on it (the PDF's QR code opens this page with the code).
//! The answer says genuine, altered or unknown, and nothing personal beyond a masked name.

use crate::api::nda::{verify_code, verify_pdf};
use crate::components::form::{ErrorBanner, send_upload};
use crate::components::{PageTitle, island_ready, tr};
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;
use mamoru_types::i18n;
use mamoru_types::nda::Verdict;

#[component]
pub fn VerifyPage() -> impl IntoView {
    let code = use_query_map().with_untracked(|q| q.get("code")).filter(|c| !c.trim().is_empty());
    let by_code = OnceResource::new({
        let code = code.clone();
        async move {
            match code {
                Some(code) => verify_code(code).await.map(Some),
                None => Ok(None),
            }
        }
    });
    view! {
        <PageTitle text=i18n::VERIFY_TITLE />
        <section class="page-head">
            <h1>{tr(i18n::VERIFY_TITLE)}</h1>
            <p class="lead">{tr(i18n::VERIFY_LEAD)}</p>
        </section>
        <div class="verify-grid">
            <section class="card">
                <h2>{tr(i18n::VERIFY_BY_FILE)}</h2>
                <PdfCheck />
            </section>
            <section class="card">
                <h2>{tr(i18n::VERIFY_BY_CODE)}</h2>
                <Form method="GET" action="/verify" attr:class="stack">
                    <div class="field">
                        <label for="verify-code">{tr(i18n::VERIFY_CODE_LABEL)}</label>
                        <input
                            type="text"
                            id="verify-code"
                            name="code"
                            autocomplete="off"
                            placeholder="XXXX-XXXX-XXXX"
                            value=code
                            required
                        />
                    </div>
                    <button type="submit" class="button button-primary">{tr(i18n::VERIFY_CHECK)}</button>
                </Form>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        match by_code.await {
                            Ok(Some(verdict)) => view! { <VerdictView verdict /> }.into_any(),
                            Ok(None) => ().into_any(),
                            Err(error) => view! { <ErrorBanner error=Some(error) /> }.into_any(),
                        }
                    })}
                </Suspense>
            </section>
        </div>
    }
}

/// The PDF upload: the browser sends the chosen file and shows the verdict (an island).
#[island(lazy)]
fn PdfCheck() -> impl IntoView {
    let upload = Action::new_local(|data: &leptos::web_sys::FormData| verify_pdf(data.clone().into()));
    let ready = island_ready();
    let upload_error = Signal::derive(move || upload.value().get().and_then(Result::err));
    view! {
        <form class="stack" on:submit=send_upload(upload)>
            <div class="field">
                <label for="verify-pdf">{tr(i18n::VERIFY_FILE_LABEL)}</label>
                <input id="verify-pdf" type="file" name="pdf" accept="application/pdf,.pdf" required />
            </div>
            <button type="submit" class="button button-primary" disabled=move || !ready.get() || upload.pending().get()>
                {tr(i18n::VERIFY_CHECK)}
            </button>
        </form>
        <ErrorBanner error=upload_error />
        {move || upload.value().get().and_then(Result::ok).map(|verdict| view! { <VerdictView verdict /> })}
    }
}

#[component]
fn VerdictView(verdict: Verdict) -> impl IntoView {
    match verdict {
        Verdict::Genuine { version, signed_on, signer } => view! {
            <div class="verdict verdict-ok" role="status" data-verdict="genuine">
                <p class="verdict-title">{tr(i18n::VERDICT_GENUINE)}</p>
                <dl class="facts">
                    <dt>{tr(i18n::NDA_VERSION)}</dt><dd>{version}</dd>
                    <dt>{tr(i18n::VERDICT_SIGNED_ON)}</dt><dd>{signed_on}</dd>
                    <dt>{tr(i18n::VERDICT_SIGNER)}</dt><dd>{signer}</dd>
                </dl>
            </div>
        }
        .into_any(),
        Verdict::Permit(permit) => {
            let in_force = permit.status.is_in_force();
            view! {
                <div class=if in_force { "verdict verdict-ok" } else { "verdict verdict-bad" } role="status" data-verdict="permit">
                    <p class="verdict-title">{tr(i18n::VERDICT_PERMIT)}" — "{tr(permit.status.text())}</p>
                    <dl class="facts">
                        <dt>{tr(i18n::EXCEPTION_KIND)}</dt><dd>{tr(permit.kind.text())}</dd>
                        <dt>{tr(i18n::EXCEPTION_IDENTIFIER)}</dt><dd>{permit.identifier}</dd>
                        <dt>{tr(i18n::EXCEPTION_SITE)}</dt><dd>{permit.site}</dd>
                        <dt>{tr(i18n::EXCEPTION_PERIOD)}</dt><dd>{permit.from}" – "{permit.until}</dd>
                        <dt>{tr(i18n::PERMIT_HOLDER)}</dt><dd>{permit.holder}</dd>
                    </dl>
                </div>
            }
            .into_any()
        }
        Verdict::Altered => view! {
            <div class="verdict verdict-bad" role="status" data-verdict="altered">
                <p class="verdict-title">{tr(i18n::VERDICT_ALTERED)}</p>
                <p>{tr(i18n::VERDICT_ALTERED_HINT)}</p>
            </div>
        }
        .into_any(),
        Verdict::Unknown => view! {
            <div class="verdict verdict-unknown" role="status" data-verdict="unknown">
                <p class="verdict-title">{tr(i18n::VERDICT_UNKNOWN)}</p>
                <p>{tr(i18n::VERDICT_UNKNOWN_HINT)}</p>
            </div>
        }
        .into_any(),
    }
}
