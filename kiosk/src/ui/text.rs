//! Every sentence the kiosk shows, in Japanese and English.

use crate::flow::{Lang, Notice, Problem};
use mamoru_seal::kiosk::RefusalCode;

/// One sentence in both languages.
#[derive(Debug, Clone, Copy)]
pub struct Text {
    pub ja: &'static str,
    pub en: &'static str,
}

impl Text {
    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Ja => self.ja,
            Lang::En => self.en,
        }
    }
}

const fn t(ja: &'static str, en: &'static str) -> Text {
    Text { ja, en }
}

pub const TITLE: Text = t("Mamoru カード受け取り", "Mamoru card pickup");
pub const OTHER_LANG: Text = t("English", "日本語");
pub const SIMULATED: Text =
    t("テストモード：カードリーダーはシミュレーションです", "Test mode: the card reader is simulated");

pub const START_HEADING: Text = t("スタッフカードの受け取り", "Collect your staff card");
pub const START_LEAD: Text = t(
    "QRコードをスキャンするか、受け取りコードを入力してください。",
    "Scan your QR code or type your pickup code.",
);
pub const CODE_LABEL: Text = t("受け取りコード", "Pickup code");
pub const CODE_HINT: Text =
    t("例：ABCD-EFGH-JKMN（大文字・小文字は区別しません）", "For example ABCD-EFGH-JKMN (any case)");
pub const NEXT: Text = t("次へ", "Next");

pub const PIN_LEAD: Text = t(
    "ホーム画面に表示された6桁のPINを入力してください。",
    "Enter the 6-digit PIN shown on your home screen.",
);
pub const CONFIRM: Text = t("確認する", "Confirm");
pub const CANCEL: Text = t("やめる", "Cancel");

pub const CARD_HEADING: Text = t("カードを読み取ります", "Read your card");
pub const CARD_LEAD: Text = t(
    "カードをリーダーに置いて「読み取る」を押してください",
    "Place the card on the reader and press “Read”.",
);
pub const READ: Text = t("読み取る", "Read");

pub const DONE_HEADING: Text = t("カードを発行しました", "Your card is issued");
pub const DONE_LEAD: Text =
    t("カードをお受け取りください。手続きはこれで終わりです。", "Please take your card. You are all set.");
pub const BACK_TO_START: Text = t("最初の画面に戻る", "Back to the start");

pub const ERROR_HEADING: Text = t("手続きを続けられません", "This cannot continue");
pub const START_AGAIN: Text = t("最初からやり直す", "Start again");

pub const IDLE_WARNING: Text = t(
    "しばらく操作がありません。まもなく最初の画面に戻ります。続けるときは「続ける」を押してください。",
    "Nothing has happened for a while: this screen goes back to the start soon. To carry on, press “Continue”.",
);
pub const STAY: Text = t("続ける", "Continue");
pub const IDLE_OVER: Text =
    t("時間が経ったため、手続きを中断しました。", "The time ran out, so the steps were stopped.");
pub const START: Text = t("はじめる", "Start");

pub const FORBIDDEN: Text = t(
    "この操作は受け付けられません。キオスクの画面から操作してください。",
    "This request is not accepted. Please use the kiosk's own screen.",
);

/// `ステップ 2 / 4`: where the person is in the steps.
pub fn step_count(step: u8, of: u8, lang: Lang) -> String {
    match lang {
        Lang::Ja => format!("ステップ {step} / {of}"),
        Lang::En => format!("Step {step} of {of}"),
    }
}

/// `山田 太郎 さん`: the PIN page's greeting.
pub fn greeting(name: &str, lang: Lang) -> String {
    match lang {
        Lang::Ja => format!("{name} さん"),
        Lang::En => name.to_owned(),
    }
}

pub fn notice(notice: Notice, lang: Lang) -> String {
    match notice {
        Notice::CodeMalformed => t(
            "コードを読み取れませんでした。QRコードをスキャンするか、12文字の受け取りコードを入力してください。",
            "That code could not be read. Scan the QR code or type the 12-character pickup code.",
        )
        .get(lang)
        .to_owned(),
        Notice::CodeUnknown => refusal(RefusalCode::UnknownGrant).get(lang).to_owned(),
        Notice::PinMalformed => t("PINは6桁の数字です。", "The PIN is 6 digits.").get(lang).to_owned(),
        Notice::PinWrong { attempts_left: Some(left) } => match lang {
            Lang::Ja => format!("PINが正しくありません。あと{left}回まちがえるとロックされます。"),
            Lang::En => format!("That PIN is not correct. {left} more wrong tries lock the code."),
        },
        Notice::PinWrong { attempts_left: None } => refusal(RefusalCode::PinWrong).get(lang).to_owned(),
        Notice::CardInUse => refusal(RefusalCode::CardInUse).get(lang).to_owned(),
    }
}

