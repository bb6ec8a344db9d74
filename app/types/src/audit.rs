//! The audit log for HR and administrators: every entry, newest first, with filters.
//! Hires cannot read it. A filtered look is itself written to the log.

use crate::i18n::Text;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// What to show. Every field may be empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditFilter {
    /// The prefix of one [`AuditKind`]: the start of the action names to show.
    #[serde(default)]
    pub category: String,
    /// The email address of the person who acted.
    #[serde(default)]
    pub actor: String,
    /// `YYYY-MM-DD` in Japan time, inclusive.
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    /// From 1.
    #[serde(default)]
    pub page: u32,
}

impl AuditFilter {
    pub fn is_empty(&self) -> bool {
        self.category.is_empty() && self.actor.is_empty() && self.from.is_empty() && self.to.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub seq: i64,
    pub at: i64,
    /// The person's name, or the id of a kiosk or token; empty for the system.
    pub actor: String,
    pub action: AuditAction,
    pub subject: String,
    /// The entry's JSON detail, as stored.
    pub detail: String,
    pub ip: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub rows: Vec<AuditRow>,
    pub total: usize,
    pub page: u32,
    pub page_count: u32,
}

macro_rules! audit_kinds {
    ($($kind:ident = $prefix:literal, $ja:literal / $en:literal;)*) => {
        /// The kinds of action the audit screen filters by: each is the start of its
        /// actions' names.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum AuditKind {
            $($kind),*
        }

        impl AuditKind {
            pub const ALL: &'static [AuditKind] = &[$(AuditKind::$kind),*];

            /// The start every action name of this kind has (`card.`).
            pub const fn prefix(self) -> &'static str {
                match self { $(AuditKind::$kind => $prefix),* }
            }

            pub const fn text(self) -> Text {
                match self { $(AuditKind::$kind => Text { ja: $ja, en: $en }),* }
            }
        }
    };
}

audit_kinds! {
    Auth = "auth.", "サインイン" / "Sign-in";
    Account = "account.", "アカウント" / "Accounts";
    Hire = "hire", "新入社員（招待・閲覧・検索）" / "Hires (invites, views, searches)";
    Quiz = "quiz.", "確認テスト" / "Quizzes";
    Nda = "nda.", "誓約書の署名" / "Agreement signatures";
    Agreement = "agreement.", "誓約書の公開" / "Agreement versions";
    Card = "card.", "社員証カード" / "Staff cards";
    Kiosk = "kiosk.", "キオスク" / "Kiosks";
    Door = "door", "入退室システム" / "Door system";
    Register = "register.", "研修記録台帳の書き出し" / "Training register exports";
    Reminders = "reminders.", "リマインドの一斉送信" / "Reminders sent";
    Audit = "audit.", "監査ログの検索" / "Audit log searches";
    Exception = "exception.", "機器・媒体の持込許可" / "Device and media exceptions";
}

impl AuditKind {
    /// The kind a filter names by its prefix.
    pub fn from_prefix(prefix: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|kind| kind.prefix() == prefix)
    }
}

macro_rules! audit_actions {
    ($($action:ident = $name:literal, $kind:ident, $ja:literal / $en:literal;)*) => {
        /// Everything the audit log records. Each action has its stored name, its kind and
        /// its wording here, so an action without one cannot compile.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum AuditAction {
            $($action),*
        }

        impl AuditAction {
            pub const ALL: &'static [AuditAction] = &[$(AuditAction::$action),*];

            /// The name stored in the log and in evidence bundles (`card.issued`).
            pub const fn name(self) -> &'static str {
                match self { $(AuditAction::$action => $name),* }
            }

            pub const fn kind(self) -> AuditKind {
                match self { $(AuditAction::$action => AuditKind::$kind),* }
            }

            /// How the action reads to HR and admins (the audit screen, a hire's record).
            pub const fn text(self) -> Text {
                match self { $(AuditAction::$action => Text { ja: $ja, en: $en }),* }
            }
        }
    };
}

