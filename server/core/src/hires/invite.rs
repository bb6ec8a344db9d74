//! Inviting a hire (their record and invitation together), and changing an invitation or
//! a hire afterwards: a new link, a withdrawn invitation, a leaver.

use super::rules;
use crate::Core;
use crate::accounts::{self, InviteLink};
use crate::store::{audit, hires, invites};
use crate::tokens;
use mamoru_types::audit::AuditAction;
use mamoru_types::domain::{
    Email, EmployeeNumber, HireId, InputError, Kana, Label, PersonName, Role, StartDate, UserId,
};
use mamoru_types::errors::AppError;
use mamoru_types::hires::{HireField, HireState};
use sqlx::AnyConnection;
use std::net::IpAddr;

/// A hire as HR enters them.
pub struct NewHire {
    pub name: PersonName,
    pub kana: Kana,
    pub email: Email,
    pub employee_number: EmployeeNumber,
    pub site: Label,
    pub start_date: StartDate,
}

impl NewHire {
    /// Parses the details in [`HireField::ALL`] order; the error names the field at fault.
    pub fn parse(fields: [&str; 6]) -> Result<NewHire, (HireField, InputError)> {
        let [name, kana, email, employee_number, site, start_date] = fields;
        let at = |field| move |e| (field, e);
        Ok(NewHire {
            name: PersonName::parse(name).map_err(at(HireField::Name))?,
            kana: Kana::parse(kana).map_err(at(HireField::Kana))?,
            email: Email::parse(email).map_err(at(HireField::Email))?,
            employee_number: EmployeeNumber::parse(employee_number).map_err(at(HireField::EmployeeNumber))?,
            site: Label::parse(site).map_err(at(HireField::Site))?,
            start_date: StartDate::parse(start_date).map_err(at(HireField::StartDate))?,
        })
    }
}

/// Records a hire and creates their invitation, together.
#[tracing::instrument(skip_all, fields(actor = ?hr))]
pub async fn invite(
    state: &Core,
    hr: Option<&UserId>,
    hire: &NewHire,
    ip: Option<IpAddr>,
) -> Result<InviteLink, AppError> {
    let mut tx = state.store.write().await?;
    let link = invite_in(&mut tx, state, hr, hire, ip).await?;
    tx.commit().await?;
    Ok(link)
}

/// [`invite`] inside the caller's transaction.
pub(super) async fn invite_in(
    tx: &mut AnyConnection,
    state: &Core,
    hr: Option<&UserId>,
    hire: &NewHire,
    ip: Option<IpAddr>,
) -> Result<InviteLink, AppError> {
    if hires::employee_number_taken(tx, hire.employee_number.as_str()).await? {
        return Err(AppError::EmployeeNumberTaken);
    }
    if email_taken(tx, &hire.email, state.now()).await? {
        return Err(AppError::EmailTaken);
    }
    let (invite_id, link) =
        accounts::insert_invite(tx, state, hr, &hire.email, &hire.name, Role::Hire).await?;
    let record = hires::Hire {
        id: HireId::new(tokens::new_id()),
        invite_id,
        user_id: None,
        employee_number: hire.employee_number.as_str().to_owned(),
        name: hire.name.as_str().to_owned(),
        kana: hire.kana.as_str().to_owned(),
        email: hire.email.as_str().to_owned(),
        site: hire.site.as_str().to_owned(),
        start_date: hire.start_date.iso(),
        created_at: state.now(),
        search_text: [
            hire.name.as_str(),
            hire.kana.as_str(),
            hire.email.as_str(),
            hire.employee_number.as_str(),
        ]
        .map(rules::fold)
        .join("\n"),
    };
    hires::insert(tx, &record).await.map_err(|e| {
        if crate::store::is_duplicate(&e) { AppError::EmployeeNumberTaken } else { AppError::from(e) }
    })?;
    let detail = serde_json::json!({ "employee_number": record.employee_number });
    audit::record(
        tx,
        record.created_at,
        hr.map_or("cli", UserId::as_str),
        AuditAction::HireInvited,
        record.id.as_str(),
        detail,
        ip,
    )
    .await?;
    Ok(link)
}

