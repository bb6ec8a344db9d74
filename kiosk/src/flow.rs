//! The kiosk's steps as plain data: start → PIN → card → done, or an error page. No I/O
//! here: [`crate::issuer`] calls the server and the reader and feeds their answers in.
//!
//! Work that waits on the server or the reader first takes the flow ([`Flow::begin_code`]
//! and friends), so a double tap or a second tab cannot run it twice, and then hands back
//! an [`Outcome`]. An idle flow goes back to a clean start page; a claim still held then
//! is returned so the caller can give it back to the server.

use mamoru_seal::kiosk::{GrantClaims, RefusalCode};
use std::fmt;
use std::time::Duration;

/// A person who walks away leaves nothing on screen for longer than this.
pub const IDLE_LIMIT: Duration = Duration::from_secs(60);
/// The done page shows nothing personal; it only needs to be read.
pub const DONE_LIMIT: Duration = Duration::from_secs(15);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Ja,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    pub fn parse(text: &str) -> Option<Lang> {
        match text {
            "ja" => Some(Lang::Ja),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// A verified grant, as far as the kiosk needs it. `Debug` leaves the name out of logs.
#[derive(Clone, PartialEq, Eq)]
pub struct Grant {
    id: String,
    name: String,
}

impl Grant {
    /// `None` when the id is not the hex the server mints: it becomes part of a URL path.
    pub fn from_claims(claims: GrantClaims) -> Option<Grant> {
        let id_ok = (1..=64).contains(&claims.grant_id.len())
            && claims.grant_id.chars().all(|c| c.is_ascii_hexdigit());
        id_ok.then_some(Grant { id: claims.grant_id, name: claims.name })
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn name(&self) -> &str {
        &self.name
    }
}

impl fmt::Debug for Grant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Grant({})", self.id)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    Start,
    Pin,
    Card,
    Done,
    Error,
}

impl StepKind {
    /// The `data-step` name on the page.
    pub fn name(self) -> &'static str {
        match self {
            StepKind::Start => "start",
            StepKind::Pin => "pin",
            StepKind::Card => "card",
            StepKind::Done => "done",
            StepKind::Error => "error",
        }
    }

    /// Where the step stands among the [`StepKind::COUNT`] steps; an error page has no place.
    pub fn number(self) -> Option<u8> {
        match self {
            StepKind::Start => Some(1),
            StepKind::Pin => Some(2),
            StepKind::Card => Some(3),
            StepKind::Done => Some(4),
            StepKind::Error => None,
        }
    }

    pub const COUNT: u8 = 4;
}

/// Something to correct on the current step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    /// The input is neither a grant token nor a pickup code.
    CodeMalformed,
    /// The server knows no grant with this pickup code.
    CodeUnknown,
    PinMalformed,
    PinWrong {
        attempts_left: Option<u32>,
    },
    /// The card on the reader is already someone's: place another.
    CardInUse,
}

/// Why no card can be issued in this flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    Unreachable,
    Refused(RefusalCode),
    /// The server answered outside the protocol.
    BadAnswer,
    /// The token is not sealed by the pinned server key (forged, altered or foreign).
    NotAGrant,
    GrantExpired,
    ReadFailed,
    /// A fault in the kiosk itself.
    KioskFault,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Start {
        notice: Option<Notice>,
    },
    Pin {
        grant: Grant,
        notice: Option<Notice>,
    },
    /// The grant is claimed for this kiosk: waiting for the card.
    Card {
        grant: Grant,
        notice: Option<Notice>,
    },
    Done,
    Error(Problem),
}

impl Step {
    pub fn kind(&self) -> StepKind {
        match self {
            Step::Start { .. } => StepKind::Start,
            Step::Pin { .. } => StepKind::Pin,
            Step::Card { .. } => StepKind::Card,
            Step::Done => StepKind::Done,
            Step::Error(_) => StepKind::Error,
        }
    }
}

/// What the server or the reader answered, in the flow's terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Stay on this step and say what to correct.
    Notice(Notice),
    /// The start step's token is genuine: ask for the PIN.
    Verified(Grant),
    /// The PIN step's claim succeeded: ask for the card.
    Claimed,
    /// The card step's card is bound.
    Issued,
    Failed(Problem),
}

#[derive(Debug)]
pub struct Flow {
    step: Step,
    lang: Lang,
    busy: bool,
    last_active: Duration,
}

impl Flow {
    pub fn new(now: Duration) -> Flow {
        Flow { step: Step::Start { notice: None }, lang: Lang::Ja, busy: false, last_active: now }
    }

