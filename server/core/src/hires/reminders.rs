//! Reminders to hires whose start date passed without completing, and to those whose
//! certification ends soon or has ended: by email when SMTP is configured, otherwise the
//! addresses and the message for HR to send by hand.

use super::{Moment, hires, today};
use crate::Core;
use crate::store::audit;
use mamoru_types::audit::AuditAction;
use mamoru_types::domain::UserId;
use mamoru_types::errors::AppError;
use mamoru_types::hires::{Recipient, Reminder, ReminderDraft, ReminderReport};
use std::net::IpAddr;

fn subject(about: Reminder) -> &'static str {
    match about {
        Reminder::Overdue => {
            "【Mamoru】研修と秘密保持誓約書を完了してください / Please complete your onboarding"
        }
        Reminder::Expiring => {
            "【Mamoru】研修と秘密保持誓約書の有効期限が近づいています / Your privacy training is due for renewal"
        }
    }
}

/// The message, greeting `name` (or everyone at once, for a message sent by hand).
fn body(about: Reminder, name: Option<&str>, public_url: &str) -> String {
    let (ja, en) = match name {
        Some(name) => (format!("{name} 様"), format!("Dear {name},")),
        None => ("新入社員の皆さま".to_owned(), "Dear new colleague,".to_owned()),
    };
    match about {
        Reminder::Overdue => overdue_body(&ja, &en, public_url),
        Reminder::Expiring => expiring_body(&ja, &en, public_url),
    }
}

fn overdue_body(ja: &str, en: &str, public_url: &str) -> String {
    format!(
        "{ja}\n\n\
         入社日を過ぎましたが、お客さまの個人情報を扱う前に必要な研修（確認テスト）と\n\
         秘密保持誓約書の署名がまだ完了していません。\n\
         次のページからサインインして、残りの手順を進めてください。\n\
         {public_url}/login\n\
         招待リンクの期限が切れている場合は、人事担当者に新しいリンクを依頼してください。\n\n\
         {en}\n\n\
         Your start date has passed, but the privacy training (with its quizzes) and the\n\
         confidentiality agreement are not complete yet. Sign in and finish the remaining steps:\n\
         {public_url}/login\n\
         If your invitation link has expired, ask HR for a new one.\n"
    )
}

fn expiring_body(ja: &str, en: &str, public_url: &str) -> String {
    format!(
        "{ja}\n\n\
         個人情報保護の研修と秘密保持誓約書には有効期限があり、あなたの期限は30日以内に\n\
         切れるか、すでに切れています。サインインして「受講し直す」を押し、研修と確認テストを\n\
         受け直して、誓約書に改めて署名してください。\n\
         {public_url}/login\n\n\
         {en}\n\n\
         Your privacy training and confidentiality agreement are valid for a limited time, and\n\
         yours ends within 30 days or has ended. Sign in, choose \"Retake the training\", pass the quizzes\n\
         again and sign the agreement again:\n\
         {public_url}/login\n"
    )
}

/// The hires a reminder is `about`.
async fn recipients(state: &Core, about: Reminder) -> Result<Vec<hires::Hire>, AppError> {
    let moment = Moment::of(state);
    let mut conn = state.store.pool().acquire().await?;
    let (listed, _) = match about {
        Reminder::Overdue => hires::overdue(&mut conn, &today(moment.now), i64::MAX).await?,
        Reminder::Expiring => super::expiring(&mut conn, moment, i64::MAX).await?,
    };
    Ok(listed.into_iter().map(|l| l.hire).collect())
}

/// Who would be reminded, and the message: for HR to copy when SMTP is not configured.
#[tracing::instrument(skip_all)]
pub async fn draft(state: &Core, about: Reminder) -> Result<ReminderDraft, AppError> {
    let recipients = recipients(state, about)
        .await?
        .into_iter()
        .map(|h| Recipient { name: h.name, email: h.email, employee_number: h.employee_number })
        .collect();
    Ok(ReminderDraft {
        recipients,
        subject: subject(about).to_owned(),
        body: body(about, None, &state.settings.public_url),
        can_send: state.mailer.is_some(),
    })
}

/// Emails every hire the reminder is `about`; each reminder sent is written to the audit
/// log. A failure for one hire does not stop the others: the report names them.
#[tracing::instrument(skip_all, fields(actor = %hr))]
pub async fn send(
    state: &Core,
    hr: &UserId,
    about: Reminder,
    ip: Option<IpAddr>,
) -> Result<ReminderReport, AppError> {
    let mailer = state.mailer.as_ref().ok_or(AppError::MailNotConfigured)?;
    let mut sent = Vec::new();
    let mut failed = Vec::new();
    for hire in recipients(state, about).await? {
        let text = body(about, Some(&hire.name), &state.settings.public_url);
        match mailer.send(&hire.email, &hire.name, subject(about), text).await {
            Ok(()) => sent.push(hire),
            Err(error) => {
                tracing::warn!(employee_number = %hire.employee_number, %error, "reminder not sent");
                failed.push(hire.employee_number);
            }
        }
    }
    let now = state.now();
    let mut tx = state.store.write().await?;
    for hire in &sent {
        let detail = serde_json::json!({ "employee_number": hire.employee_number, "about": about });
        audit::record(&mut tx, now, hr, AuditAction::HireReminded, &hire.id, detail, ip).await?;
    }
    let detail = serde_json::json!({ "about": about, "sent": sent.len(), "failed": failed });
    audit::record(&mut tx, now, hr, AuditAction::RemindersSent, hr, detail, ip).await?;
    tx.commit().await?;
    Ok(ReminderReport { sent: sent.len(), failed })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_greets_the_hire_in_both_languages_and_links_to_sign_in() {
        for about in [Reminder::Overdue, Reminder::Expiring] {
            let text = body(about, Some("新人 太郎"), "https://mamoru.example.jp");
            assert!(text.starts_with("新人 太郎 様"));
            assert!(text.contains("Dear 新人 太郎,"));
            assert_eq!(text.matches("https://mamoru.example.jp/login").count(), 2);
            assert!(body(about, None, "https://x.example").starts_with("新入社員の皆さま"));
        }
        assert!(body(Reminder::Expiring, None, "https://x.example").contains("受講し直す"));
    }
}