/// Whether a new hire may not have this address: an account, a pending invitation or
/// another hire's record has it (a hire whose invitation expired gets a new link with
/// "re-send", not a second record).
pub(super) async fn email_taken(
    conn: &mut AnyConnection,
    email: &Email,
    now: i64,
) -> Result<bool, sqlx::Error> {
    Ok(accounts::email_taken(conn, email, now).await? || hires::email_taken(conn, email.as_str()).await?)
}

/// A new invitation link for a hire who has not registered yet; the old link stops
/// working.
#[tracing::instrument(skip_all, fields(actor = %hr, hire_id = %hire_id))]
pub async fn resend(
    state: &Core,
    hr: &UserId,
    hire_id: &HireId,
    ip: Option<IpAddr>,
) -> Result<InviteLink, AppError> {
    let now = state.now();
    let mut tx = state.store.write().await?;
    // The table lock that creating the new invitation takes comes first: taken after the
    // void below, two re-sends would deadlock on PostgreSQL.
    invites::lock_for_new(&mut tx).await?;
    let hire = unregistered(&mut tx, hire_id).await?;
    invites::void(&mut tx, &hire.invite_id, now).await?;
    let email = Email::parse(&hire.email)?;
    let name = PersonName::parse(&hire.name)?;
    let (invite_id, link) =
        accounts::insert_invite(&mut tx, state, Some(hr), &email, &name, Role::Hire).await?;
    hires::set_invite(&mut tx, hire_id, &invite_id).await?;
    let detail = serde_json::json!({ "employee_number": hire.employee_number });
    audit::record(&mut tx, now, hr, AuditAction::HireInviteResent, hire_id, detail, ip).await?;
    tx.commit().await?;
    Ok(link)
}

/// Withdraws the invitation of a hire who has not registered: the link stops working and
/// the hire leaves the list (the audit log keeps who they were).
#[tracing::instrument(skip_all, fields(actor = %hr, hire_id = %hire_id))]
pub async fn cancel(state: &Core, hr: &UserId, hire_id: &HireId, ip: Option<IpAddr>) -> Result<(), AppError> {
    let now = state.now();
    let mut tx = state.store.write().await?;
    let hire = unregistered(&mut tx, hire_id).await?;
    invites::void(&mut tx, &hire.invite_id, now).await?;
    // Re-checked in the delete: an acceptance racing this cancel wins.
    if !hires::delete_unregistered(&mut tx, hire_id).await? {
        return Err(AppError::InviteAccepted);
    }
    let detail = serde_json::json!({ "employee_number": hire.employee_number, "name": hire.name });
    audit::record(&mut tx, now, hr, AuditAction::HireInviteCancelled, hire_id, detail, ip).await?;
    tx.commit().await?;
    Ok(())
}

/// A leaver: their account is disabled, their sessions end and their card is revoked.
#[tracing::instrument(skip_all, fields(actor = %hr, hire_id = %hire_id))]
pub async fn deactivate(state: &Core, hr: &UserId, hire_id: &HireId) -> Result<(), AppError> {
    let mut conn = state.store.pool().acquire().await?;
    let listed = hires::by_id(&mut conn, hire_id).await?.ok_or(AppError::NotFound)?;
    drop(conn);
    let user_id = listed.hire.user_id.ok_or(AppError::NotRegistered)?;
    if listed.standing.state == HireState::Deactivated {
        return Ok(()); // already done: a second click changes nothing
    }
    accounts::disable(state, Some(hr), &user_id).await
}

async fn unregistered(conn: &mut AnyConnection, hire_id: &HireId) -> Result<hires::Hire, AppError> {
    hires::lock_unregistered(conn, hire_id).await?;
    let listed = hires::by_id(conn, hire_id).await?.ok_or(AppError::NotFound)?;
    if listed.hire.user_id.is_some() {
        return Err(AppError::InviteAccepted);
    }
    Ok(listed.hire)
}
