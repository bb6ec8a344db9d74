//! HR invites new hires and follows them.

#[cfg(feature = "ssr")]
use crate::{
    api::lang_of,
    server::{client_ip, require_role, state},
};
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use mamoru_core::hires;
use mamoru_types::accounts::CreatedInvite;
use mamoru_types::domain::HireId;
#[cfg(feature = "ssr")]
use mamoru_types::domain::Role;
use mamoru_types::errors::AppError;
use mamoru_types::hires::*;

#[server(endpoint = "hires/invite")]
pub async fn invite_hire(
    name: String,
    kana: String,
    email: String,
    employee_number: String,
    site: String,
    start_date: String,
) -> Result<CreatedInvite, AppError> {
    let hr = require_role(Role::can_manage_hires)?;
    let hire = hires::NewHire::parse([&name, &kana, &email, &employee_number, &site, &start_date])
        .map_err(|(_, e)| AppError::from(e))?;
    let link = hires::invite(&state()?, Some(&hr.user_id), &hire, client_ip()).await?;
    Ok(CreatedInvite { link: link.link, expires_at: link.expires_at })
}

/// One page of hires matching `filter`. A search is written to the audit log.
#[server(endpoint = "hires/list", input = leptos::server_fn::codec::Json)]
pub async fn list_hires(filter: HireFilter) -> Result<HirePage, AppError> {
    let hr = require_role(Role::can_manage_hires)?;
    hires::list(&state()?, &hr.user_id, &filter, client_ip()).await
}

#[server(endpoint = "hires/dashboard")]
pub async fn hire_dashboard() -> Result<Dashboard, AppError> {
    require_role(Role::can_manage_hires)?;
    hires::dashboard(&state()?).await
}

/// The addresses of the hires a reminder is `about` and its text, to send by hand.
#[server(endpoint = "reminders/draft")]
pub async fn draft_reminders(#[server(default)] about: Reminder) -> Result<ReminderDraft, AppError> {
    require_role(Role::can_manage_hires)?;
    hires::reminders::draft(&state()?, about).await
}

/// Emails every hire a reminder is `about` (SMTP must be configured).
#[server(endpoint = "reminders/send")]
pub async fn send_reminders(#[server(default)] about: Reminder) -> Result<ReminderReport, AppError> {
    let hr = require_role(Role::can_manage_hires)?;
    hires::reminders::send(&state()?, &hr.user_id, about, client_ip()).await
}

/// A hire's record; opening it is written to the audit log.
#[server(endpoint = "hires/record")]
pub async fn open_hire_record(hire_id: HireId, lang: String) -> Result<HireRecord, AppError> {
    let hr = require_role(Role::can_manage_hires)?;
    hires::record::open(&state()?, &hr.user_id, &hire_id, lang_of(&lang), client_ip()).await
}

/// A new invitation link for a hire who has not registered; the old one stops working.
#[server(endpoint = "hires/resend")]
pub async fn resend_invite(hire_id: HireId) -> Result<CreatedInvite, AppError> {
    let hr = require_role(Role::can_manage_hires)?;
    let link = hires::resend(&state()?, &hr.user_id, &hire_id, client_ip()).await?;
    Ok(CreatedInvite { link: link.link, expires_at: link.expires_at })
}

/// Withdraws an unused invitation; the hire leaves the list (where a form post lands).
#[server(endpoint = "hires/cancel")]
pub async fn cancel_invite(hire_id: HireId) -> Result<(), AppError> {
    let hr = require_role(Role::can_manage_hires)?;
    hires::cancel(&state()?, &hr.user_id, &hire_id, client_ip()).await?;
    crate::server::continue_to("/hr");
    Ok(())
}

/// A leaver: ends their sessions and revokes their card at once.
#[server(endpoint = "hires/deactivate")]
pub async fn deactivate_hire(hire_id: HireId) -> Result<(), AppError> {
    let hr = require_role(Role::can_manage_hires)?;
    hires::deactivate(&state()?, &hr.user_id, &hire_id).await
}

/// Invites every hire in a CSV file (form field `csv`), or none if any row has a problem.
#[server(endpoint = "hires/import", input = leptos::server_fn::codec::MultipartFormData)]
pub async fn import_hires(data: leptos::server_fn::codec::MultipartData) -> Result<ImportOutcome, AppError> {
    let hr = require_role(Role::can_manage_hires)?;
    let bytes = crate::server::read_upload(data, "csv", hires::import::MAX_BYTES)
        .await
        .ok_or(AppError::CsvMissing)?;
    hires::import::run(&state()?, &hr.user_id, &bytes, client_ip()).await
}