audit_actions! {
    AccountCreated = "account.created", Account, "アカウントを作成" / "Account created";
    AccountInvited = "account.invited", Account, "職員を招待" / "Staff member invited";
    AccountRegistered = "account.registered", Account, "招待から登録" / "Registered from an invitation";
    AgreementPublished = "agreement.published", Agreement, "誓約書の版を公開" / "Agreement version published";
    KioskEnrollmentCreated = "kiosk.enrollment_created", Kiosk, "受付端末の登録コードを発行" / "Kiosk enrollment code created";
    KioskEnrolled = "kiosk.enrolled", Kiosk, "受付端末を登録" / "Kiosk enrolled";
    KioskDisabled = "kiosk.disabled", Kiosk, "受付端末を無効化" / "Kiosk disabled";
    DoorTokenCreated = "door_token.created", Door, "入退室システム用トークンを作成" / "Door system token created";
    DoorTokenRevoked = "door_token.revoked", Door, "入退室システム用トークンを無効化" / "Door system token revoked";
    DoorCardsRead = "door.cards_read", Door, "入退室システムがカード一覧を取得" / "Door system read the card list";
    HireInvited = "hire.invited", Hire, "招待を作成" / "Invited";
    HireViewed = "hire.viewed", Hire, "記録を閲覧" / "Record viewed";
    HireInviteResent = "hire.invite_resent", Hire, "招待を再送" / "Invitation re-sent";
    AccountDisabled = "account.disabled", Account, "アカウントを無効化" / "Account disabled";
    NdaSigned = "nda.signed", Nda, "誓約書に署名" / "Agreement signed";
    NdaPdfDownloaded = "nda.pdf_downloaded", Nda, "誓約書PDFをダウンロード" / "Agreement PDF downloaded";
    QuizReset = "quiz.reset", Quiz, "確認テストの受験回数をリセット" / "Quiz attempts reset";
    QuizSubmitted = "quiz.submitted", Quiz, "確認テストを提出" / "Quiz submitted";
    CardGranted = "card.granted", Card, "カード受け取りを許可" / "Card pickup granted";
    CardClaimed = "card.claimed", Card, "キオスクで受け取り開始" / "Pickup started at a kiosk";
    CardClaimReleased = "card.claim_released", Card, "受け取りを中断" / "Pickup abandoned";
    CardPinSet = "card.pin_set", Card, "PINを表示" / "PIN shown";
    CardPinFailed = "card.pin_failed", Card, "PINの誤り" / "Wrong PIN";
    CardGrantLocked = "card.grant_locked", Card, "受け取りをロック" / "Pickup locked";
    CardIssued = "card.issued", Card, "カードを発行" / "Card issued";
    CardLost = "card.lost", Card, "カードを紛失として失効" / "Card revoked as lost";
    CardReturned = "card.returned", Card, "カードの返却" / "Card returned";
    CardRevoked = "card.revoked", Card, "カードを失効（退職）" / "Card revoked (leaver)";
    CardGrantRevoked = "card.grant_revoked", Card, "受け取りを取り消し" / "Pickup revoked";
    HireEvidenceDownloaded = "hire.evidence_downloaded", Hire, "証跡パッケージをダウンロード" / "Evidence bundle downloaded";
    HireReminded = "hire.reminded", Hire, "リマインドをメールで送信" / "Reminder emailed";
    HireRetrainingStarted = "hire.retraining_started", Hire, "研修の受け直しを開始" / "Started a new round of training";
    HireInviteCancelled = "hire.invite_cancelled", Hire, "招待を取り消し" / "Invitation cancelled";
    HiresSearched = "hires.searched", Hire, "新入社員を検索" / "Hires searched";
    HiresImported = "hires.imported", Hire, "CSVで一括招待" / "Hires imported";
    AuthSignedIn = "auth.signed_in", Auth, "サインイン" / "Signed in";
    AuthSignInFailed = "auth.sign_in_failed", Auth, "サインイン失敗" / "Sign-in failed";
    AuthPasswordChanged = "auth.password_changed", Auth, "パスワードを変更" / "Password changed";
    AuthPasswordChangeFailed = "auth.password_change_failed", Auth, "パスワード変更の失敗（現在のパスワードの誤り）" / "Password change failed (wrong current password)";
    AuthSessionEnded = "auth.session_ended", Auth, "端末のサインインを終了" / "A session signed out";
    AuthResetIssued = "auth.password_reset_issued", Auth, "パスワード再設定リンクを発行" / "Password reset link issued";
    AuthResetMailFailed = "auth.password_reset_mail_failed", Auth, "再設定リンクをメールで送れず画面に表示" / "Reset link could not be emailed and was shown instead";
    AuthResetRequested = "auth.password_reset_requested", Auth, "パスワード再設定をメールで依頼" / "Password reset asked for by email";
    AuthPasswordReset = "auth.password_reset", Auth, "再設定リンクでパスワードを設定" / "Password set from a reset link";
    AuthSecondFactorEnrolled = "auth.second_factor_enrolled", Auth, "二段階認証（認証アプリ）を設定" / "Authenticator app set up";
    AuthSecondFactorFailed = "auth.second_factor_failed", Auth, "確認コードの誤り" / "Wrong sign-in code";
    AuthSecondFactorReset = "auth.second_factor_reset", Auth, "二段階認証を解除（管理者）" / "Authenticator removed by an administrator";
    AuthSsoLinked = "auth.sso_linked", Auth, "ID管理サービスのアカウントを連携" / "Linked to the identity provider's account";
    AuthSsoRefused = "auth.sso_refused", Auth, "シングルサインオンを拒否（権限を与えるグループなし）" / "Single sign-on refused (no group gives a role)";
    AccountRoleChanged = "account.role_changed", Account, "権限を変更" / "Role changed";
    AuditSearched = "audit.searched", Audit, "監査ログを検索" / "Audit log searched";
    AuditCheckpoint = "audit.checkpoint", Audit, "監査ログのチェックポイントを署名" / "Audit log checkpoint sealed";
    HiresExported = "hires.exported", Hire, "新入社員一覧をCSVで書き出し" / "Hire list exported";
    RegisterExported = "register.exported", Register, "研修記録台帳を書き出し" / "Training register exported";
    RemindersSent = "reminders.sent", Reminders, "リマインドを一斉送信" / "Reminders sent";
    ManagerSitesChanged = "account.manager_sites_changed", Account, "責任者の担当拠点を変更" / "Manager's sites changed";
    ExceptionRequested = "exception.requested", Exception, "持込許可を申請" / "Exception requested";
    ExceptionApproved = "exception.approved", Exception, "持込許可を承認" / "Exception approved";
    ExceptionRefused = "exception.refused", Exception, "持込許可を却下" / "Exception refused";
    ExceptionRevoked = "exception.revoked", Exception, "持込許可を取り消し" / "Exception revoked";
    ExceptionsExported = "exception.exported", Exception, "持込許可の一覧をCSVで書き出し" / "Device exceptions exported";
    ExceptionEnded = "exception.ended", Exception, "持込許可が終了（期間・研修期限・無効化）" / "Exception ended (period, training or deactivation)";
    CardLeftList = "card.left_list", Card, "研修の期限切れでカードを入退室一覧から除外" / "Card left the door list (training expired)";
    CardBackOnList = "card.back_on_list", Card, "研修の再修了でカードを入退室一覧に復帰" / "Card back on the door list (training renewed)";
    DoorEventsRecorded = "door.events_recorded", Door, "入退室・座席システムがイベントを送信" / "Door system sent events";
    DoorReportExported = "door.report_exported", Door, "入室記録の報告書を書き出し" / "Room entry report exported";
    WebhookCreated = "door.webhook_created", Door, "Webhookの送信先を追加" / "Webhook endpoint added";
    WebhookDisabled = "door.webhook_disabled", Door, "Webhookの送信先を停止" / "Webhook endpoint stopped";
    DoorChangesRead = "door.changes_read", Door, "入退室システムが変更を取得" / "Door system read the changes";
    ExceptionDeskViewed = "exception.desk_viewed", Exception, "責任者が拠点の申請と人員を閲覧" / "Manager viewed their sites' requests and people";
}

