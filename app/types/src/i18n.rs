//! Japanese first, English second. Every text the UI shows is a [`Text`] constant here,
//! so a missing translation cannot compile.

use serde::{Deserialize, Serialize};
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Ja,
    En,
}

impl Lang {
    /// The cookie that remembers the choice (not a secret; readable by the page).
    pub const COOKIE: &'static str = "mamoru_lang";

    pub fn code(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Ja => Lang::En,
            Lang::En => Lang::Ja,
        }
    }

    /// The language named in a `Cookie` header, Japanese when there is none.
    pub fn from_cookie_header(header: &str) -> Lang {
        header
            .split(';')
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == Self::COOKIE)
            .and_then(|(_, value)| value.parse().ok())
            .unwrap_or_default()
    }
}

impl FromStr for Lang {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "ja" => Ok(Lang::Ja),
            "en" => Ok(Lang::En),
            _ => Err(()),
        }
    }
}

/// One UI text in both languages.
#[derive(Debug, Clone, Copy)]
pub struct Text {
    pub ja: &'static str,
    pub en: &'static str,
}

impl Text {
    pub const fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Ja => self.ja,
            Lang::En => self.en,
        }
    }
}

macro_rules! texts {
    ($($name:ident: $ja:literal / $en:literal;)*) => {
        $(pub const $name: Text = Text { ja: $ja, en: $en };)*
    };
}

