//! The `mamoru` command line: `serve` (default), `migrate`, `user create|disable|reset-mfa`, `invite`,
//! `course check`, `audit verify|checkpoint`, `keys rotate`, `verify-pdf`, `verify-bundle`.

use crate::config::{Config, RawConfig};
use crate::startup::{Application, open_state};
use clap::{Parser, Subcommand};
use mamoru_core::{SystemClock, accounts, course, hires, keys};
use mamoru_seal::keys::KeyRing;
use mamoru_types::domain::{Email, Password, PersonName, Role};
use std::io::{BufRead, Write};
use std::sync::Arc;

#[derive(Debug, Parser)]
#[command(name = "mamoru", version, about = "Mamoru: privacy onboarding for call centers")]
pub struct Cli {
    /// A TOML configuration file; MAMORU_* environment variables override it.
    #[arg(long, env = "MAMORU_CONFIG", global = true)]
    pub config: Option<String>,
    /// Log format: pretty (default) or json. Overrides MAMORU_LOG_FORMAT.
    #[arg(long, global = true, value_name = "pretty|json")]
    pub log_format: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web application (the default).
    Serve,
    /// Create or update the database schema, then exit.
    Migrate {
        /// PostgreSQL: let ROLE serve Mamoru with no right to change or remove audit entries
        /// and signatures (run `mamoru serve` as ROLE, this as the database's owner).
        #[arg(long, value_name = "ROLE")]
        grant_runtime: Option<String>,
    },
    /// Manage staff accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Check course content (the course Mamoru would use, or the one in DIR).
    #[command(subcommand)]
    Course(CourseCommand),
    /// Invite a new hire and print the one-time link to give them.
    Invite {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// The name's reading in katakana or hiragana.
        #[arg(long)]
        kana: String,
        #[arg(long)]
        employee_number: String,
        #[arg(long)]
        site: String,
        /// YYYY-MM-DD.
        #[arg(long)]
        start_date: String,
    },
    /// The audit log.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Check a signed agreement PDF offline; exits non-zero unless it is genuine.
    VerifyPdf(OfflineCheck),
    /// Check a hire's evidence bundle (ZIP) offline; exits non-zero unless every file
    /// matches the sealed manifest.
    VerifyBundle(OfflineCheck),
    /// The platform key.
    #[command(subcommand)]
    Keys(KeysCommand),
}

#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Make a new platform key: new seals use it; the old one is kept, verify-only, so
    /// earlier PDFs, bundles and grants still verify; kiosks move to the new key through a
    /// statement the old key signs.
    Rotate,
}

/// A file to check against the platform keys, offline.
#[derive(Debug, clap::Args)]
pub struct OfflineCheck {
    file: std::path::PathBuf,
    /// A platform public key (base64url, as published at /.well-known/mamoru-keys.json);
    /// repeat it for each key the center has used. Default: the key in the data directory
    /// and the keys the center's database records (those retired by a rotation too).
    // base64url keys may start with '-': 1 in 64 keys would otherwise read as a flag.
    #[arg(long, value_name = "KEY", allow_hyphen_values = true)]
    public_key: Vec<String>,
}

impl OfflineCheck {
    async fn keys(&self, config: &Config) -> Result<KeyRing, CliError> {
        if !self.public_key.is_empty() {
            let keys = self.public_key.iter().map(|text| {
                mamoru_seal::kiosk::decode_public_key(text).ok_or_else(|| {
                    CliError(
                        "--public-key must be a base64url Ed25519 key from /.well-known/mamoru-keys.json"
                            .into(),
                    )
                })
            });
            return keys.collect::<Result<Vec<_>, _>>().map(KeyRing::new);
        }
        let own = keys::PlatformKey::load(&config.key_file).map_err(CliError::from)?.verifying_key();
        let mut ring = vec![own];
        ring.extend(recorded_keys(config).await.into_iter().filter(|key| *key != own));
        Ok(KeyRing::new(ring))
    }

