//! HR's pages: the hire list and its states, the overview, reminders, exports, CSV import, a record.

use super::Text;

texts! {
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
    TRAINING: "研修" / "Training";
    HIRES_COUNT: "件" / "hires";

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
}
