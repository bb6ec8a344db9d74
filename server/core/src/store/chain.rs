//! Hash chains: append-only tables whose rows each hash their contents together with the
//! hash of the row before (the audit log, door events), with a head row that records the
//! last one. [`walk`] checks a whole chain.

use sqlx::AnyConnection;
use std::cmp::Ordering;

/// The `prev_hash` of the first row (and the head of an empty chain).
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Why the chain does not hold at the first row that breaks it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Break {
    /// The row's contents no longer match its hash: changed after it was written.
    Altered,
    /// The row with this number is gone: deleted, or later rows renumbered.
    Missing,
    /// The row does not follow the one before it: rows reordered or replaced.
    Unlinked,
    /// The chain ends before the head the database recorded: its last rows were deleted.
    Truncated { head_seq: i64 },
    /// The row was written behind the database's back: the head never recorded it.
    Unrecorded,
    /// The row's number lies before the chain's first row (#1): it was put there behind
    /// Mamoru's back and belongs to no chain.
    OutsideChain,
}

/// The result of walking a whole chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Chain {
    Intact { entries: i64, head: String },
    Broken { seq: i64, problem: Break },
}

/// One row as the walk needs it: its number, its links, and its hash recomputed from
/// its contents.
pub(crate) struct Link {
    pub seq: i64,
    pub prev_hash: String,
    pub hash: String,
    pub recomputed: String,
}

/// A table kept as a hash chain.
pub(crate) trait Chained {
    /// The number and hash of the last row, as the head records them.
    async fn head(conn: &mut AnyConnection) -> Result<(i64, String), sqlx::Error>;
    /// Up to `limit` rows numbered after `seq`, in order.
    async fn links_after(conn: &mut AnyConnection, seq: i64, limit: i64) -> Result<Vec<Link>, sqlx::Error>;
}

/// Rows read per query while walking a chain.
const PAGE: i64 = 1_000;

/// Walks every row in order of its number, comparing every recomputed hash, and names the
/// first row that does not match. Every row is accounted for: the chain must run from #1
/// without a gap to the recorded head, whatever numbers other rows were given.
pub(crate) async fn walk<C: Chained>(conn: &mut AnyConnection) -> Result<Chain, sqlx::Error> {
    // Rows written while the walk runs are fine: the head read before the walk says what
    // must exist, the head read after it what may.
    let (head_before, _) = C::head(conn).await?;
    let mut expected_seq = 1;
    let mut last_seen = i64::MIN;
    let mut prev = GENESIS.to_owned();
    loop {
        let links = C::links_after(conn, last_seen, PAGE).await?;
        if links.is_empty() {
            break;
        }
        for link in links {
            let seq = link.seq;
            last_seen = seq;
            match seq.cmp(&expected_seq) {
                Ordering::Less => return Ok(Chain::Broken { seq, problem: Break::OutsideChain }),
                Ordering::Greater => return Ok(Chain::Broken { seq: expected_seq, problem: Break::Missing }),
                Ordering::Equal => {}
            }
            if link.prev_hash != prev {
                return Ok(Chain::Broken { seq, problem: Break::Unlinked });
            }
            if link.recomputed != link.hash {
                return Ok(Chain::Broken { seq, problem: Break::Altered });
            }
            prev = link.hash;
            expected_seq += 1;
        }
    }
    let (head_seq, head_hash) = C::head(conn).await?;
    let entries = expected_seq - 1;
    let broken = |seq, problem| Ok(Chain::Broken { seq, problem });
    if head_before > entries {
        return broken(expected_seq, Break::Truncated { head_seq: head_before });
    }
    match head_seq.cmp(&entries) {
        Ordering::Greater => Ok(Chain::Intact { entries, head: prev }),
        Ordering::Less => broken(head_seq + 1, Break::Unrecorded),
        // The last row was rewritten with a hash recomputed to match its new contents.
        Ordering::Equal if head_hash != prev => broken(entries, Break::Altered),
        Ordering::Equal => Ok(Chain::Intact { entries, head: prev }),
    }
}
