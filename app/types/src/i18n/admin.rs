//! The administrator's pages: staff accounts, kiosks, door system tokens, agreement versions.

use super::Text;

texts! {
    DEVICES_KIOSKS_TITLE: "受付端末（キオスク）" / "Lobby kiosks";
    DEVICES_KIOSKS_LEAD: "登録コードを発行し、端末で mamoru-kiosk enroll を実行してください。コードは24時間、1回だけ使えます。" / "Create an enrollment code and run mamoru-kiosk enroll on the kiosk. The code works once, for 24 hours.";
    DEVICES_NEW_CODE: "登録コードを発行" / "Create enrollment code";
    DEVICES_CODE_CREATED: "登録コード（この画面でのみ表示）" / "Enrollment code (shown only now)";
    DEVICES_NO_KIOSKS: "登録された端末はありません。" / "No kiosk is enrolled.";
    DEVICES_ENROLLED: "登録日時" / "Enrolled";
    DEVICES_DOOR_TITLE: "入退室・座席システム用トークン" / "Door and desk system tokens";
    DEVICES_DOOR_LEAD: "有効なカードの一覧を GET /api/door/v1/cards（JSON）または cards.csv で、変更を GET /api/door/v1/changes?since= で取得できます。すべての読み取りは監査ログに残ります。" / "Systems read the active cards from GET /api/door/v1/cards (JSON) or cards.csv, and what changed from GET /api/door/v1/changes?since=. Every read is written to the audit log.";
    DEVICES_TOKEN_NAME: "システム名" / "System name";
    DEVICES_TOKEN_SITES: "見られる拠点（任意）" / "Sites it sees (optional)";
    DEVICES_TOKEN_SITES_HINT: "読点・カンマ・改行で区切ります。空欄なら全拠点のカードを読めます。" / "Separate with commas or new lines. Leave empty to let it read every site's cards.";
    DEVICES_ALL_SITES: "全拠点" / "Every site";
    WEBHOOKS_TITLE: "Webhook（入退室・座席システムへの通知）" / "Webhooks (pushing to door and desk systems)";
    WEBHOOKS_LEAD: "カードの発行・失効、持込許可の承認・終了、退職者の無効化を、その都度 POST で通知します。署名（HMAC-SHA256）は X-Mamoru-Signature ヘッダーにあります。" / "Each card issued or removed, exception approved or ended and person deactivated is POSTed as it happens, signed (HMAC-SHA256) in the X-Mamoru-Signature header.";
    WEBHOOK_URL: "送信先URL" / "Endpoint URL";
    WEBHOOK_CREATE: "送信先を追加" / "Add endpoint";
    WEBHOOK_SECRET: "署名用シークレット（この画面でのみ表示）" / "Signing secret (shown only now)";
    WEBHOOK_LOG: "送信記録（最新50件）" / "Delivery log (latest 50)";
    WEBHOOK_LOG_EMPTY: "まだ送信していません。" / "Nothing delivered yet.";
    WEBHOOK_DELIVERED: "送信済み" / "Delivered";
    WEBHOOK_FAILED: "送信を断念" / "Given up";
    WEBHOOK_RETRY: "再送予定" / "Next attempt";
    WEBHOOK_ATTEMPTS: "試行" / "Attempts";
    DEVICES_TOKEN_CREATE: "トークンを作成" / "Create token";
    DEVICES_TOKEN_CREATED: "トークン（この画面でのみ表示）" / "Token (shown only now)";
    DEVICES_NO_TOKENS: "トークンはありません。" / "No token yet.";
    DEVICES_REVOKE: "失効させる" / "Revoke";

    ADMIN_TITLE: "職員アカウント" / "Staff accounts";
    ADMIN_CREATE_TITLE: "職員を追加（人事・責任者）" / "Add a staff account (HR or manager)";
    ADMIN_CREATE_SUBMIT: "招待リンクを作成" / "Create invitation link";
    ADMIN_USERS_TITLE: "アカウント一覧" / "Accounts";

    AGREEMENTS_TITLE: "誓約書の版" / "Agreement versions";
    AGREEMENTS_LEAD: "新しい版を公開すると、古い版に署名した全員に再署名を求めます。" / "Publishing a new version asks everyone who signed an older one to sign again.";
    AGREEMENT_CURRENT: "現在の版" / "Current";
    AGREEMENT_PUBLISHED: "公開日" / "Published";
    AGREEMENT_NOT_PUBLISHED: "未公開" / "Not published";
    AGREEMENT_PUBLISH: "この版を公開する" / "Publish this version";
}
