//! Email through SMTP, when a center configures it (`MAMORU_SMTP_URL`). Without it,
//! Mamoru shows HR the addresses and the message to send by hand.

use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// A ready SMTP connection setting and the sender. Its Debug output hides the URL: it
/// may hold the SMTP password.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("not an SMTP URL (smtp://user:password@host:587?tls=required, smtps://… or smtp://host:port)")]
    Url,
    #[error("not an email address")]
    Address,
    #[error("the message could not be built: {0}")]
    Build(String),
    #[error("the SMTP server refused or could not be reached: {0}")]
    Send(String),
}

impl Mailer {
    /// `url` as lettre reads it: `smtp://` (STARTTLS with `?tls=required`, plain without:
    /// only for a relay on the same network), `smtps://` (TLS). `from` is the sender.
    pub fn new(url: &str, from: &str) -> Result<Self, MailError> {
        let transport =
            AsyncSmtpTransport::<Tokio1Executor>::from_url(url).map_err(|_| MailError::Url)?.build();
        let from = from.parse().map_err(|_| MailError::Address)?;
        Ok(Self { transport, from })
    }

    pub async fn send(&self, to: &str, name: &str, subject: &str, body: String) -> Result<(), MailError> {
        let to = Mailbox::new(Some(name.to_owned()), to.parse().map_err(|_| MailError::Address)?);
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body)
            .map_err(|e| MailError::Build(e.to_string()))?;
        self.transport.send(message).await.map_err(|e| MailError::Send(e.to_string()))?;
        Ok(())
    }
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer").field("from", &self.from.to_string()).finish_non_exhaustive()
    }
}