texts! {
    APP_NAME: "Mamoru" / "Mamoru";
    TAGLINE: "個人情報を守る新人研修" / "Onboarding that protects personal information";
    SWITCH_LANGUAGE: "English" / "日本語";
    SWITCH_LANGUAGE_LABEL: "表示言語を英語に切り替える" / "Switch the language to Japanese";
    MAIN_NAV: "メインメニュー" / "Main menu";
    SKIP_TO_CONTENT: "本文へ移動" / "Skip to content";
    SIGN_IN: "サインイン" / "Sign in";
    SIGN_OUT: "サインアウト" / "Sign out";
    SIGNED_IN_AS: "サインイン中:" / "Signed in as";
    EMAIL: "メールアドレス" / "Email address";
    PASSWORD: "パスワード" / "Password";
    NEW_PASSWORD: "新しいパスワード" / "New password";
    PASSWORD_AGAIN: "パスワード（確認）" / "Password again";
    PASSWORD_HINT: "12〜128文字。よく使われるパスワードは使えません。" / "12 to 128 characters. Common passwords are refused.";
    FULL_NAME: "氏名" / "Full name";
    ROLE: "権限" / "Role";
    ROLE_ADMIN: "管理者" / "Administrator";
    ROLE_HR: "人事" / "HR";
    ROLE_HIRE: "新入社員" / "New hire";
    WORKING: "処理中…" / "Working…";
    LOADING: "読み込み中…" / "Loading…";
    STATUS: "状態" / "Status";
    ACTIVE: "有効" / "Active";
    DISABLED: "無効" / "Disabled";
    DISABLE: "無効にする" / "Disable";
    COPY_HINT: "このリンクを本人に安全な方法で伝えてください。一度だけ使え、期限があります。" / "Give this link to the person through a safe channel. It works once and expires.";
    EXPIRES: "有効期限" / "Expires";

    HOME_NAV: "ホーム" / "Home";
    HR_NAV: "新入社員の管理" / "Hires";
    ADMIN_NAV: "職員アカウント" / "Staff accounts";

    SIGN_IN_TITLE: "Mamoru にサインイン" / "Sign in to Mamoru";
    SIGN_IN_LEAD: "招待メールで設定したパスワードを入力してください。" / "Use the password you set from your invitation.";

    SETUP_TITLE: "最初の管理者を作成" / "Create the first administrator";
    SETUP_LEAD: "このリンクは一度だけ使えます。作成した管理者で人事担当者のアカウントを作ります。" / "This link works once. The administrator you create here sets up the HR accounts.";
    SETUP_SUBMIT: "管理者を作成してサインイン" / "Create administrator and sign in";

    INVITE_TITLE: "Mamoru へようこそ" / "Welcome to Mamoru";
    INVITE_LEAD: "パスワードを設定すると研修を始められます。" / "Set a password to start your training.";
    INVITE_SUBMIT: "パスワードを設定して始める" / "Set password and start";
    INVITE_FOR: "招待された方:" / "Invited:";

    HOME_TITLE: "あなたの研修" / "Your training";
    HOME_LEAD: "顧客の個人情報を扱う前に、次の3つを済ませてください。" / "Before you may handle customers' personal information, complete these three steps.";
    STEP_NDA: "秘密保持誓約書に署名する" / "Sign the confidentiality agreement";
    STEP_CARD: "ロビーの端末で社員ICカードを受け取る" / "Collect your staff IC card at the lobby kiosk";
    STEP_NOT_STARTED: "未着手" / "Not started";
    STEP_CARD_SHORT: "社員ICカード" / "Staff IC card";
    CARD_NOT_YET: "研修のすべての単元に合格し、誓約書に署名すると、ここに受け取りコードが表示されます。" / "Pass every module and sign the agreement: your pickup code then appears here.";
    CARD_WAITING: "受け取り待ち" / "Ready to collect";
    CARD_AT_KIOSK: "端末で発行中" / "Being issued";
    CARD_ISSUED: "カード発行済み" / "Card issued";
    CARD_LOCKED: "ロック中" / "Locked";
    CARD_EXPIRED: "期限切れ" / "Expired";
    CARD_REVOKED: "失効" / "Revoked";
    CARD_HOW: "ロビーの端末でQRコードをかざすか、受け取りコードを入力し、PINを入力してください。" / "At the lobby kiosk, show the QR code or type the pickup code, then enter your PIN.";
    CARD_CODE: "受け取りコード" / "Pickup code";
    CARD_QR: "受け取り用QRコード（端末のスキャナーにかざしてください）" / "Pickup QR code (hold it to the kiosk's scanner)";
    CARD_EXPIRED_HINT: "受け取りの期限が過ぎました。人事担当者に再発行を依頼してください。" / "The pickup period has ended. Ask HR to re-issue it.";
    CARD_ISSUED_HINT: "社員ICカードは発行済みです。紛失したときはすぐに人事担当者に連絡してください。" / "Your staff IC card has been issued. If you lose it, tell HR at once.";
    PIN_SHOW: "PINを表示" / "Show my PIN";
    PIN_NEW: "新しいPINを表示" / "Show a new PIN";
    PIN_LABEL: "あなたのPIN" / "Your PIN";
    PIN_ONCE: "PINは今回だけ表示されます。誰にも見せず、端末で入力してください。" / "This PIN is shown only now. Keep it to yourself and enter it at the kiosk.";
    PIN_WAS_SET: "PINは表示済みです。忘れた場合は新しいPINを表示できます（前のPINは使えなくなります）。" / "Your PIN has been shown. If you forgot it, show a new one (the old one stops working).";
    CARD_LOST: "紛失" / "Lost";
    CARD_RETURNED: "返却" / "Returned";
    CARD_REISSUE: "再発行" / "Re-issue";

    DEVICES_KIOSKS_TITLE: "受付端末（キオスク）" / "Lobby kiosks";
    DEVICES_KIOSKS_LEAD: "登録コードを発行し、端末で mamoru-kiosk enroll を実行してください。コードは24時間、1回だけ使えます。" / "Create an enrollment code and run mamoru-kiosk enroll on the kiosk. The code works once, for 24 hours.";
    DEVICES_NEW_CODE: "登録コードを発行" / "Create enrollment code";
    DEVICES_CODE_CREATED: "登録コード（この画面でのみ表示）" / "Enrollment code (shown only now)";
    DEVICES_NO_KIOSKS: "登録された端末はありません。" / "No kiosk is enrolled.";
    DEVICES_ENROLLED: "登録日時" / "Enrolled";
    DEVICES_DOOR_TITLE: "入退室・座席システム用トークン" / "Door and desk system tokens";
    DEVICES_DOOR_LEAD: "有効なカードの一覧を GET /api/door/v1/cards（JSON）または cards.csv で取得できます。すべての読み取りは監査ログに残ります。" / "Systems read the active cards from GET /api/door/v1/cards (JSON) or cards.csv. Every read is written to the audit log.";
    DEVICES_TOKEN_NAME: "システム名" / "System name";
    DEVICES_TOKEN_CREATE: "トークンを作成" / "Create token";
    DEVICES_TOKEN_CREATED: "トークン（この画面でのみ表示）" / "Token (shown only now)";
    DEVICES_NO_TOKENS: "トークンはありません。" / "No token yet.";
    DEVICES_REVOKE: "失効させる" / "Revoke";

    HR_TITLE: "新入社員の管理" / "New hires";
    HR_INVITE_TITLE: "新入社員を招待" / "Invite a new hire";
    HR_INVITE_SUBMIT: "招待リンクを作成" / "Create invitation link";
    HR_INVITES_TITLE: "新入社員一覧" / "Hires";
    HR_NONE: "該当する新入社員はいません。" / "No hire matches.";
    KANA: "フリガナ" / "Reading (kana)";
    EMPLOYEE_NUMBER: "社員番号" / "Employee number";
    SITE: "勤務地" / "Site";
    START_DATE: "入社日" / "Start date";
    SITE_FILTER: "勤務地（完全一致）" / "Site (exact)";
    START_FROM: "入社日（から）" / "Start date from";
    START_TO: "入社日（まで）" / "Start date to";
    SEARCH: "検索（氏名・フリガナ・メール・社員番号）" / "Search (name, reading, email, employee number)";
    FILTER_APPLY: "絞り込む" / "Apply";
    FILTER_ANY: "すべて" / "All";
    TRAINING: "研修" / "Training";
    HIRES_COUNT: "件" / "hires";
    PAGE_PREV: "前のページ" / "Previous page";
    PAGE_NEXT: "次のページ" / "Next page";
    PAGE_OF: "ページ" / "Page";
    SEARCH_LOGGED: "検索は監査ログに記録されます。" / "Searches are written to the audit log.";
    STATE_INVITED: "招待中" / "Invited";
    STATE_IN_TRAINING: "研修中" / "In training";
    STATE_QUIZ_LOCKED: "小テストロック" / "Quiz locked";
    STATE_NDA_PENDING: "誓約書未署名" / "NDA pending";
    STATE_RESIGN_NEEDED: "再署名が必要" / "Re-sign needed";
    STATE_COMPLETED: "完了（カード未受領）" / "Completed (card not collected)";
    STATE_CARD_ISSUED: "カード発行済み" / "Card issued";
    STATE_EXPIRED: "有効期限切れ" / "Expired";
    EXPIRING_TITLE: "有効期限が近い・切れた人" / "Certification ending";
    EXPIRING_HINT: "研修と誓約書の有効期限が30日以内に切れる人と、すでに切れた人です（期限の早い順）。一覧の状態「有効期限切れ」でも絞り込めます。" / "Training and agreement expire within 30 days or have expired (soonest first). The list's state filter \"Expired\" finds them too.";
    EXPIRING_NONE: "30日以内に有効期限が切れる人はいません。" / "No certification ends within 30 days.";
    EXPIRED_COUNT: "有効期限切れ（受け直し待ち）" / "Expired (waiting to retrain)";
    CERTIFIED_UNTIL: "有効期限" / "Valid until";
    CERTIFICATION_VALID: "研修と誓約書はすべて完了しています。有効期限:" / "Your training and agreement are complete. Valid until";
    CERTIFICATION_EXPIRED: "研修と誓約書の有効期限が切れました" / "Your training and agreement have expired";
    CERTIFICATION_RENEW_HINT: "有効期限が近づいています。今から受け直すことができます。" / "The end is near: you can retake the training now.";
    CERTIFICATION_EXPIRED_HINT: "個人情報を扱い続けるには、研修と確認テストを受け直し、誓約書に改めて署名してください。これまでの記録は残ります。" / "To keep handling personal information, take the training and its quizzes again and sign the agreement again. Your earlier records are kept.";
    RESTART_TRAINING: "受講し直す" / "Retake the training";
    ATTEMPT_EARLIER_ROUND: "以前の受講（期限切れ）" / "earlier round (expired)";
    STATE_DEACTIVATED: "無効（退職）" / "Deactivated (left)";
    INVITE_CREATED: "招待リンクを作成しました" / "Invitation link created";

    DASHBOARD_TITLE: "概況" / "Overview";
    FUNNEL_TITLE: "完了までの進み具合" / "Completion funnel";
    FUNNEL_INVITED: "招待" / "Invited";
    FUNNEL_TRAINED: "研修修了" / "Trained";
    FUNNEL_SIGNED: "誓約書署名" / "Signed";
    FUNNEL_CARD: "カード受領" / "Card";
    OVERDUE_TITLE: "入社日を過ぎて未完了" / "Overdue";
    OVERDUE_HINT: "入社日を過ぎても研修か誓約書が終わっていない人です（入社日の早い順）。" / "Start date passed, training or agreement not done (earliest start first).";
    OVERDUE_NONE: "遅れている人はいません。" / "Nobody is overdue.";
    REMIND_SEND: "遅れている人にリマインドをメールで送る" / "Email a reminder to everyone overdue";
    REMIND_DRAFT: "リマインドの宛先と文面を表示（コピー用）" / "Show addresses and message to copy";
    REMIND_SENT: "件のリマインドを送りました。" / "reminders sent.";
    REMIND_FAILED: "送れなかった社員番号:" / "Not sent (employee numbers):";
    REMIND_ADDRESSES: "宛先（BCCに貼り付け）" / "Addresses (paste into Bcc)";
    REMIND_SUBJECT: "件名" / "Subject";
    REMIND_BODY: "本文" / "Message";
    EXPORT_LIST: "この一覧をCSVで書き出す" / "Export this list (CSV)";
    EXPORT_REGISTER: "研修記録台帳（過去2年）をCSVで書き出す" / "Export the training register, last two years (CSV)";
    IMPORT_TITLE: "CSVで一括招待" / "Invite from a CSV file";
    IMPORT_FILE: "CSVファイル" / "CSV file";
    IMPORT_HINT: "1行目は見出し: 氏名,フリガナ,メールアドレス,社員番号,勤務地,入社日（UTF-8 または Shift_JIS）。問題が1行でもあれば、何も取り込みません。" / "First row: the headings name,kana,email,employee_number,site,start_date (Japanese headings also work; UTF-8 or Shift_JIS). If any row has a problem, nothing is imported.";
    IMPORT_SUBMIT: "確認して取り込む" / "Check and import";
    IMPORT_DONE: "名を招待しました。各自にリンクを渡してください。" / "hires invited. Hand each their link.";
    IMPORT_REJECTED: "問題があるため、何も取り込んでいません。修正して、もう一度アップロードしてください。" / "Nothing was imported because of these problems. Fix them and upload the file again.";
    IMPORT_ROW: "行" / "Row";
    IMPORT_COLUMN: "列" / "Column";
    IMPORT_REASON: "問題" / "Problem";
    IMPORT_WHOLE_FILE: "ファイル全体" / "Whole file";
    IMPORT_UNREADABLE: "CSVとして読めません。UTF-8 または Shift_JIS のCSVで保存してください。" / "This is not a readable CSV file. Save it as CSV in UTF-8 or Shift_JIS.";
    IMPORT_NO_ROWS: "見出しの下に新入社員の行がありません。" / "There is no hire below the heading row.";
    IMPORT_TOO_MANY: "一度に取り込めるのは2000行までです。ファイルを分けてください。" / "One import takes at most 2000 rows. Split the file.";
    IMPORT_MISSING_COLUMN: "見出しにこの列がありません。" / "The heading row lacks this column.";
    IMPORT_CELL_COUNT: "列の数が見出しと合いません。" / "This row has a different number of cells from the heading.";
    IMPORT_DUPLICATE: "ファイル内で重複しています（最初の行）" / "Repeats an earlier row (first row)";
    AUDIT_NAV: "監査ログ" / "Audit log";
    AUDIT_TITLE: "監査ログ" / "Audit log";
    AUDIT_LEAD: "誰が・いつ・何をしたかの記録です。記録は追記のみで、変更・削除はできません（mamoru audit verify で改ざんを検査できます）。" / "Who did what, and when. Entries are append-only and cannot be changed or deleted (mamoru audit verify checks the chain).";
    AUDIT_CATEGORY: "種類" / "Kind";
    AUDIT_ACTOR: "操作者のメールアドレス" / "Actor's email";
    AUDIT_FROM: "期間（から）" / "From";
    AUDIT_TO: "期間（まで）" / "To";
    AUDIT_NONE: "該当する記録はありません。" / "No entry matches.";
    AUDIT_COUNT: "件" / "entries";
    AUDIT_DETAIL: "詳細" / "Detail";
    AUDIT_FROM_ADDRESS: "接続元" / "From address";
    AUDIT_CAT_AUTH: "サインイン" / "Sign-in";
    AUDIT_CAT_ACCOUNT: "アカウント" / "Accounts";
    AUDIT_CAT_HIRE: "新入社員（招待・閲覧・検索）" / "Hires (invites, views, searches)";
    AUDIT_CAT_QUIZ: "確認テスト" / "Quizzes";
    AUDIT_CAT_NDA: "誓約書の署名" / "Agreement signatures";
    AUDIT_CAT_AGREEMENT: "誓約書の公開" / "Agreement versions";
    AUDIT_CAT_CARD: "社員証カード" / "Staff cards";
    AUDIT_CAT_KIOSK: "キオスク" / "Kiosks";
    AUDIT_CAT_DOOR: "入退室システム" / "Door system";
    AUDIT_CAT_REGISTER: "研修記録台帳の書き出し" / "Training register exports";
    AUDIT_CAT_REMINDERS: "リマインドの一斉送信" / "Reminders sent";
    AUDIT_CAT_AUDIT: "監査ログの検索" / "Audit log searches";
    ACTION_SIGNED_IN: "サインイン" / "Signed in";
    ACTION_SIGN_IN_FAILED: "サインイン失敗" / "Sign-in failed";
    ACTION_HIRES_SEARCHED: "新入社員を検索" / "Hires searched";
    ACTION_HIRES_IMPORTED: "CSVで一括招待" / "Hires imported";
    ACTION_INVITE_CANCELLED: "招待を取り消し" / "Invitation cancelled";
    ACTION_HIRES_EXPORTED: "新入社員一覧をCSVで書き出し" / "Hire list exported";
    ACTION_REGISTER_EXPORTED: "研修記録台帳を書き出し" / "Training register exported";
    ACTION_REMINDERS_SENT: "リマインドを一斉送信" / "Reminders sent";
    ACTION_AUDIT_SEARCHED: "監査ログを検索" / "Audit log searched";
    ACTION_AUDIT_CHECKPOINT: "監査ログのチェックポイントを署名" / "Audit log checkpoint sealed";
    RECORD_TITLE: "新入社員の記録" / "Hire record";
    BACK_TO_HIRES: "新入社員一覧へ戻る" / "Back to the hires";
    RECORD_DETAILS: "基本情報" / "Details";
    RECORD_INVITATION: "招待" / "Invitation";
    RECORD_NOT_STARTED: "まだ登録していません。" / "Not registered yet.";
    RECORD_EVENTS: "記録（監査ログ）" / "Events (audit log)";
    EVIDENCE_DOWNLOAD: "証跡パッケージ（ZIP）をダウンロード" / "Download the evidence bundle (ZIP)";
    RECORD_VIEW_LOGGED: "この記録を開いたことは監査ログに残ります。" / "Opening this record is written to the audit log.";
    INVITATION_PENDING: "未使用" / "Not used yet";
    INVITATION_EXPIRED: "期限切れ（再送できます）" / "Expired (can be re-sent)";
    INVITATION_ACCEPTED: "登録済み" / "Registered";
    INVITE_RESEND: "招待を再送（新しいリンク）" / "Re-send (new link)";
    INVITE_CANCEL: "招待を取り消す" / "Cancel the invitation";
    DEACTIVATE: "退職者として無効化" / "Deactivate as a leaver";
    DEACTIVATE_CONFIRM: "ログイン中のセッションを終了し、社員証カードを失効させます。" / "This ends their sessions and revokes their staff card.";
    QUIZ_RESET: "再受験を許可" / "Allow a retake";
    ATTEMPT_OPEN: "未提出" / "Not submitted";
    ATTEMPT_PASSED: "合格" / "passed";
    ATTEMPT_FAILED: "不合格" / "failed";
    ATTEMPT_VOIDED: "リセット済み" / "reset";
    EVENT_AT: "日時" / "When";
    EVENT_WHAT: "内容" / "What";
    EVENT_WHO: "操作者" / "Who";
    ACTION_HIRE_INVITED: "招待を作成" / "Invited";
    ACTION_HIRE_VIEWED: "記録を閲覧" / "Record viewed";
    ACTION_INVITE_RESENT: "招待を再送" / "Invitation re-sent";
    ACTION_ACCOUNT_DISABLED: "アカウントを無効化" / "Account disabled";
    ACTION_NDA_SIGNED: "誓約書に署名" / "Agreement signed";
    ACTION_NDA_DOWNLOADED: "誓約書PDFをダウンロード" / "Agreement PDF downloaded";
    ACTION_QUIZ_RESET: "確認テストの受験回数をリセット" / "Quiz attempts reset";
    ACTION_QUIZ_SUBMITTED: "確認テストを提出" / "Quiz submitted";
    ACTION_CARD_GRANTED: "カード受け取りを許可" / "Card pickup granted";
    ACTION_CARD_CLAIMED: "キオスクで受け取り開始" / "Pickup started at a kiosk";
    ACTION_CARD_CLAIM_RELEASED: "受け取りを中断" / "Pickup abandoned";
    ACTION_CARD_PIN_SET: "PINを表示" / "PIN shown";
    ACTION_CARD_PIN_FAILED: "PINの誤り" / "Wrong PIN";
    ACTION_CARD_GRANT_LOCKED: "受け取りをロック" / "Pickup locked";
    ACTION_CARD_ISSUED: "カードを発行" / "Card issued";
    ACTION_CARD_LOST: "カードを紛失として失効" / "Card revoked as lost";
    ACTION_CARD_RETURNED: "カードの返却" / "Card returned";
    ACTION_CARD_REVOKED: "カードを失効（退職）" / "Card revoked (leaver)";
    ACTION_CARD_GRANT_REVOKED: "受け取りを取り消し" / "Pickup revoked";
    ACTION_REMINDED: "リマインドをメールで送信" / "Reminder emailed";
    ACTION_RETRAINING_STARTED: "研修の受け直しを開始" / "Started a new round of training";
    ACTION_EVIDENCE_DOWNLOADED: "証跡パッケージをダウンロード" / "Evidence bundle downloaded";
    ACTION_ACCOUNT_CREATED: "アカウントを作成" / "Account created";
    ACTION_ACCOUNT_INVITED: "職員を招待" / "Staff member invited";
    ACTION_ACCOUNT_REGISTERED: "招待から登録" / "Registered from an invitation";
    ACTION_AGREEMENT_PUBLISHED: "誓約書の版を公開" / "Agreement version published";
    ACTION_KIOSK_ENROLLMENT_CREATED: "受付端末の登録コードを発行" / "Kiosk enrollment code created";
    ACTION_KIOSK_ENROLLED: "受付端末を登録" / "Kiosk enrolled";
    ACTION_KIOSK_DISABLED: "受付端末を無効化" / "Kiosk disabled";
    ACTION_DOOR_TOKEN_CREATED: "入退室システム用トークンを作成" / "Door system token created";
    ACTION_DOOR_TOKEN_REVOKED: "入退室システム用トークンを無効化" / "Door system token revoked";
    ACTION_DOOR_CARDS_READ: "入退室システムがカード一覧を取得" / "Door system read the card list";

    ADMIN_TITLE: "職員アカウント" / "Staff accounts";
    ADMIN_CREATE_TITLE: "人事担当者を追加" / "Add an HR account";
    ADMIN_CREATE_SUBMIT: "招待リンクを作成" / "Create invitation link";
    ADMIN_USERS_TITLE: "アカウント一覧" / "Accounts";

    NOT_FOUND_TITLE: "ページが見つかりません" / "Page not found";
    NOT_FOUND_LEAD: "アドレスを確認してください。" / "Check the address.";
    FORBIDDEN_TITLE: "このページを開く権限がありません" / "You may not open this page";
    FORBIDDEN_LEAD: "必要なら管理者に問い合わせてください。" / "Ask an administrator if you need access.";
    BACK_HOME: "ホームへ戻る" / "Back to home";

    COURSE_PROGRESS: "合格した単元" / "Modules passed";
    MODULE_LOCKED: "未開放" / "Locked";
    MODULE_TODO: "未着手" / "To do";
    MODULE_IN_PROGRESS: "学習中" / "In progress";
    MODULE_PASSED: "合格" / "Passed";
    MODULE_FAILED: "不合格（ロック中）" / "Failed (locked)";
    MODULE_FAILED_HINT: "受験回数の上限に達しました。人事担当者に再受験の設定を依頼してください。" / "All attempts are used. Ask HR to reset this quiz.";
    LESSONS_READ: "読んだレッスン" / "Lessons read";
    STUDY: "学習する" / "Study";
    REVIEW: "復習する" / "Review";
    TAKE_QUIZ: "確認テストを受ける" / "Take the quiz";
    LESSON: "レッスン" / "Lesson";
    PREVIOUS_LESSON: "前のレッスン" / "Previous lesson";
    READ_NEXT: "読みました。次へ進む" / "I have read this. Next";
    READ_TO_QUIZ: "読みました。確認テストへ" / "I have read this. To the quiz";
    NDA_TITLE: "秘密保持誓約書" / "Confidentiality agreement";
    NDA_VERSION: "版" / "Version";
    NDA_ALREADY_SIGNED: "この版には署名済みです。" / "You have signed this version.";
    NDA_DOWNLOAD: "署名済みPDFをダウンロード" / "Download the signed PDF";
    NDA_RESIGN: "誓約書が改訂されました。新しい版を読んで、もう一度署名してください。" / "The agreement has been revised. Read the new version and sign it again.";
    NDA_READ_HINT: "全文を最後までスクロールして読むと、署名できるようになります。" / "Scroll through the whole text to the end; then you can sign.";
    NDA_READ_MORE: "まだ最後まで読んでいません。" / "You have not reached the end yet.";
    NDA_READ_DONE: "最後まで読みました。" / "You have read to the end.";
    NDA_CONSENTS: "確認事項（すべてにチェックしてください）" / "Confirm each statement";
    NDA_TYPED_NAME: "氏名（フルネーム）" / "Full name";
    NDA_TYPED_NAME_HINT: "登録されている氏名を入力してください:" / "Type your name as registered:";
    NDA_METHOD: "署名の方法" / "How to sign";
    NDA_METHOD_DRAWN: "手書きで署名する（マウス・指・ペン）" / "Draw my signature (mouse, finger or pen)";
    NDA_METHOD_TYPED: "入力した氏名で署名する（キーボードだけで操作する方）" / "Sign with my typed name (for keyboard-only use)";
    NDA_DRAW_HINT: "枠の中に署名してください。" / "Sign inside the box.";
    NDA_DRAW_LABEL: "署名欄" / "Signature box";
    NDA_CLEAR: "書き直す" / "Clear";
    NDA_SIGN: "同意して署名する" / "Agree and sign";
    NDA_SIGNED_TITLE: "署名が完了しました" / "Signed";
    NDA_SIGNED_LEAD: "誓約書への署名を記録し、電子的に封印しました。" / "Your signature is recorded and sealed.";
    NDA_CODE: "検証コード" / "Verification code";
    NDA_STATUS_NOT_SIGNED: "未署名" / "Not signed";
    NDA_STATUS_SIGNED: "署名済み" / "Signed";
    NDA_STATUS_RESIGN: "再署名が必要" / "Sign again";
    NDA_OPEN: "誓約書を読んで署名する" / "Read and sign the agreement";
    NDA_COPY: "署名済みPDF" / "Signed PDF";
    PDF_SIGNER: "署名者" / "Signer";
    PDF_TYPED_NAME: "入力された氏名" / "Typed name";
    PDF_SIGNED_AT: "署名日時" / "Signed at";
    PDF_SIGNATURE: "署名" / "Signature";
    PDF_TYPED_SIGNATURE: "入力した氏名による署名（手書きなし）" / "Signed with the typed name (no drawing)";
    PDF_EVIDENCE_TITLE: "署名の証拠" / "Evidence of signature";
    PDF_EVIDENCE_LEAD: "この記録は署名の時点でMamoruの署名鍵（Ed25519）により封印され、このPDFに埋め込まれています。検証ページにPDFをアップロードするか検証コードを入力すると、本物かどうか、改ざんされていないかを確かめられます。" / "This record was sealed with Mamoru's signing key (Ed25519) when the agreement was signed, and is embedded in this PDF. Upload the PDF or enter the verification code on the verification page to check that it is genuine and unaltered.";
    PDF_VERIFY_AT: "検証ページ" / "Verify at";
    PDF_AGREEMENT: "誓約書と版" / "Agreement and version";
    PDF_TEXT_HASH: "本文のSHA-256" / "SHA-256 of the text";
    PDF_METHOD: "署名の方法" / "Method";
    PDF_METHOD_DRAWN: "手書き" / "Drawn";
    PDF_METHOD_TYPED: "氏名の入力のみ" / "Typed name only";
    PDF_DRAWING_HASH: "手書き署名のSHA-256" / "SHA-256 of the drawing";
    PDF_IP: "IPアドレス" / "IP address";
    PDF_USER_AGENT: "ブラウザ" / "Browser";
    PDF_KEY_ID: "署名鍵" / "Signing key";
    PDF_SEAL: "封印（署名値）" / "Seal (signature)";
    VERIFY_NAV: "誓約書の検証" / "Verify an agreement";
    VERIFY_TITLE: "署名済み誓約書の検証" / "Verify a signed agreement";
    VERIFY_LEAD: "Mamoruで署名された誓約書が本物で、改ざんされていないかを確かめます。" / "Check that an agreement signed in Mamoru is genuine and unaltered.";
    VERIFY_BY_FILE: "PDFファイルで確かめる" / "Check a PDF file";
    VERIFY_FILE_LABEL: "署名済みPDF" / "Signed PDF";
    VERIFY_BY_CODE: "検証コードで確かめる" / "Check a verification code";
    VERIFY_CODE_LABEL: "検証コード（PDFに記載）" / "Verification code (printed on the PDF)";
    VERIFY_CHECK: "検証する" / "Verify";
    VERDICT_GENUINE: "本物です。改ざんされていません。" / "Genuine: this agreement has not been altered.";
    VERDICT_SIGNED_ON: "署名日" / "Signed on";
    VERDICT_SIGNER: "署名者" / "Signed by";
    VERDICT_ALTERED: "改ざんされています。" / "Altered.";
    VERDICT_ALTERED_HINT: "この文書は、署名された時点から変更されています。原本を発行元に確認してください。" / "This document has changed since it was signed. Ask the issuer for the original.";
    VERDICT_UNKNOWN: "確認できません。" / "Unknown.";
    VERDICT_UNKNOWN_HINT: "Mamoruで署名された誓約書ではないか、コードが正しくありません。" / "This is not an agreement signed in Mamoru, or the code is wrong.";
    AGREEMENTS_TITLE: "誓約書の版" / "Agreement versions";
    AGREEMENTS_LEAD: "新しい版を公開すると、古い版に署名した全員に再署名を求めます。" / "Publishing a new version asks everyone who signed an older one to sign again.";
    AGREEMENT_CURRENT: "現在の版" / "Current";
    AGREEMENT_PUBLISHED: "公開日" / "Published";
    AGREEMENT_NOT_PUBLISHED: "未公開" / "Not published";
    AGREEMENT_PUBLISH: "この版を公開する" / "Publish this version";
    BACK_TO_COURSE: "研修の一覧へ戻る" / "Back to the course";
    QUIZ_TITLE: "確認テスト" / "Quiz";
    QUIZ_RULES: "問題は毎回ランダムに出題されます。合格点に届かなかった場合は、受験回数の上限まで受け直せます。" / "Questions are drawn at random each time. If you miss the pass mark, you may try again up to the attempt limit.";
    QUIZ_PASS_MARK: "合格点" / "Pass mark";
    QUIZ_ATTEMPT: "受験回数" / "Attempt";
    QUIZ_START: "確認テストを始める" / "Start the quiz";
    QUIZ_SUBMIT: "回答を提出する" / "Submit answers";
    QUIZ_CHOOSE_ONE: "1つ選んでください" / "Choose one";
    QUIZ_CHOOSE_ALL: "当てはまるものをすべて選んでください" / "Choose every answer that applies";
    QUIZ_QUESTION: "問" / "Question";
    QUIZ_SCORE: "得点" / "Score";
    QUIZ_PASSED: "合格です。次の単元に進めます。" / "You passed. The next module is open.";
    QUIZ_FAILED: "合格点に届きませんでした。解説を読んで、もう一度挑戦してください。" / "You did not reach the pass mark. Read the explanations and try again.";
    QUIZ_ATTEMPTS_LEFT: "残りの受験回数" / "Attempts left";
    QUIZ_RIGHT: "正解" / "Correct";
    QUIZ_WRONG: "不正解" / "Incorrect";
    QUIZ_YOUR_ANSWER: "あなたの回答" / "Your answer";
    QUIZ_CORRECT_ANSWER: "正しい答え" / "Right answer";
    QUIZ_EXPLANATION: "解説" / "Explanation";
    QUIZ_RETRY: "もう一度受ける" / "Try again";
    ERR_EMAIL_INVALID: "メールアドレスの形式が正しくありません。" / "The email address is not valid.";
    ERR_NAME_INVALID: "氏名を1〜100文字で入力してください。" / "Enter a name of 1 to 100 characters.";
    ERR_PASSWORD_SHORT: "パスワードは12文字以上にしてください。" / "The password must be at least 12 characters.";
    ERR_PASSWORD_LONG: "パスワードは128文字以内にしてください。" / "The password must be at most 128 characters.";
    ERR_PASSWORD_COMMON: "よく使われるパスワードです。推測されにくいものにしてください。" / "This password is too common. Choose one that is hard to guess.";
    ERR_PASSWORD_MISMATCH: "確認用のパスワードが一致しません。" / "The two passwords do not match.";
    ERR_ROLE_INVALID: "権限の指定が正しくありません。" / "The role is not valid.";
    ERR_BAD_CREDENTIALS: "メールアドレスまたはパスワードが違います。" / "The email address or password is wrong.";
    ERR_LOCKED: "サインインの失敗が続いたため、しばらくロックしています。時間をおいてやり直してください。" / "Too many failed sign-ins. Wait a while and try again.";
    ERR_RATE_LIMITED: "このネットワークからのサインインの失敗が多すぎます。この端末で以前サインインしたことがあれば、そのブラウザーから、なければ時間をおいてやり直してください。" / "Too many failed sign-ins from this network. Sign in from a browser you have used here before, or wait a while and try again.";
    ERR_BUSY: "ただいま混み合っています。数秒待ってからもう一度お試しください。" / "Mamoru is busy right now. Wait a few seconds and try again.";
    ERR_UNAUTHENTICATED: "サインインが必要です。セッションが切れた場合はもう一度サインインしてください。" / "Please sign in. If your session ended, sign in again.";
    ERR_FORBIDDEN: "この操作を行う権限がありません。" / "You are not allowed to do this.";
    ERR_LINK_INVALID: "このリンクは無効か、期限切れか、使用済みです。担当者に新しいリンクを依頼してください。" / "This link is invalid, expired or already used. Ask for a new one.";
    ERR_EMAIL_TAKEN: "このメールアドレスはすでに登録または招待されています。" / "This email address is already registered or invited.";
    ERR_NOT_FOUND: "対象が見つかりません。" / "Not found.";
    ERR_MODULE_LOCKED: "この単元はまだ受講できません。前の単元の確認テストに合格してください。" / "This module is not open yet. Pass the previous module's quiz first.";
    ERR_QUIZ_NOT_READY: "確認テストの前に、この単元のレッスンをすべて読んでください。" / "Read every lesson of this module before taking its quiz.";
    ERR_QUIZ_PASSED: "この確認テストにはすでに合格しています。" / "You have already passed this quiz.";
    ERR_NO_ATTEMPTS_LEFT: "受験回数の上限に達しました。人事担当者に再受験の設定を依頼してください。" / "You have used every attempt. Ask HR to reset the quiz.";
    ERR_QUIZ_SUBMITTED: "この回答はすでに提出されています。" / "These answers have already been submitted.";
    ERR_ANSWERS_INVALID: "回答の形式が正しくありません。ページを再読み込みしてやり直してください。" / "The answers do not match the questions. Reload the page and try again.";
    ERR_NOT_LOCKED: "この単元はロックされていないため、リセットできません。" / "This module is not locked, so there is nothing to reset.";
    ERR_NOT_EXPIRED: "研修と誓約書はまだ有効です。有効期限の30日前から受け直せます。" / "Your training and agreement are still valid; you can retake them from 30 days before they expire.";
    ERR_AGREEMENT_CHANGED: "誓約書の内容が更新されました。ページを再読み込みして、最新の版を読んでから署名してください。" / "The agreement has changed. Reload the page and read the latest version before signing.";
    ERR_CONSENTS_MISSING: "すべての確認事項にチェックを入れてください。" / "Tick every statement to confirm it.";
    ERR_NAME_MISMATCH: "入力した氏名が登録されている氏名と一致しません。登録どおりの氏名を入力してください（空白や全角・半角の違いは問いません）。" / "The name you typed does not match the name on record. Type your name as registered (spaces and full-width or half-width forms do not matter).";
    ERR_ALREADY_SIGNED: "この版の誓約書には署名済みです。" / "You have already signed this version of the agreement.";
    ERR_NOT_NEWER: "現在の版より新しい版だけを公開できます。" / "Only a version newer than the current one can be published.";
    ERR_EMPLOYEE_NUMBER_TAKEN: "この社員番号はすでに別の新入社員に使われています。" / "Another hire already has this employee number.";
    ERR_NO_GRANT_WAITING: "受け取り待ちのカードはありません。" / "No card is waiting to be collected.";
    ERR_GRANT_LOCKED: "PINを続けて間違えたため、カードの受け取りはロックされています。人事担当者に再発行を依頼してください。" / "Card pickup is locked after too many wrong PINs. Ask HR to re-issue it.";
    ERR_NOT_REISSUABLE: "再発行できるのは、ロック中または期限切れの受け取りだけです。" / "Only a locked or expired card pickup can be re-issued.";
    ERR_EMPLOYEE_NUMBER_INVALID: "社員番号は英数字とハイフンで20文字以内で入力してください。" / "Enter an employee number of up to 20 letters, digits and dashes.";
    ERR_KANA_INVALID: "フリガナはカタカナ（またはひらがな）で入力してください。" / "Enter the reading in katakana (or hiragana).";
    ERR_SEARCH_TOO_LONG: "検索する文字は100文字以内で入力してください。" / "Enter at most 100 characters to search for.";
    ERR_DATE_INVALID: "日付を YYYY-MM-DD の形で、実在する日で入力してください。" / "Enter a real date as YYYY-MM-DD.";
    ERR_LABEL_INVALID: "名前は1〜60文字で入力してください。" / "Enter a name of 1 to 60 characters.";
    ERR_UPLOAD_INVALID: "PDFファイルを選んでください（5 MBまで）。" / "Choose a PDF file (up to 5 MB).";
    ERR_SIGNATURE_SMALL: "署名が空か、小さすぎます。枠いっぱいに署名してください。" / "The signature is empty or too small. Sign across the box.";
    ERR_SIGNATURE_LARGE: "署名のデータが大きすぎます。「書き直す」を押して、もう一度署名してください。" / "The signature is too large to send. Press Clear and sign again.";
    ERR_MAIL_NOT_CONFIGURED: "メール送信（SMTP）が設定されていません。宛先と文面をコピーして送ってください。" / "Email (SMTP) is not configured. Copy the addresses and the message and send them yourself.";
    ERR_CSV_MISSING: "CSVファイルを選んでください（1 MBまで）。" / "Choose a CSV file (up to 1 MB).";
    ERR_INVITE_ACCEPTED: "この招待はすでに使われています（登録済み）。" / "This invitation was already accepted.";
    ERR_NOT_REGISTERED: "この新入社員はまだ登録していません。招待を取り消してください。" / "This hire has not registered yet. Cancel the invitation instead.";
    ERR_INTERNAL: "サーバーで問題が起きました。しばらくしてからやり直してください。" / "Something went wrong on the server. Try again shortly.";
    ERR_NETWORK: "サーバーに接続できません。接続を確認してやり直してください。" / "Cannot reach the server. Check the connection and try again.";
}

