//! HR invites new hires and follows them.

use crate::cards::CardStatus;
use crate::domain::{HireId, UserId};
use crate::i18n::{self, Text};
use crate::learning::ModuleState;
use serde::{Deserialize, Serialize};

/// Where a hire stands, from invitation to card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum HireState {
    Invited,
    InTraining,
    /// Every attempt of a module used without passing: HR must reset it.
    QuizLocked,
    NdaPending,
    /// Signed an older agreement; a newer one waits.
    ResignNeeded,
    /// Course passed and agreement signed: the card waits at the kiosk.
    Completed,
    CardIssued,
    /// Was complete, but the training and agreement are older than the configured period:
    /// the hire must start a new round.
    Expired,
    /// The account was disabled (a leaver).
    Deactivated,
}

impl HireState {
    /// The stored and wire name (`"InTraining"`).
    pub fn name(self) -> &'static str {
        match self {
            HireState::Invited => "Invited",
            HireState::InTraining => "InTraining",
            HireState::QuizLocked => "QuizLocked",
            HireState::NdaPending => "NdaPending",
            HireState::ResignNeeded => "ResignNeeded",
            HireState::Completed => "Completed",
            HireState::CardIssued => "CardIssued",
            HireState::Expired => "Expired",
            HireState::Deactivated => "Deactivated",
        }
    }

    /// How the state reads to people.
    pub fn text(self) -> Text {
        match self {
            HireState::Invited => i18n::STATE_INVITED,
            HireState::InTraining => i18n::STATE_IN_TRAINING,
            HireState::QuizLocked => i18n::STATE_QUIZ_LOCKED,
            HireState::NdaPending => i18n::STATE_NDA_PENDING,
            HireState::ResignNeeded => i18n::STATE_RESIGN_NEEDED,
            HireState::Completed => i18n::STATE_COMPLETED,
            HireState::CardIssued => i18n::STATE_CARD_ISSUED,
            HireState::Expired => i18n::STATE_EXPIRED,
            HireState::Deactivated => i18n::STATE_DEACTIVATED,
        }
    }

    pub fn from_name(name: &str) -> Option<HireState> {
        Self::ALL.into_iter().find(|s| s.name() == name)
    }

    /// Course passed and agreement signed (whether or not the card was issued).
    pub fn is_complete(self) -> bool {
        matches!(self, HireState::Completed | HireState::CardIssued)
    }

    pub const ALL: [HireState; 9] = [
        HireState::Invited,
        HireState::InTraining,
        HireState::QuizLocked,
        HireState::NdaPending,
        HireState::ResignNeeded,
        HireState::Completed,
        HireState::CardIssued,
        HireState::Expired,
        HireState::Deactivated,
    ];
}

/// One row of HR's list: the minimum to see who is where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HireRow {
    pub id: HireId,
    pub user_id: Option<UserId>,
    pub name: String,
    pub kana: String,
    pub employee_number: String,
    pub site: String,
    pub start_date: String,
    pub state: HireState,
    pub modules_passed: usize,
    pub card: Option<CardStatus>,
    /// When a completed hire's training and agreement expire.
    pub certified_until: Option<i64>,
}

/// What HR asked the list for. Every field may be empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HireFilter {
    #[serde(default)]
    pub state: Option<HireState>,
    #[serde(default)]
    pub site: String,
    /// `YYYY-MM-DD`, inclusive.
    #[serde(default)]
    pub start_from: String,
    #[serde(default)]
    pub start_to: String,
    /// Part of a name, reading, email or employee number.
    #[serde(default)]
    pub search: String,
    /// From 1.
    #[serde(default)]
    pub page: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HirePage {
    pub rows: Vec<HireRow>,
    /// Hires matching the filter, on every page.
    pub total: usize,
    pub page: u32,
    pub page_count: u32,
    pub module_count: usize,
}

/// How many hires reached each stage of the journey (leavers are out).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Funnel {
    pub invited: usize,
    /// Passed every module.
    pub trained: usize,
    /// Trained and signed the current agreement.
    pub signed: usize,
    pub card: usize,
}