    fn read(&self) -> Result<Vec<u8>, CliError> {
        std::fs::read(&self.file).map_err(|e| CliError(format!("cannot read {}: {e}", self.file.display())))
    }
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an admin, HR or manager account; the password is read from standard input.
    Create {
        #[arg(long)]
        role: String,
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
    },
    /// Disable an account and end all its sessions.
    Disable {
        #[arg(long)]
        email: String,
    },
    /// Remove an account's authenticator and recovery codes (lost with a phone) and end its
    /// sessions; the person sets up a new one at their next sign-in.
    ResetMfa {
        #[arg(long)]
        email: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Walk the hash chain from the first entry; exits non-zero and names the first entry
    /// that does not match if any was changed, deleted, reordered or added behind
    /// Mamoru's back. Checks the checkpoints Mamoru wrote into the log, and with
    /// --checkpoint that the log still extends a checkpoint kept outside Mamoru.
    Verify {
        /// A checkpoint written by `mamoru audit checkpoint`.
        #[arg(long, value_name = "FILE")]
        checkpoint: Option<std::path::PathBuf>,
    },
    /// Print a checkpoint of the log (its last entry's number and hash, sealed with the
    /// platform key) to keep outside Mamoru, where the database's owner cannot change it.
    Checkpoint,
}

#[derive(Debug, Subcommand)]
pub enum CourseCommand {
    /// Validate course content and list its modules; exits non-zero on any problem.
    Check {
        /// A course directory (course.toml, modules/). Default: the data directory's
        /// `course/` if present, else the built-in course.
        dir: Option<std::path::PathBuf>,
    },
}

/// A failed command: what to tell the operator.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct CliError(pub String);

impl CliError {
    fn from(e: impl std::fmt::Display) -> Self {
        Self(e.to_string())
    }
}

pub fn load_config(cli: &Cli) -> Result<Config, CliError> {
    RawConfig::load(cli.config.as_deref(), |var| std::env::var(var).ok())
        .map(|mut raw| {
            if cli.log_format.is_some() {
                raw.log_format.clone_from(&cli.log_format);
            }
            raw
        })
        .and_then(RawConfig::validate)
        .map_err(CliError::from)
}

pub async fn run(cli: Cli, config: Config) -> Result<(), CliError> {
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(config).await,
        Command::Migrate { grant_runtime } => {
            let state = open_state(&config, Arc::new(SystemClock)).await.map_err(CliError::from)?.core;
            say("database is up to date")?;
            let Some(role) = grant_runtime else { return Ok(()) };
            state.store.grant_runtime(&role).await.map_err(CliError::from)?;
            say(&format!(
                "{role} may now serve Mamoru: it reads and writes the ordinary tables and only reads and appends to the audit log and signatures"
            ))
        }
        Command::User(UserCommand::Create { role, email, name }) => {
            let role: Role =
                role.parse().map_err(|_| CliError("--role must be admin, hr or manager".into()))?;
            if role == Role::Hire {
                return Err(CliError("hires join through an invitation: use `mamoru invite`".into()));
            }
            let email = Email::parse(&email).map_err(CliError::from)?;
            let name = PersonName::parse(&name).map_err(CliError::from)?;
            let password = Password::parse(&read_password()?).map_err(CliError::from)?;
            let state = open_state(&config, Arc::new(SystemClock)).await.map_err(CliError::from)?.core;
            accounts::create_user(&state, &email, &name, role, &password).await.map_err(CliError::from)?;
            say(&format!("created {role} account for {email}"))
        }
        Command::User(UserCommand::Disable { email }) => {
            let email = Email::parse(&email).map_err(CliError::from)?;
            let state = open_state(&config, Arc::new(SystemClock)).await.map_err(CliError::from)?.core;
            let id = accounts::user_id_by_email(&state, &email)
                .await
                .map_err(|_| CliError(format!("no account for {email}")))?;
            accounts::disable(&state, None, &id)
                .await
                .map_err(|_| CliError(format!("{email} is already disabled")))?;
            say(&format!("disabled {email} and ended their sessions"))
        }
        Command::User(UserCommand::ResetMfa { email }) => {
            let email = Email::parse(&email).map_err(CliError::from)?;
            let state = open_state(&config, Arc::new(SystemClock)).await.map_err(CliError::from)?.core;
            let id = accounts::user_id_by_email(&state, &email)
                .await
                .map_err(|_| CliError(format!("no account for {email}")))?;
            mamoru_core::second_factor::reset(&state, None, &id).await.map_err(|e| match e {
                mamoru_types::errors::AppError::NotFound => CliError(format!("{email} has no authenticator")),
                other => CliError::from(other),
            })?;
            say(&format!("removed the authenticator of {email} and ended their sessions"))
        }
        Command::Course(CourseCommand::Check { dir }) => check_course(dir, &config),
        Command::Audit(AuditCommand::Verify { checkpoint }) => verify_audit_log(&config, checkpoint).await,
        Command::Audit(AuditCommand::Checkpoint) => {
            let state = open_state(&config, Arc::new(SystemClock)).await.map_err(CliError::from)?.core;
            let sealed = mamoru_core::checkpoint::make(&state).await.map_err(CliError::from)?;
            say(&sealed.to_json())
        }
        Command::VerifyPdf(check) => verify_pdf(&check, &config).await,
        Command::VerifyBundle(check) => verify_bundle(&check, &config).await,
        Command::Keys(KeysCommand::Rotate) => {
            let state = open_state(&config, Arc::new(SystemClock)).await.map_err(CliError::from)?.core;
            let (from, to) = keys::PlatformKey::rotate(&state.store, &config.key_file, state.now())
                .await
                .map_err(CliError::from)?;
            say(&format!(
                "the center now seals with key {to}; key {from} is retired and keeps verifying what it sealed.\nCopy {} (mode 0600) to every other instance and restart them all; kiosks move to the new key by themselves.",
                config.key_file.display()
            ))
        }
        Command::Invite { email, name, kana, employee_number, site, start_date } => {
            let hire = hires::NewHire::parse([&name, &kana, &email, &employee_number, &site, &start_date])
                .map_err(|(_, e)| CliError::from(e))?;
            let state = open_state(&config, Arc::new(SystemClock)).await.map_err(CliError::from)?.core;
            let invite = hires::invite(&state, None, &hire, None).await.map_err(CliError::from)?;
            say(&format!(
                "invitation for {} <{}> (valid until {}):\n{}",
                hire.name.as_str(),
                hire.email.as_str(),
                mamoru_types::i18n::format_jst(invite.expires_at),
                invite.link
            ))
        }
    }
}