    pub fn step(&self) -> &Step {
        &self.step
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    pub fn choose_lang(&mut self, lang: Lang, now: Duration) {
        self.lang = lang;
        self.last_active = now;
    }

    /// Takes the start step's code; false while other work runs or elsewhere.
    pub fn begin_code(&mut self, now: Duration) -> bool {
        self.take(StepKind::Start, now)
    }

    /// Takes the PIN step for a claim; answers the grant to claim.
    pub fn begin_claim(&mut self, now: Duration) -> Option<Grant> {
        self.take(StepKind::Pin, now).then(|| self.grant().cloned()).flatten()
    }

    /// Takes the card step for a read; answers the claimed grant.
    pub fn begin_read(&mut self, now: Duration) -> Option<Grant> {
        self.take(StepKind::Card, now).then(|| self.grant().cloned()).flatten()
    }

    fn take(&mut self, at: StepKind, now: Duration) -> bool {
        if self.busy || self.step.kind() != at {
            return false;
        }
        self.busy = true;
        self.last_active = now;
        true
    }

    fn grant(&self) -> Option<&Grant> {
        match &self.step {
            Step::Pin { grant, .. } | Step::Card { grant, .. } => Some(grant),
            _ => None,
        }
    }

    /// Ends the work taken with `begin_*`. An outcome that does not fit the step is dropped:
    /// the flow has moved on.
    pub fn finish(&mut self, outcome: Outcome, now: Duration) {
        self.busy = false;
        self.last_active = now;
        let step = std::mem::replace(&mut self.step, Step::Done);
        self.step = match (step, outcome) {
            (_, Outcome::Failed(problem)) => Step::Error(problem),
            (Step::Start { .. }, Outcome::Notice(notice)) => Step::Start { notice: Some(notice) },
            (Step::Pin { grant, .. }, Outcome::Notice(notice)) => Step::Pin { grant, notice: Some(notice) },
            (Step::Card { grant, .. }, Outcome::Notice(notice)) => Step::Card { grant, notice: Some(notice) },
            (Step::Start { .. }, Outcome::Verified(grant)) => Step::Pin { grant, notice: None },
            (Step::Pin { grant, .. }, Outcome::Claimed) => Step::Card { grant, notice: None },
            (Step::Card { .. }, Outcome::Issued) => Step::Done,
            (step, _) => step,
        };
    }

    /// How long this step may sit untouched.
    pub fn idle_limit(&self) -> Duration {
        match self.step {
            Step::Done => DONE_LIMIT,
            _ => IDLE_LIMIT,
        }
    }

    /// A start page in Japanese with nothing on it: what the next person should find.
    pub fn is_clean(&self) -> bool {
        self.step == Step::Start { notice: None } && self.lang == Lang::Ja
    }

    /// Whether the flow should go back to a clean start page: untouched for its idle limit,
    /// not waiting on work, and not already clean.
    pub fn is_idle(&self, now: Duration) -> bool {
        !self.busy && !self.is_clean() && now.saturating_sub(self.last_active) >= self.idle_limit()
    }

    /// The person is still there (they answered the idle warning): the wait starts again.
    pub fn touch(&mut self, now: Duration) {
        self.last_active = now;
    }

    /// Back to a clean start page in Japanese, for the next person. Answers the grant this
    /// kiosk still holds a claim on, which the caller must abort. Does nothing while work runs.
    pub fn reset(&mut self, now: Duration) -> Option<Grant> {
        if self.busy {
            return None;
        }
        let held = match std::mem::replace(&mut self.step, Step::Start { notice: None }) {
            Step::Card { grant, .. } => Some(grant),
            _ => None,
        };
        self.lang = Lang::Ja;
        self.last_active = now;
        held
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(n: u64) -> Duration {
        Duration::from_secs(n)
    }

    fn grant() -> Grant {
        Grant::from_claims(GrantClaims {
            grant_id: "00112233445566778899aabbccddeeff".into(),
            employee_number: "E-0001".into(),
            name: "山田 太郎".into(),
            issued_at: 0,
            expires_at: 10,
        })
        .expect("a hex id")
    }

    /// A flow that has reached the card step with a held claim.
    fn at_card(now: Duration) -> Flow {
        let mut flow = Flow::new(now);
        assert!(flow.begin_code(now));
        flow.finish(Outcome::Verified(grant()), now);
        assert_eq!(flow.begin_claim(now), Some(grant()));
        flow.finish(Outcome::Claimed, now);
        flow
    }

    #[test]
    fn the_happy_path_goes_start_pin_card_done() {
        let mut flow = at_card(secs(0));
        assert_eq!(flow.step(), &Step::Card { grant: grant(), notice: None });
        assert_eq!(flow.begin_read(secs(1)), Some(grant()));
        flow.finish(Outcome::Issued, secs(2));
        assert_eq!(flow.step(), &Step::Done);
        assert_eq!(flow.reset(secs(3)), None);
        assert_eq!(flow.step(), &Step::Start { notice: None });
    }

    #[test]
    fn work_is_taken_once_and_only_at_its_step() {
        let mut flow = Flow::new(secs(0));
        assert_eq!(flow.begin_claim(secs(0)), None);
        assert_eq!(flow.begin_read(secs(0)), None);
        assert!(flow.begin_code(secs(0)));
        // A second submission while the first is at the server.
        assert!(!flow.begin_code(secs(0)));
        flow.finish(Outcome::Verified(grant()), secs(1));
        assert!(!flow.begin_code(secs(1)));
        assert!(flow.begin_claim(secs(1)).is_some());
        assert_eq!(flow.begin_claim(secs(1)), None);
    }

    #[test]
    fn notices_keep_the_step_and_failures_end_the_flow() {
        let mut flow = Flow::new(secs(0));
        assert!(flow.begin_code(secs(0)));
        flow.finish(Outcome::Notice(Notice::CodeUnknown), secs(0));
        assert_eq!(flow.step(), &Step::Start { notice: Some(Notice::CodeUnknown) });
        assert!(flow.begin_code(secs(0)));
        flow.finish(Outcome::Verified(grant()), secs(0));
        assert!(flow.begin_claim(secs(0)).is_some());
        let wrong = Notice::PinWrong { attempts_left: Some(2) };
        flow.finish(Outcome::Notice(wrong), secs(0));
        assert_eq!(flow.step(), &Step::Pin { grant: grant(), notice: Some(wrong) });
        assert!(flow.begin_claim(secs(0)).is_some());
        flow.finish(Outcome::Failed(Problem::Refused(RefusalCode::Locked)), secs(0));
        assert_eq!(flow.step(), &Step::Error(Problem::Refused(RefusalCode::Locked)));
    }

    #[test]
    fn an_outcome_for_another_step_is_dropped() {
        let mut flow = Flow::new(secs(0));
        flow.finish(Outcome::Claimed, secs(0));
        flow.finish(Outcome::Issued, secs(0));
        assert_eq!(flow.step(), &Step::Start { notice: None });
        let mut flow = at_card(secs(0));
        flow.finish(Outcome::Verified(grant()), secs(0));
        assert_eq!(flow.step().kind(), StepKind::Card);
    }

    #[test]
    fn an_idle_flow_resets_and_hands_back_its_held_claim() {
        let mut flow = at_card(secs(100));
        flow.choose_lang(Lang::En, secs(100));
        assert!(!flow.is_idle(secs(159)));
        assert!(flow.is_idle(secs(160)));
        assert_eq!(flow.reset(secs(160)), Some(grant()));
        assert_eq!(flow.step(), &Step::Start { notice: None });
        assert_eq!(flow.lang(), Lang::Ja);
        // A clean start page is never idle: there is nothing to clear.
        assert!(!flow.is_idle(secs(10_000)));
    }

    #[test]
    fn work_in_progress_is_never_idle_nor_reset() {
        let mut flow = at_card(secs(0));
        assert!(flow.begin_read(secs(0)).is_some());
        assert!(!flow.is_idle(secs(1_000)));
        assert_eq!(flow.reset(secs(1_000)), None);
        assert_eq!(flow.step().kind(), StepKind::Card);
        flow.finish(Outcome::Issued, secs(1_000));
        assert!(!flow.is_idle(secs(1_014)));
        assert!(flow.is_idle(secs(1_015)));
    }

    #[test]
    fn a_start_page_with_a_notice_or_english_is_cleared_when_idle() {
        let mut flow = Flow::new(secs(0));
        flow.choose_lang(Lang::En, secs(5));
        assert!(!flow.is_idle(secs(64)));
        assert!(flow.is_idle(secs(65)));
        assert_eq!(flow.reset(secs(65)), None);
        assert!(!flow.is_idle(secs(1_000)));
    }

    #[test]
    fn grant_ids_must_be_hex() {
        let claims = |id: &str| GrantClaims {
            grant_id: id.into(),
            employee_number: "E-0001".into(),
            name: "n".into(),
            issued_at: 0,
            expires_at: 1,
        };
        assert!(Grant::from_claims(claims("00ff")).is_some());
        for bad in ["", "../admin", "ab/cd", "g0", &"a".repeat(65)] {
            assert!(Grant::from_claims(claims(bad)).is_none(), "{bad}");
        }
        assert_eq!(format!("{:?}", grant()), "Grant(00112233445566778899aabbccddeeff)");
    }

    #[test]
    fn languages_have_codes() {
        assert_eq!(Lang::parse("en"), Some(Lang::En));
        assert_eq!(Lang::parse(Lang::Ja.code()), Some(Lang::Ja));
        assert_eq!(Lang::parse("fr"), None);
    }
}