impl FromStr for AuditAction {
    type Err = UnknownAction;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .iter()
            .copied()
            .find(|action| action.name() == name)
            .ok_or_else(|| UnknownAction(name.into()))
    }
}

/// A stored action name this version of Mamoru does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown audit action {0:?}")]
pub struct UnknownAction(pub String);

impl Serialize for AuditAction {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for AuditAction {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        name.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_is_found_by_its_kind_and_by_its_name() {
        for &action in AuditAction::ALL {
            assert!(action.name().starts_with(action.kind().prefix()), "{action:?}");
            assert_eq!(action.name().parse(), Ok(action));
        }
        assert_eq!("card.unknown".parse::<AuditAction>(), Err(UnknownAction("card.unknown".into())));
    }

    #[test]
    fn names_and_kinds_are_each_used_once() {
        let names: std::collections::HashSet<_> = AuditAction::ALL.iter().map(|a| a.name()).collect();
        assert_eq!(names.len(), AuditAction::ALL.len());
        for &kind in AuditKind::ALL {
            assert_eq!(AuditKind::from_prefix(kind.prefix()), Some(kind));
            assert!(AuditAction::ALL.iter().any(|a| a.kind() == kind), "{kind:?} has no action");
        }
    }

    #[test]
    fn actions_cross_the_wire_by_name() {
        let json = serde_json::to_string(&AuditAction::CardIssued).expect("json");
        assert_eq!(json, "\"card.issued\"");
        assert_eq!(serde_json::from_str::<AuditAction>(&json).expect("parse"), AuditAction::CardIssued);
        assert!(serde_json::from_str::<AuditAction>("\"nope\"").is_err());
    }
}