async fn verify_audit_log(config: &Config, checkpoint: Option<std::path::PathBuf>) -> Result<(), CliError> {
    use mamoru_core::checkpoint::{self, Verdict, Written};
    use mamoru_core::store::audit::{self, Chain};
    let state = open_state(config, Arc::new(SystemClock)).await.map_err(CliError::from)?.core;
    let mut conn = state.store.pool().acquire().await.map_err(CliError::from)?;
    let (entries, head) = match audit::verify(&mut conn).await.map_err(CliError::from)? {
        Chain::Intact { entries, head } => (entries, head),
        Chain::Broken { seq, problem } => return Err(broken_log(seq, problem)),
    };
    let door_events =
        match mamoru_core::store::door_events::verify(&mut conn).await.map_err(CliError::from)? {
            Chain::Intact { entries, .. } => entries,
            Chain::Broken { seq, problem } => return Err(broken_chain("the door events", seq, problem)),
        };
    let key = state.keys.ring();
    let written = match checkpoint::check_written(&mut conn, key).await.map_err(CliError::from)? {
        Written::AllHold { count } => count,
        Written::Fails { seq } => {
            return Err(CliError(format!(
                "the audit log is BROKEN: the checkpoint in entry #{seq} is not sealed by this center's key or names an entry the log no longer holds: the log was rewritten. Restore the database from a backup and investigate."
            )));
        }
    };
    say(&format!(
        "the audit log is intact: {entries} entries, last hash {head}; {written} checkpoints in the log hold; {door_events} door events chained intact"
    ))?;
    let Some(path) = checkpoint else { return Ok(()) };
    let text = std::fs::read_to_string(&path)
        .map_err(|e| CliError(format!("cannot read the checkpoint {}: {e}", path.display())))?;
    match checkpoint::check(&mut conn, &text, key).await.map_err(CliError::from)? {
        Verdict::Extends { checkpoint, entries } => say(&format!(
            "the log extends the checkpoint of {} (entry #{}): {} entries written since",
            checkpoint.at,
            checkpoint.seq,
            entries - checkpoint.seq
        )),
        Verdict::NotGenuine(error) => Err(CliError(format!(
            "{} is NOT a genuine checkpoint of this center ({error}); use a file written by `mamoru audit checkpoint`",
            path.display()
        ))),
        Verdict::Rewritten { checkpoint } => Err(CliError(format!(
            "the audit log was REWRITTEN: entry #{} of the checkpoint of {} is gone or changed, though the chain was recomputed to match. Restore the database from a backup and investigate.",
            checkpoint.seq, checkpoint.at
        ))),
        Verdict::Broken { seq, problem } => Err(broken_log(seq, problem)),
    }
}

