//! The rules of device and media exceptions, without a database: what a request may ask
//! for, and where a request stands at a moment.

use mamoru_types::domain::{InputError, Label, StartDate};
use mamoru_types::exceptions::{Decision, DeviceKind, EndReason, ExceptionStatus};

const DAY: i64 = 86_400;
/// The longest identifier and reason a request keeps.
pub const IDENTIFIER_MAX_CHARS: usize = 60;
pub const REASON_MAX_CHARS: usize = 500;
/// Requests one person may have waiting for a decision: each is a line on the manager's
/// desk, so one person cannot bury everyone else's.
pub const MAX_OPEN_REQUESTS: i64 = 5;

/// A request as typed, parsed: every field valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub kind: DeviceKind,
    pub identifier: String,
    pub reason: String,
    pub site: Label,
    pub period: Period,
}

/// From the start of one Japan day to the end of another, as Unix times.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub starts_at: i64,
    pub ends_at: i64,
}

/// The form's fields, as text.
pub struct Form<'a> {
    pub kind: &'a str,
    pub identifier: &'a str,
    pub reason: &'a str,
    pub site: &'a str,
    /// `YYYY-MM-DD`, Japan days, both included.
    pub from: &'a str,
    pub until: &'a str,
}

impl Request {
    pub fn parse(form: &Form<'_>, now: i64, max_days: i64) -> Result<Self, InputError> {
        Ok(Self {
            kind: DeviceKind::from_name(form.kind).ok_or(InputError::DeviceKindInvalid)?,
            identifier: one_line(form.identifier, IDENTIFIER_MAX_CHARS)
                .ok_or(InputError::DeviceIdentifierInvalid)?,
            reason: text(form.reason, REASON_MAX_CHARS).ok_or(InputError::ReasonInvalid)?,
            site: Label::parse(form.site)?,
            period: Period::parse(form.from, form.until, now, max_days)?,
        })
    }
}

impl Period {
    /// From today (in Japan) or later, ending on or after its first day, at most
    /// `max_days` days long.
    pub fn parse(from: &str, until: &str, now: i64, max_days: i64) -> Result<Self, InputError> {
        let starts_at = StartDate::parse(from)?.jst_start();
        let ends_at = StartDate::parse(until)?.jst_start() + DAY;
        let today = now - (now + 9 * 3600).rem_euclid(DAY);
        if starts_at < today || ends_at <= starts_at || ends_at - starts_at > max_days * DAY {
            return Err(InputError::PeriodInvalid);
        }
        Ok(Self { starts_at, ends_at })
    }
}

/// A decision's or revocation's reason: may be empty for an approval, never too long.
pub fn decision_reason(input: &str, decision: Option<Decision>) -> Result<String, InputError> {
    match (text(input, REASON_MAX_CHARS), decision) {
        (Some(reason), _) => Ok(reason),
        (None, Some(Decision::Approved)) if input.trim().is_empty() => Ok(String::new()),
        (None, _) => Err(InputError::ReasonInvalid),
    }
}

fn one_line(input: &str, max: usize) -> Option<String> {
    let value = input.trim();
    let ok = !value.is_empty() && value.chars().count() <= max && !value.chars().any(char::is_control);
    ok.then(|| value.to_owned())
}

fn text(input: &str, max: usize) -> Option<String> {
    let value = input.trim();
    let ok = !value.is_empty()
        && value.chars().count() <= max
        && !value.chars().any(|c| c.is_control() && c != '\n' && c != '\r');
    ok.then(|| value.replace("\r\n", "\n"))
}

/// What an exception's status depends on besides its own row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Requester {
    /// Until when their training holds; `None` while it does not (incomplete or expired).
    pub training_valid_until: Option<i64>,
    pub disabled_at: Option<i64>,
}

/// The row's own part of the status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    pub starts_at: i64,
    pub ends_at: i64,
    pub decision: Option<Decision>,
    pub revoked_at: Option<i64>,
}

