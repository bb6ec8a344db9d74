//! A local SMTP server for the tests: it accepts every message and keeps it, so a test can
//! read what Mamoru sent without any mail server on the machine.

use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

#[derive(Debug, Clone, Default)]
pub struct Mail {
    pub to: Vec<String>,
    /// The message as sent (headers and encoded body).
    pub data: String,
}

pub struct SmtpSink {
    /// `smtp://127.0.0.1:PORT`: plain SMTP, as a relay on the same machine.
    pub url: String,
    received: Arc<Mutex<Vec<Mail>>>,
}

impl SmtpSink {
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind sink");
        let url = format!("smtp://{}", listener.local_addr().expect("addr"));
        let received = Arc::new(Mutex::new(Vec::new()));
        let store = Arc::clone(&received);
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(session(stream, Arc::clone(&store)));
            }
        });
        Self { url, received }
    }

    pub fn received(&self) -> Vec<Mail> {
        self.received.lock().expect("sink lock").clone()
    }
}

/// One SMTP conversation: just enough of RFC 5321 for a client that sends and quits.
async fn session(stream: TcpStream, received: Arc<Mutex<Vec<Mail>>>) -> std::io::Result<()> {
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
            received.lock().expect("sink lock").push(std::mem::take(&mut mail));
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