/// HR's overview: the funnel and who is late.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    pub funnel: Funnel,
    /// Hires whose start date has passed without completing, earliest start first.
    pub overdue: Vec<HireRow>,
    /// All of them (`overdue` shows the first few).
    pub overdue_total: usize,
    /// Completed hires whose certification ends within the renewal window (the server's
    /// rule: 30 days), soonest first.
    pub expiring: Vec<HireRow>,
    pub expiring_total: usize,
    /// Hires whose certification has ended.
    pub expired_total: usize,
    pub module_count: usize,
    /// Reminders can be emailed (SMTP is configured); otherwise HR copies them.
    pub mail_configured: bool,
    /// Device and media exceptions in force now, by site.
    pub exceptions_in_force: Vec<crate::exceptions::ExceptionSummary>,
    /// Denied entries of the last 7 days of cards that were nobody's active card (lost,
    /// revoked, or never Mamoru's), newest first; `holder` names the card's last holder.
    pub denied_entries: Vec<crate::door::DoorEventRow>,
}

/// A reminder for HR to send by hand: the addresses and the message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReminderDraft {
    pub recipients: Vec<Recipient>,
    pub subject: String,
    pub body: String,
    pub can_send: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recipient {
    pub name: String,
    pub email: String,
    pub employee_number: String,
}

/// Who a reminder is for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reminder {
    /// Start date passed, not complete.
    #[default]
    Overdue,
    /// Certification ends within the renewal window or has ended.
    Expiring,
}

/// What sending reminders did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReminderReport {
    pub sent: usize,
    /// Employee numbers whose reminder could not be sent.
    pub failed: Vec<String>,
}

/// Everything HR may see of one hire. Opening it is written to the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HireRecord {
    pub hire: HireRow,
    pub email: String,
    pub invitation: Invitation,
    /// Each module of the current course; empty until the hire registers.
    pub modules: Vec<ModuleHistory>,
    pub agreements: Vec<SignedAgreement>,
    /// Device and media exceptions asked for, newest first.
    pub exceptions: Vec<crate::exceptions::ExceptionSummary>,
    /// The latest entries, exits and desk events door systems reported, newest first.
    pub door_events: Vec<crate::door::DoorEventRow>,
    /// Audit-log entries about the hire, oldest first.
    pub events: Vec<RecordEvent>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Invitation {
    Pending { expires_at: i64 },
    Expired,
    Accepted { at: i64 },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleHistory {
    pub slug: String,
    pub title: String,
    pub state: ModuleState,
    pub attempts: Vec<AttemptSummary>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttemptSummary {
    pub started_at: i64,
    /// None while the quiz is open (or was abandoned).
    pub submitted_at: Option<i64>,
    pub score_percent: Option<u32>,
    pub passed: bool,
    /// Voided by HR's reset: it no longer counts.
    pub voided: bool,
    /// Made in a round of training that has since expired.
    pub earlier_round: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedAgreement {
    pub version: u32,
    pub signed_at: i64,
    pub verification_code: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordEvent {
    pub at: i64,
    pub action: crate::audit::AuditAction,
    /// Who did it: a person's name, or the id of a kiosk or token.
    pub actor: String,
}

/// The details of a hire, in the order the invite form and the CSV file give them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum HireField {
    Name,
    Kana,
    Email,
    EmployeeNumber,
    Site,
    StartDate,
}

impl HireField {
    pub const ALL: [HireField; 6] = [
        HireField::Name,
        HireField::Kana,
        HireField::Email,
        HireField::EmployeeNumber,
        HireField::Site,
        HireField::StartDate,
    ];
}

/// What became of an uploaded CSV file: all of it imported, or none of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportOutcome {
    Imported(Vec<ImportedHire>),
    /// Nothing was imported; fix these and upload the file again.
    Rejected(Vec<ImportProblem>),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportedHire {
    pub name: String,
    pub employee_number: String,
    pub link: String,
    pub expires_at: i64,
}

/// One problem in a CSV file: the row as a spreadsheet numbers it (the heading is row 1;
/// 0 is the file as a whole) and the column, if one is at fault.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportProblem {
    pub row: usize,
    pub field: Option<HireField>,
    pub reason: ImportReason,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportReason {
    /// Neither UTF-8 nor Shift_JIS text, or not CSV.
    Unreadable,
    /// No hire below the heading.
    NoRows,
    /// More rows than one import takes.
    TooManyRows,
    /// The heading lacks this column.
    MissingColumn,
    /// A row with more or fewer cells than the heading.
    CellCount,
    Input(crate::domain::InputError),
    /// The same employee number or email as an earlier row of the file.
    Duplicate {
        first_row: usize,
    },
    EmployeeNumberTaken,
    EmailTaken,
}