pub fn problem(problem: Problem) -> Text {
    match problem {
        Problem::Unreachable => t(
            "サーバーに接続できません。カードは発行できません。係員にお知らせください。",
            "Cannot connect to the server. No card can be issued. Please tell a staff member.",
        ),
        Problem::Refused(code) => refusal(code),
        Problem::BadAnswer => t(
            "サーバーの応答を確認できません。カードは発行できません。係員にお知らせください。",
            "The server's answer could not be understood. No card can be issued. Please tell a staff member.",
        ),
        Problem::NotAGrant => t(
            "このコードは使えません。ご本人のホーム画面に表示されたコードか確認してください。",
            "This code cannot be used. Check that it is the code shown on your own home screen.",
        ),
        Problem::GrantExpired => refusal(RefusalCode::Expired),
        Problem::ReadFailed => t(
            "カードを読み取れませんでした。カードは発行されていません。最初からやり直してください。",
            "The card could not be read. No card was issued. Please start again.",
        ),
        Problem::KioskFault => t(
            "この端末でエラーが起きました。カードは発行できません。係員にお知らせください。",
            "This kiosk had an error. No card can be issued. Please tell a staff member.",
        ),
    }
}

/// The words for each of the server's refusals.
pub fn refusal(code: RefusalCode) -> Text {
    match code {
        RefusalCode::KioskRefused => t(
            "この端末はサーバーに受け付けられていません。カードは発行できません。係員にお知らせください。",
            "The server does not accept this kiosk. No card can be issued. Please tell a staff member.",
        ),
        RefusalCode::EnrollmentInvalid => t(
            "登録コードが不明、使用済み、または期限切れです。管理者に新しいコードを依頼してください。",
            "The enrollment code is unknown, used or expired: ask an admin for a new one.",
        ),
        RefusalCode::UnknownGrant => t(
            "この受け取りコードは見つかりません。コードを確かめて、もう一度入力してください。",
            "This pickup code was not found. Check it and type it again.",
        ),
        RefusalCode::NotClaimable => t(
            "このコードではカードを受け取れません（受け取り済み、取り消し済み、または別の端末で手続き中）。HRに連絡してください。",
            "This code cannot be used to collect a card: it was used, revoked, or is in use at another kiosk. Please contact HR.",
        ),
        RefusalCode::Expired => t(
            "このコードは有効期限が切れています。HRに連絡してください。",
            "This code has expired. Please contact HR.",
        ),
        RefusalCode::PinNotSet => t(
            "PINがまだありません。ホーム画面でPINを表示してから、もう一度お試しください。",
            "There is no PIN yet. Show your PIN on your home screen, then try again.",
        ),
        RefusalCode::PinWrong => t("PINが正しくありません。", "That PIN is not correct."),
        RefusalCode::Locked => t(
            "PINを何度もまちがえたため、このコードはロックされました。HRに連絡してください。",
            "Too many wrong PINs: this code is locked. Please contact HR.",
        ),
        RefusalCode::CardInUse => t(
            "このカードはすでに使われています。別の新しいカードを置いて、もう一度「読み取る」を押してください。",
            "This card is already in use. Place another new card on the reader and press “Read” again.",
        ),
        RefusalCode::BadRequest => t(
            "要求を処理できませんでした。カードは発行されていません。最初からやり直してください。",
            "The request could not be processed. No card was issued. Please start again.",
        ),
        RefusalCode::Busy => t(
            "サーバーが混み合っています。カードはまだ発行されていません。数秒待ってから、もう一度お試しください。",
            "The server is busy. No card has been issued yet. Wait a few seconds and try again.",
        ),
        RefusalCode::Internal => t(
            "サーバーでエラーが起きました。カードは発行できません。係員にお知らせください。",
            "The server had an error. No card can be issued. Please tell a staff member.",
        ),
    }
}