/// How an audit action reads to HR and admins (the audit screen, a hire's record).
pub fn action_text(action: &str) -> Option<Text> {
    Some(match action {
        "account.created" => ACTION_ACCOUNT_CREATED,
        "account.invited" => ACTION_ACCOUNT_INVITED,
        "account.registered" => ACTION_ACCOUNT_REGISTERED,
        "agreement.published" => ACTION_AGREEMENT_PUBLISHED,
        "kiosk.enrollment_created" => ACTION_KIOSK_ENROLLMENT_CREATED,
        "kiosk.enrolled" => ACTION_KIOSK_ENROLLED,
        "kiosk.disabled" => ACTION_KIOSK_DISABLED,
        "door_token.created" => ACTION_DOOR_TOKEN_CREATED,
        "door_token.revoked" => ACTION_DOOR_TOKEN_REVOKED,
        "door.cards_read" => ACTION_DOOR_CARDS_READ,
        "hire.invited" => ACTION_HIRE_INVITED,
        "hire.viewed" => ACTION_HIRE_VIEWED,
        "hire.invite_resent" => ACTION_INVITE_RESENT,
        "account.disabled" => ACTION_ACCOUNT_DISABLED,
        "nda.signed" => ACTION_NDA_SIGNED,
        "nda.pdf_downloaded" => ACTION_NDA_DOWNLOADED,
        "quiz.reset" => ACTION_QUIZ_RESET,
        "quiz.submitted" => ACTION_QUIZ_SUBMITTED,
        "card.granted" => ACTION_CARD_GRANTED,
        "card.claimed" => ACTION_CARD_CLAIMED,
        "card.claim_released" => ACTION_CARD_CLAIM_RELEASED,
        "card.pin_set" => ACTION_CARD_PIN_SET,
        "card.pin_failed" => ACTION_CARD_PIN_FAILED,
        "card.grant_locked" => ACTION_CARD_GRANT_LOCKED,
        "card.issued" => ACTION_CARD_ISSUED,
        "card.lost" => ACTION_CARD_LOST,
        "card.returned" => ACTION_CARD_RETURNED,
        "card.revoked" => ACTION_CARD_REVOKED,
        "card.grant_revoked" => ACTION_CARD_GRANT_REVOKED,
        "hire.evidence_downloaded" => ACTION_EVIDENCE_DOWNLOADED,
        "hire.reminded" => ACTION_REMINDED,
        "hire.retraining_started" => ACTION_RETRAINING_STARTED,
        "hire.invite_cancelled" => ACTION_INVITE_CANCELLED,
        "hires.searched" => ACTION_HIRES_SEARCHED,
        "hires.imported" => ACTION_HIRES_IMPORTED,
        "auth.signed_in" => ACTION_SIGNED_IN,
        "auth.sign_in_failed" => ACTION_SIGN_IN_FAILED,
        "audit.searched" => ACTION_AUDIT_SEARCHED,
        "audit.checkpoint" => ACTION_AUDIT_CHECKPOINT,
        "hires.exported" => ACTION_HIRES_EXPORTED,
        "register.exported" => ACTION_REGISTER_EXPORTED,
        "reminders.sent" => ACTION_REMINDERS_SENT,
        _ => return None,
    })
}