/// The error for an audit log whose chain breaks at entry `seq`.
fn broken_log(seq: i64, problem: mamoru_core::store::audit::Break) -> CliError {
    broken_chain("the audit log", seq, problem)
}

/// The error for a hash chain (`what`) that breaks at entry `seq`.
fn broken_chain(what_chain: &str, seq: i64, problem: mamoru_core::store::audit::Break) -> CliError {
    use mamoru_core::store::audit::Break;
    let what = match problem {
        Break::Altered => format!("entry #{seq} was changed after it was written"),
        Break::Missing => format!("entry #{seq} is missing (deleted, or later entries renumbered)"),
        Break::Unlinked => {
            format!("entry #{seq} does not follow the entry before it (reordered or replaced)")
        }
        Break::Truncated { head_seq } => format!(
            "the chain ends before entry #{seq}, but {head_seq} entries were written: the last ones were deleted"
        ),
        Break::Unrecorded => format!("entry #{seq} was added behind Mamoru's back"),
        Break::OutsideChain => {
            format!("an entry numbered {seq} was added behind Mamoru's back, before the chain's first entry")
        }
    };
    CliError(format!("{what_chain} is BROKEN: {what}. Restore the database from a backup and investigate."))
}

async fn serve(config: Config) -> Result<(), CliError> {
    let application = Application::build(&config, Arc::new(SystemClock)).await.map_err(CliError::from)?;
    let url = &config.settings.public_url;
    tracing::info!(addr = %application.local_addr(), %url, "Mamoru is listening");
    let setup = accounts::setup_link_if_empty(application.core()).await.map_err(CliError::from)?;
    match setup {
        Some(link) => say(&format!(
            "\nMamoru is running at {url}\n\nNo accounts exist yet. Open this one-time link to create the first administrator\n(valid for 24 hours; restarting prints a new one):\n\n    {link}\n"
        ))?,
        None => say(&format!("\nMamoru is running at {url}  (stop with Ctrl-C)\n"))?,
    }
    application.run().await.map_err(CliError::from)
}

fn check_course(dir: Option<std::path::PathBuf>, config: &Config) -> Result<(), CliError> {
    let (files, source) = match dir {
        Some(dir) => (course::CourseFiles::from_dir(&dir), dir.display().to_string()),
        None => crate::startup::course_source(config),
    };
    let files = files.map_err(|e| CliError(format!("cannot read the course at {source}: {e}")))?;
    match course::load(&files) {
        Ok(course) => {
            say(&format!(
                "{} — {source}\nversion {}, {} questions drawn per attempt",
                course.title.ja, course.version, course.draw
            ))?;
            for module in &course.modules {
                say(&format!(
                    "  {:<28} ja en  {} lessons  {} questions  pass {} %  {} attempts  {}",
                    module.slug,
                    module.lessons.len(),
                    module.questions.len(),
                    module.pass_percent,
                    module.attempts,
                    module.title.ja
                ))?;
            }
            say(&format!("OK: {} modules", course.modules.len()))
        }
        Err(problems) => Err(CliError(format!(
            "the course at {source} has {} problem(s):\n{}",
            problems.len(),
            crate::startup::problem_list(&problems)
        ))),
    }
}

