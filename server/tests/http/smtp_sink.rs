//! A local SMTP server for the tests: it accepts every message and keeps it, so a test can
//! read what Mamoru sent without any mail server on the machine.

use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

#[derive(Debug, Clone, Default)]
pub struct Mail {
    pub to: Vec<String>,
    /// The message as sent (headers and encoded body).
    pub data: String,
}

impl Mail {
    /// The body as text, decoded from the transfer encoding the sender chose.
    pub fn text(&self) -> String {
        let (headers, body) = self.data.split_once("\n\n").unwrap_or((&self.data, ""));
        let headers = headers.to_ascii_lowercase();
        let bytes = if headers.contains("content-transfer-encoding: base64") {
            use base64::Engine;
            let joined: String = body.split_whitespace().collect();
            base64::engine::general_purpose::STANDARD.decode(joined).expect("base64")
        } else if headers.contains("content-transfer-encoding: quoted-printable") {
            unquote(&body.replace("=\n", ""))
        } else {
            body.as_bytes().to_vec()
        };
        String::from_utf8(bytes).expect("utf-8")
    }
}

/// Quoted-printable's `=XX` escapes, decoded (soft line breaks already removed).
fn unquote(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'=')
            .then(|| bytes.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok());
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    out
}

pub struct SmtpSink {
    /// `smtp://127.0.0.1:PORT`: plain SMTP, as a relay on the same machine.
    pub url: String,
    received: Arc<watch::Sender<Vec<Mail>>>,
}

impl SmtpSink {
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind sink");
        let url = format!("smtp://{}", listener.local_addr().expect("addr"));
        let received = Arc::new(watch::Sender::new(Vec::new()));
        let store = Arc::clone(&received);
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(session(stream, Arc::clone(&store)));
            }
        });
        Self { url, received }
    }

    pub fn received(&self) -> Vec<Mail> {
        self.received.borrow().clone()
    }

    /// The mail received once there are `count` (sent after the answer, say); fails the
    /// test if they do not arrive within ten seconds.
    pub async fn wait_for(&self, count: usize) -> Vec<Mail> {
        let mut receiver = self.received.subscribe();
        let arrived = tokio::time::timeout(Duration::from_secs(10), receiver.wait_for(|m| m.len() >= count));
        arrived.await.expect("the mail arrives").expect("the sink is open").clone()
    }
}

/// One SMTP conversation: just enough of RFC 5321 for a client that sends and quits.
async fn session(stream: TcpStream, received: Arc<watch::Sender<Vec<Mail>>>) -> std::io::Result<()> {
    let (reader, mut writer) = stream.into_split();
    let mut lines = BufReader::new(reader).lines();
    writer.write_all(b"220 sink ESMTP\r\n").await?;
    let mut mail = Mail::default();
    while let Some(line) = lines.next_line().await? {
        let command = line.to_ascii_uppercase();
        let reply: &[u8] = if command.starts_with("EHLO") || command.starts_with("HELO") {
            b"250-sink\r\n250 8BITMIME\r\n"
        } else if command.starts_with("RCPT TO:") {
            mail.to.push(line[8..].trim().to_owned());
            b"250 ok\r\n"
        } else if command.starts_with("DATA") {
            writer.write_all(b"354 go on\r\n").await?;
            while let Some(data) = lines.next_line().await? {
                if data == "." {
                    break;
                }
                mail.data.push_str(&data);
                mail.data.push('\n');
            }
            let done = std::mem::take(&mut mail);
            received.send_modify(|all| all.push(done));
            b"250 queued\r\n"
        } else if command.starts_with("QUIT") {
            writer.write_all(b"221 bye\r\n").await?;
            return Ok(());
        } else {
            // MAIL FROM, RSET, NOOP
            b"250 ok\r\n"
        };
        writer.write_all(reply).await?;
    }
    Ok(())
}