/// A Unix time as Japan Standard Time, `2026-11-28 21:05` (Japan has no daylight saving,
/// so a fixed +9 hours is exact).
pub fn format_jst(unix_secs: i64) -> String {
    let secs = unix_secs + 9 * 3600;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02}", rem / 3600, rem % 3600 / 60)
}

/// The day in Japan of a Unix time, `YYYY-MM-DD`.
pub fn format_jst_date(unix_secs: i64) -> String {
    format_jst(unix_secs).chars().take(10).collect()
}

/// A Unix time in UTC as RFC 3339, `2026-11-28T12:05:00Z`: the form evidence records use.
pub fn format_utc(unix_secs: i64) -> String {
    let (days, rem) = (unix_secs.div_euclid(86_400), unix_secs.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

/// Parses [`format_utc`]'s `YYYY-MM-DDTHH:MM:SSZ` back to Unix seconds.
pub fn parse_utc(text: &str) -> Option<i64> {
    let number = |range: std::ops::Range<usize>| text.get(range)?.parse::<i64>().ok();
    let (y, m, d) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let (hh, mm, ss) = (number(11..13)?, number(14..16)?, number(17..19)?);
    // Howard Hinnant's days_from_civil, the inverse of the formatter's algorithm.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some((era * 146_097 + doe - 719_468) * 86_400 + hh * 3600 + mm * 60 + ss)
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_in_japan_time() {
        assert_eq!(format_jst(0), "1970-01-01 09:00");
        // 2026-11-28 12:05:00 UTC
        assert_eq!(format_jst(1_795_867_500), "2026-11-28 21:05");
        // 2024-02-29 15:00 UTC is already 1 March in Japan.
        assert_eq!(format_jst(1_709_218_800), "2024-03-01 00:00");
        assert_eq!(format_utc(1_795_867_500), "2026-11-28T12:05:00Z");
    }

    #[test]
    fn utc_times_round_trip() {
        for t in [0, 1_795_867_500, 1_709_218_800, 951_782_400] {
            assert_eq!(parse_utc(&format_utc(t)), Some(t));
        }
        assert_eq!(parse_utc("yesterday"), None);
    }

    #[test]
    fn reads_the_language_cookie() {
        assert_eq!(Lang::from_cookie_header("a=1; mamoru_lang=en"), Lang::En);
        assert_eq!(Lang::from_cookie_header("mamoru_lang=fr"), Lang::Ja);
        assert_eq!(Lang::from_cookie_header(""), Lang::Ja);
    }
}
