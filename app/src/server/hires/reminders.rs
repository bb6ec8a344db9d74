//! Reminders to hires whose start date passed without completing: by email when SMTP is
//! configured, otherwise the addresses and the message for HR to send by hand.

use super::{hires, today};
use crate::api::hires::{Recipient, ReminderDraft, ReminderReport};
use crate::errors::AppError;
use crate::server::AppState;
use crate::server::store::audit;
use std::net::IpAddr;

const SUBJECT: &str = "【Mamoru】研修と秘密保持誓約書を完了してください / Please complete your onboarding";

/// The message, greeting `name` (or every hire at once, for a message sent by hand).
fn body(name: Option<&str>, public_url: &str) -> String {
    let (ja, en) = match name {
        Some(name) => (format!("{name} 様"), format!("Dear {name},")),
        None => ("新入社員の皆さま".to_owned(), "Dear new colleague,".to_owned()),
    };
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

async fn overdue(state: &AppState) -> Result<Vec<hires::Hire>, AppError> {
    let mut conn = state.store.pool().acquire().await?;
    let (listed, _) = hires::overdue(&mut conn, &today(state.now()), i64::MAX).await?;
    Ok(listed.into_iter().map(|l| l.hire).collect())
}

/// Who would be reminded, and the message: for HR to copy when SMTP is not configured.
pub async fn draft(state: &AppState) -> Result<ReminderDraft, AppError> {
    let recipients = overdue(state)
        .await?
        .into_iter()
        .map(|h| Recipient { name: h.name, email: h.email, employee_number: h.employee_number })
        .collect();
    Ok(ReminderDraft {
        recipients,
        subject: SUBJECT.to_owned(),
        body: body(None, &state.settings.public_url),
        can_send: state.mailer.is_some(),
    })
}

/// Emails every overdue hire; each reminder sent is written to the audit log. A failure
/// for one hire does not stop the others: the report names them.
pub async fn send(state: &AppState, hr: &str, ip: Option<IpAddr>) -> Result<ReminderReport, AppError> {
    let mailer = state.mailer.as_ref().ok_or(AppError::MailNotConfigured)?;
    let mut sent = Vec::new();
    let mut failed = Vec::new();
    for hire in overdue(state).await? {
        let text = body(Some(&hire.name), &state.settings.public_url);
        match mailer.send(&hire.email, &hire.name, SUBJECT, text).await {
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
        let detail = serde_json::json!({ "employee_number": hire.employee_number });
        audit::record(&mut tx, now, hr, "hire.reminded", &hire.id, detail, ip).await?;
    }
    let detail = serde_json::json!({ "sent": sent.len(), "failed": failed });
    audit::record(&mut tx, now, hr, "reminders.sent", hr, detail, ip).await?;
    tx.commit().await?;
    Ok(ReminderReport { sent: sent.len(), failed })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_greets_the_hire_in_both_languages_and_links_to_sign_in() {
        let text = body(Some("新人 太郎"), "https://mamoru.example.jp");
        assert!(text.starts_with("新人 太郎 様"));
        assert!(text.contains("Dear 新人 太郎,"));
        assert_eq!(text.matches("https://mamoru.example.jp/login").count(), 2);
        assert!(body(None, "https://x.example").starts_with("新入社員の皆さま"));
    }
}
