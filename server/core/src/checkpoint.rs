//! Signed checkpoints of the audit log: how far the log reached at a moment (its last
//! entry's number and hash), sealed with the platform key.
//!
//! The hash chain shows any change made behind Mamoru's back, unless someone with the
//! database owner's rights rewrites the whole chain and recomputes every hash. A checkpoint
//! kept outside Mamoru (`mamoru audit checkpoint > FILE`, stored where the database's
//! owner cannot change it) catches that: `mamoru audit verify --checkpoint FILE` proves the
//! log still holds the entry the checkpoint names, with the same hash, so every entry up
//! to it is unchanged. Mamoru also writes a checkpoint into the log itself once a day.

use super::Core;
use crate::store::audit::{self, Chain};
use mamoru_seal::keys::KeyRing;
use mamoru_seal::{Purpose, SealError, Sealed};
use mamoru_types::audit::AuditAction;
use mamoru_types::errors::AppError;
use mamoru_types::i18n::format_utc;
use serde::{Deserialize, Serialize};

/// The action of the checkpoints Mamoru writes into the log.
pub const ACTION: AuditAction = AuditAction::AuditCheckpoint;
/// How often Mamoru writes one into the log.
pub const EVERY_SECS: i64 = 24 * 60 * 60;

/// The sealed statement: field order is part of its format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// The number of the log's last entry (0 for an empty log).
    pub seq: i64,
    /// That entry's hash.
    pub hash: String,
    /// When the checkpoint was made, UTC (`2026-12-01T09:00:00Z`).
    pub at: String,
}

/// Seals the log's current head.
#[tracing::instrument(skip_all)]
pub async fn make(state: &Core) -> Result<Sealed, AppError> {
    let mut conn = state.store.pool().acquire().await?;
    let (seq, hash) = audit::head(&mut conn).await?;
    Ok(state.keys.seal(Purpose::AUDIT_CHECKPOINT, &Checkpoint { seq, hash, at: format_utc(state.now()) }))
}

/// Writes a checkpoint into the log when the last one (or, before the first, the log's
/// first entry) is a day old; answers whether it wrote one.
#[tracing::instrument(skip_all)]
pub async fn write_if_due(state: &Core) -> Result<bool, AppError> {
    let now = state.now();
    let mut tx = state.store.write().await?;
    match audit::latest_or_first_at(&mut tx, ACTION).await? {
        Some(last) if now - last >= EVERY_SECS => {}
        _ => return Ok(false),
    }
    let (seq, hash) = audit::head(&mut tx).await?;
    let sealed = state.keys.seal(Purpose::AUDIT_CHECKPOINT, &Checkpoint { seq, hash, at: format_utc(now) });
    let event = audit::Event {
        at: now,
        actor_id: None,
        action: ACTION,
        subject_id: None,
        detail: serde_json::json!({ "seq": seq, "seal": sealed.to_json() }),
        ip: None,
    };
    audit::append(&mut tx, event).await?;
    tx.commit().await?;
    tracing::info!(seq, "audit checkpoint written into the log");
    Ok(true)
}

/// What checking a checkpoint against the log found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The log holds the checkpoint's entry unchanged, and is intact up to its head.
    Extends { checkpoint: Checkpoint, entries: i64 },
    /// The checkpoint is not a genuine seal of one of the given keys.
    NotGenuine(SealError),
    /// The chain itself breaks at entry `seq` (see [`audit::verify`]).
    Broken { seq: i64, problem: audit::Break },
    /// The checkpoint's entry is gone, or has another hash: the log was rewritten.
    Rewritten { checkpoint: Checkpoint },
}

/// Checks `text` (a checkpoint as `mamoru audit checkpoint` wrote it) against the log.
pub async fn check(
    conn: &mut sqlx::AnyConnection,
    text: &str,
    keys: &KeyRing,
) -> Result<Verdict, sqlx::Error> {
    let opened = Sealed::from_json(text.strip_suffix('\n').unwrap_or(text))
        .and_then(|sealed| sealed.open_with::<Checkpoint>(keys, Purpose::AUDIT_CHECKPOINT));
    let checkpoint = match opened {
        Ok(checkpoint) => checkpoint,
        Err(error) => return Ok(Verdict::NotGenuine(error)),
    };
    let entries = match audit::verify(conn).await? {
        Chain::Intact { entries, .. } => entries,
        Chain::Broken { seq, problem } => return Ok(Verdict::Broken { seq, problem }),
    };
    if !holds(conn, &checkpoint).await? {
        return Ok(Verdict::Rewritten { checkpoint });
    }
    Ok(Verdict::Extends { checkpoint, entries })
}

/// What checking the checkpoints Mamoru wrote into the log found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// Every one is sealed by the key and names an entry the log holds with that hash.
    AllHold { count: usize },
    /// The checkpoint entry `seq` is not genuine, or names an entry the log no longer has.
    Fails { seq: i64 },
}

/// Checks the checkpoints Mamoru wrote into the log against the center's `keys`.
pub async fn check_written(conn: &mut sqlx::AnyConnection, keys: &KeyRing) -> Result<Written, sqlx::Error> {
    let written = audit::with_action(conn, ACTION).await?;
    for entry in &written {
        let seal = serde_json::from_str::<serde_json::Value>(&entry.detail)
            .ok()
            .and_then(|detail| detail.get("seal")?.as_str().map(str::to_owned));
        let checkpoint = seal.as_deref().and_then(|seal| {
            Sealed::from_json(seal).ok()?.open_with::<Checkpoint>(keys, Purpose::AUDIT_CHECKPOINT).ok()
        });
        match checkpoint {
            Some(checkpoint) if checkpoint.seq < entry.seq && holds(conn, &checkpoint).await? => {}
            _ => return Ok(Written::Fails { seq: entry.seq }),
        }
    }
    Ok(Written::AllHold { count: written.len() })
}

/// Whether the log holds the checkpoint's entry with the checkpoint's hash.
async fn holds(conn: &mut sqlx::AnyConnection, checkpoint: &Checkpoint) -> Result<bool, sqlx::Error> {
    if checkpoint.seq == 0 {
        return Ok(checkpoint.hash == audit::GENESIS);
    }
    Ok(audit::hash_at(conn, checkpoint.seq).await?.as_deref() == Some(checkpoint.hash.as_str()))
}