/// Where an exception stands at `now`. An approval ends at the first of: its end, the
/// requester's training expiring, their deactivation, a revocation.
pub fn status(row: Row, requester: Requester, now: i64) -> ExceptionStatus {
    match row.decision {
        None if now >= row.ends_at => ExceptionStatus::Lapsed,
        None => ExceptionStatus::Pending,
        Some(Decision::Refused) => ExceptionStatus::Refused,
        Some(Decision::Approved) => {
            let ends = [
                (row.revoked_at, EndReason::Revoked),
                (requester.disabled_at, EndReason::Deactivated),
                (Some(requester.training_valid_until.unwrap_or(now)), EndReason::TrainingExpired),
                (Some(row.ends_at), EndReason::TimeUp),
            ];
            let ended = ends
                .into_iter()
                .filter_map(|(at, reason)| at.filter(|at| *at <= now).map(|at| (at, reason)))
                .min_by_key(|(at, _)| *at);
            match ended {
                Some((_, reason)) => ExceptionStatus::Ended(reason),
                None if now < row.starts_at => ExceptionStatus::Scheduled,
                None => ExceptionStatus::Active,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mamoru_types::i18n::parse_utc;

    /// 2026-12-02 10:00 JST.
    fn now() -> i64 {
        parse_utc("2026-12-02T01:00:00Z").expect("valid")
    }

    fn form<'a>(from: &'a str, until: &'a str) -> Form<'a> {
        Form {
            kind: "usb_storage",
            identifier: " SN-123 ",
            reason: "研修資料の持ち込み",
            site: "本社",
            from,
            until,
        }
    }

    #[test]
    fn a_request_covers_whole_japan_days() {
        let request = Request::parse(&form("2026-12-02", "2026-12-03"), now(), 30).expect("valid");
        assert_eq!(request.kind, DeviceKind::UsbStorage);
        assert_eq!(request.identifier, "SN-123");
        assert_eq!(Some(request.period.starts_at), parse_utc("2026-12-01T15:00:00Z"));
        assert_eq!(Some(request.period.ends_at), parse_utc("2026-12-03T15:00:00Z"));
    }

    #[test]
    fn periods_start_today_or_later_and_last_at_most_the_limit() {
        assert!(Period::parse("2026-12-02", "2026-12-31", now(), 30).is_ok(), "30 days");
        for (from, until) in
            [("2026-12-01", "2026-12-03"), ("2026-12-05", "2026-12-04"), ("2026-12-02", "2027-01-01")]
        {
            assert_eq!(
                Period::parse(from, until, now(), 30),
                Err(InputError::PeriodInvalid),
                "{from}..{until}"
            );
        }
        assert_eq!(Period::parse("tomorrow", "2026-12-04", now(), 30), Err(InputError::DateInvalid));
    }

    #[test]
    fn bad_fields_are_refused_each_with_its_error() {
        let cases: [(Form<'_>, InputError); 4] = [
            (Form { kind: "drone", ..form("2026-12-02", "2026-12-02") }, InputError::DeviceKindInvalid),
            (
                Form { identifier: "a\u{7}b", ..form("2026-12-02", "2026-12-02") },
                InputError::DeviceIdentifierInvalid,
            ),
            (Form { reason: "  ", ..form("2026-12-02", "2026-12-02") }, InputError::ReasonInvalid),
            (Form { site: "", ..form("2026-12-02", "2026-12-02") }, InputError::LabelInvalid),
        ];
        for (bad, error) in cases {
            assert_eq!(Request::parse(&bad, now(), 30), Err(error));
        }
        let long = "あ".repeat(REASON_MAX_CHARS + 1);
        assert_eq!(
            Request::parse(&Form { reason: &long, ..form("2026-12-02", "2026-12-02") }, now(), 30),
            Err(InputError::ReasonInvalid)
        );
    }

    #[test]
    fn a_refusal_needs_a_reason_and_an_approval_does_not() {
        assert_eq!(decision_reason(" ", Some(Decision::Approved)), Ok(String::new()));
        assert_eq!(decision_reason(" ", Some(Decision::Refused)), Err(InputError::ReasonInvalid));
        assert_eq!(decision_reason("", None), Err(InputError::ReasonInvalid));
        assert_eq!(decision_reason(" 業務上必要 ", Some(Decision::Refused)), Ok("業務上必要".into()));
    }

    const VALID: Requester = Requester { training_valid_until: Some(1_000), disabled_at: None };

    fn approved(starts_at: i64, ends_at: i64) -> Row {
        Row { starts_at, ends_at, decision: Some(Decision::Approved), revoked_at: None }
    }

    #[test]
    fn an_approval_is_scheduled_then_active_then_over() {
        let row = approved(100, 200);
        assert_eq!(status(row, VALID, 50), ExceptionStatus::Scheduled);
        assert_eq!(status(row, VALID, 100), ExceptionStatus::Active);
        assert_eq!(status(row, VALID, 200), ExceptionStatus::Ended(EndReason::TimeUp));
    }

    #[test]
    fn an_approval_ends_at_the_first_of_its_ends() {
        let row = approved(100, 900);
        let expired = Requester { training_valid_until: Some(300), ..VALID };
        assert_eq!(status(row, expired, 299), ExceptionStatus::Active);
        assert_eq!(status(row, expired, 300), ExceptionStatus::Ended(EndReason::TrainingExpired));
        let disabled = Requester { disabled_at: Some(250), ..expired };
        assert_eq!(status(row, disabled, 400), ExceptionStatus::Ended(EndReason::Deactivated));
        let revoked = Row { revoked_at: Some(150), ..row };
        assert_eq!(status(revoked, disabled, 400), ExceptionStatus::Ended(EndReason::Revoked));
        let untrained = Requester { training_valid_until: None, disabled_at: None };
        assert_eq!(status(row, untrained, 400), ExceptionStatus::Ended(EndReason::TrainingExpired));
        assert_eq!(
            status(row, untrained, 950),
            ExceptionStatus::Ended(EndReason::TimeUp),
            "its own end came first"
        );
    }

    #[test]
    fn an_undecided_request_lapses_at_its_end() {
        let row = Row { decision: None, ..approved(100, 200) };
        assert_eq!(status(row, VALID, 150), ExceptionStatus::Pending);
        assert_eq!(status(row, VALID, 200), ExceptionStatus::Lapsed);
        let refused = Row { decision: Some(Decision::Refused), ..row };
        assert_eq!(status(refused, VALID, 150), ExceptionStatus::Refused);
    }
}
