//! Device and media exceptions (持込許可): the operator room allows no phones, cameras,
//! recorders or removable media unless a manager of its site approved one beforehand
//! (agreement 第3条). A person with valid training asks; a manager of that site decides.

use crate::domain::{ExceptionId, UserId};
use crate::i18n::Text;
use serde::{Deserialize, Serialize};

named_enum! {
    /// What a person asks to bring into the operator room.
    DeviceKind {
        Phone = "phone", "携帯電話・スマートフォン" / "Mobile phone";
        Camera = "camera", "カメラ" / "Camera";
        Recorder = "recorder", "録音機" / "Recorder";
        UsbStorage = "usb_storage", "USBメモリ・外付け記憶装置" / "USB storage";
        OpticalMedia = "optical_media", "CD・DVDなどの光ディスク" / "Optical media";
        Laptop = "laptop", "ノートパソコン" / "Laptop";
        Other = "other", "その他" / "Other";
    }
}

named_enum! {
    /// A manager's answer to a request.
    Decision {
        Approved = "approved", "承認" / "Approved";
        Refused = "refused", "却下" / "Refused";
    }
}

named_enum! {
    /// Why an approved exception stopped before or at its end.
    EndReason {
        TimeUp = "time_up", "期間終了" / "Period over";
        TrainingExpired = "training_expired", "研修の有効期限切れ" / "Training expired";
        Deactivated = "deactivated", "アカウント無効化" / "Account deactivated";
        Revoked = "revoked", "責任者が取り消し" / "Revoked by a manager";
    }
}

/// Where an exception stands at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExceptionStatus {
    /// Waiting for a manager of the site.
    Pending,
    /// Its period ended before anyone decided.
    Lapsed,
    Refused,
    /// Approved; its period has not begun.
    Scheduled,
    /// Approved and in force now.
    Active,
    Ended(EndReason),
}

impl ExceptionStatus {
    pub const fn text(self) -> Text {
        match self {
            ExceptionStatus::Pending => Text { ja: "承認待ち", en: "Waiting for a manager" },
            ExceptionStatus::Lapsed => Text { ja: "未決のまま期間終了", en: "Lapsed undecided" },
            ExceptionStatus::Refused => Text { ja: "却下", en: "Refused" },
            ExceptionStatus::Scheduled => {
                Text { ja: "承認済み（開始前）", en: "Approved (not begun)" }
            }
            ExceptionStatus::Active => Text { ja: "許可中", en: "In force" },
            ExceptionStatus::Ended(reason) => reason.text(),
        }
    }

    /// A manager may still approve or refuse it.
    pub fn is_open(self) -> bool {
        self == ExceptionStatus::Pending
    }

    /// Approved and not ended: a manager may revoke it, the permit is good.
    pub fn is_in_force(self) -> bool {
        matches!(self, ExceptionStatus::Scheduled | ExceptionStatus::Active)
    }
}

/// One request as its requester, a manager or HR sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExceptionSummary {
    pub id: ExceptionId,
    pub requester: UserId,
    pub requester_name: String,
    pub employee_number: String,
    pub kind: DeviceKind,
    /// Serial number, IMEI or asset label.
    pub identifier: String,
    pub reason: String,
    pub site: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub requested_at: i64,
    pub status: ExceptionStatus,
    pub decided_at: Option<i64>,
    pub decided_by_name: Option<String>,
    pub decision_reason: Option<String>,
    /// Printed on the permit; set once decided.
    pub verification_code: Option<String>,
}

/// What a hire sees on their exceptions page: the sites they may ask for and their requests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyExceptions {
    /// Training valid now: asking is open.
    pub may_request: bool,
    /// The site on the person's hire record, offered first.
    pub home_site: Option<String>,
    pub max_days: i64,
    pub requests: Vec<ExceptionSummary>,
}

/// One person of a manager's sites, with only what deciding needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SitePerson {
    pub name: String,
    pub employee_number: String,
    pub site: String,
    /// `None` while the training is not complete.
    pub training_valid_until: Option<i64>,
}

/// A manager's page: their sites, what waits for them, what is in force, and their people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManagerDesk {
    pub sites: Vec<String>,
    pub pending: Vec<ExceptionSummary>,
    pub in_force: Vec<ExceptionSummary>,
    pub people: Vec<SitePerson>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for kind in DeviceKind::ALL {
            assert_eq!(DeviceKind::from_name(kind.name()), Some(*kind));
        }
        for reason in EndReason::ALL {
            assert_eq!(EndReason::from_name(reason.name()), Some(*reason));
        }
        assert_eq!(DeviceKind::from_name("Phone"), None);
        assert_eq!(Decision::from_name("approved"), Some(Decision::Approved));
    }

    #[test]
    fn only_approved_unended_exceptions_are_in_force() {
        assert!(ExceptionStatus::Active.is_in_force());
        assert!(ExceptionStatus::Scheduled.is_in_force());
        for status in [
            ExceptionStatus::Pending,
            ExceptionStatus::Lapsed,
            ExceptionStatus::Refused,
            ExceptionStatus::Ended(EndReason::Revoked),
        ] {
            assert!(!status.is_in_force(), "{status:?}");
        }
    }
}