/// The keys the center's database records, when it exists here (nothing is created).
async fn recorded_keys(config: &Config) -> Vec<mamoru_seal::ed25519_dalek::VerifyingKey> {
    let url = &config.database_url;
    if let Some(path) = url.strip_prefix("sqlite://").map(|rest| rest.split('?').next().unwrap_or(rest))
        && !std::path::Path::new(path).exists()
    {
        return Vec::new();
    }
    let Ok(store) = mamoru_core::store::Store::connect(url).await else { return Vec::new() };
    let rows = keys::PlatformKey::published(&store).await.unwrap_or_default();
    store.close().await;
    rows.iter().filter_map(|row| mamoru_seal::kiosk::decode_public_key(&row.public_key)).collect()
}

/// The key ids of a ring, for reports.
fn key_ids(ring: &KeyRing) -> String {
    ring.keys().iter().map(keys::key_id).collect::<Vec<_>>().join(", ")
}

async fn verify_pdf(check: &OfflineCheck, config: &Config) -> Result<(), CliError> {
    use mamoru_core::nda::document::{PdfCheck, check_pdf};
    let (ring, bytes, file) = (check.keys(config).await?, check.read()?, &check.file);
    match check_pdf(&bytes, &ring) {
        PdfCheck::Genuine(evidence) => say(&format!(
            "GENUINE: {} — agreement version {}, signed {} UTC by {} (code {}; checked against key {})",
            file.display(),
            evidence.version,
            evidence.signed_at,
            evidence.signer_name,
            evidence.verification_code,
            key_ids(&ring)
        )),
        PdfCheck::Altered => Err(CliError(format!(
            "ALTERED: {} was changed after it was signed, or sealed with another key",
            file.display()
        ))),
        PdfCheck::Unknown => {
            Err(CliError(format!("UNKNOWN: {} is not an agreement signed in Mamoru", file.display())))
        }
    }
}

async fn verify_bundle(check: &OfflineCheck, config: &Config) -> Result<(), CliError> {
    let (ring, bytes, file) = (check.keys(config).await?, check.read()?, &check.file);
    match mamoru_seal::bundle::verify(&bytes, &ring) {
        Ok(manifest) => {
            let mut report = format!(
                "GENUINE: {} — evidence for {} ({}), sealed {} UTC (checked against key {}); {} files match:",
                file.display(),
                manifest.subject.name,
                manifest.subject.employee_number,
                mamoru_types::i18n::format_utc(manifest.created_at),
                key_ids(&ring),
                manifest.files.len()
            );
            for entry in &manifest.files {
                report.push_str(&format!(
                    "\n  {}  {:>9} bytes  sha256 {}",
                    entry.path, entry.bytes, entry.sha256
                ));
            }
            say(&report)
        }
        Err(e) => Err(CliError(format!("NOT VERIFIED: {}: {e}", file.display()))),
    }
}

/// Reads one line (the password) from standard input, without echoing it anywhere.
fn read_password() -> Result<String, CliError> {
    let _ = writeln!(std::io::stderr(), "password (12–128 characters), then Enter:");
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).map_err(CliError::from)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

/// Output meant for the operator (links, confirmations) goes to standard output.
fn say(text: &str) -> Result<(), CliError> {
    writeln!(std::io::stdout(), "{text}").map_err(CliError::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_keys_may_start_with_a_dash_and_repeat() {
        let args = ["mamoru", "verify-pdf", "a.pdf", "--public-key", "-AbC_123", "--public-key", "XyZ"];
        let cli =
            Cli::try_parse_from(args).expect("a base64url key starting with '-' is a value, not a flag");
        match cli.command {
            Some(Command::VerifyPdf(OfflineCheck { public_key, .. })) => {
                assert_eq!(public_key, ["-AbC_123", "XyZ"])
            }
            other => panic!("parsed as {other:?}"),
        }
    }
}
