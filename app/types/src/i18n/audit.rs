//! The audit log screen, and the columns of the events a hire's record shows from it.

use super::Text;

texts! {
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

    EVENT_AT: "日時" / "When";
    EVENT_WHAT: "内容" / "What";
    EVENT_WHO: "操作者" / "Who";
}
