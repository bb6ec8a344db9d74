//! HR's CSV import on `/hr`: upload, then either the invitation links of every hire or a
//! report of every problem (and nothing imported).

use crate::api::hires::import_hires;
use crate::components::form::{ErrorBanner, send_upload};
use crate::components::{island_ready, tr};
use leptos::prelude::*;
use mamoru_types::errors::input_text;
use mamoru_types::hires::{HireField, ImportOutcome, ImportProblem, ImportReason, ImportedHire};
use mamoru_types::i18n::{self, Text, format_jst};

/// The CSV upload, an island: the browser sends the chosen file and shows the answer.
#[island(lazy)]
pub fn ImportForm() -> impl IntoView {
    let upload = Action::new_local(|data: &leptos::web_sys::FormData| import_hires(data.clone().into()));
    let ready = island_ready();
    super::list_refresh::refresh_list_when(move || {
        upload.value().with(|v| matches!(v, Some(Ok(ImportOutcome::Imported(_)))))
    });
    let error = Signal::derive(move || upload.value().get().and_then(Result::err));
    view! {
        <form class="stack" on:submit=send_upload(upload)>
            <div class="field">
                <label for="import-csv">{tr(i18n::IMPORT_FILE)}</label>
                <input id="import-csv" type="file" name="csv" accept=".csv,text/csv" required />
                <p class="hint">{tr(i18n::IMPORT_HINT)}</p>
            </div>
            <button type="submit" class="button" disabled=move || !ready.get() || upload.pending().get()>
                {tr(i18n::IMPORT_SUBMIT)}
            </button>
        </form>
        <ErrorBanner error />
        {move || upload.value().get().and_then(Result::ok).map(|outcome| match outcome {
            ImportOutcome::Imported(hires) => view! { <Imported hires /> }.into_any(),
            ImportOutcome::Rejected(problems) => view! { <Report problems /> }.into_any(),
        })}
    }
}

#[component]
fn Imported(hires: Vec<ImportedHire>) -> impl IntoView {
    view! {
        <div class="created-link" role="status">
            <p><strong>{hires.len()}" "{tr(i18n::IMPORT_DONE)}</strong></p>
            <p class="hint">{tr(i18n::COPY_HINT)}</p>
            <table class="table">
                <tbody>
                    {hires.into_iter().map(|hire| view! {
                        <tr data-imported=hire.employee_number.clone()>
                            <td>{hire.name.clone()}<br /><span class="muted">{hire.employee_number.clone()}</span></td>
                            <td>
                                <input class="link-box" type="text" readonly value=hire.link aria-label=hire.name />
                                <span class="hint">{tr(i18n::EXPIRES)}": "{format_jst(hire.expires_at)}</span>
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// Every problem, by row and column: nothing was imported.
#[component]
fn Report(problems: Vec<ImportProblem>) -> impl IntoView {
    view! {
        <div class="import-report" role="alert">
            <p><strong>{tr(i18n::IMPORT_REJECTED)}</strong></p>
            <table class="table">
                <thead>
                    <tr>
                        <th scope="col">{tr(i18n::IMPORT_ROW)}</th>
                        <th scope="col">{tr(i18n::IMPORT_COLUMN)}</th>
                        <th scope="col">{tr(i18n::IMPORT_REASON)}</th>
                    </tr>
                </thead>
                <tbody>
                    {problems.into_iter().map(|p| view! {
                        <tr data-row=p.row>
                            <td>{if p.row == 0 { tr(i18n::IMPORT_WHOLE_FILE)().to_owned() } else { p.row.to_string() }}</td>
                            <td>{p.field.map(|f| tr(field_text(f)))}</td>
                            <td>{tr(reason_text(p.reason))}{duplicate_of(p.reason)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

fn duplicate_of(reason: ImportReason) -> Option<String> {
    match reason {
        ImportReason::Duplicate { first_row } => Some(format!(" ({first_row})")),
        _ => None,
    }
}

fn field_text(field: HireField) -> Text {
    match field {
        HireField::Name => i18n::FULL_NAME,
        HireField::Kana => i18n::KANA,
        HireField::Email => i18n::EMAIL,
        HireField::EmployeeNumber => i18n::EMPLOYEE_NUMBER,
        HireField::Site => i18n::SITE,
        HireField::StartDate => i18n::START_DATE,
    }
}

fn reason_text(reason: ImportReason) -> Text {
    match reason {
        ImportReason::Unreadable => i18n::IMPORT_UNREADABLE,
        ImportReason::NoRows => i18n::IMPORT_NO_ROWS,
        ImportReason::TooManyRows => i18n::IMPORT_TOO_MANY,
        ImportReason::MissingColumn => i18n::IMPORT_MISSING_COLUMN,
        ImportReason::CellCount => i18n::IMPORT_CELL_COUNT,
        ImportReason::Input(e) => input_text(e),
        ImportReason::Duplicate { .. } => i18n::IMPORT_DUPLICATE,
        ImportReason::EmployeeNumberTaken => i18n::ERR_EMPLOYEE_NUMBER_TAKEN,
        ImportReason::EmailTaken => i18n::ERR_EMAIL_TAKEN,
    }
}
