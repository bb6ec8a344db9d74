//! Device and media exceptions: the hire's requests, the manager's desk, the admin's sites.

use super::Text;

texts! {
    EXCEPTIONS_NAV: "持込許可" / "Device exceptions";
    EXCEPTIONS_TITLE: "機器・媒体の持込許可" / "Device and media exceptions";
    EXCEPTIONS_LEAD: "オペレータールームには、責任者の事前の許可なく携帯電話・カメラ・録音機・USBメモリなどを持ち込めません（誓約書 第3条）。業務で必要なときは、ここから申請してください。" / "No phone, camera, recorder, USB stick or other device or medium may enter the operator room without a manager's prior approval (agreement, article 3). When your work needs one, ask here.";
    EXCEPTIONS_NOT_YET: "研修を修了し、誓約書に署名すると申請できます。" / "You can ask once your training is complete and the agreement signed.";
    EXCEPTION_NEW: "持込許可を申請" / "Ask for an exception";
    EXCEPTION_KIND: "種類" / "Kind";
    EXCEPTION_IDENTIFIER: "製造番号・IMEI・管理番号" / "Serial number, IMEI or asset label";
    EXCEPTION_REASON: "理由" / "Reason";
    EXCEPTION_SITE: "拠点（オペレータールーム）" / "Site (operator room)";
    EXCEPTION_FROM: "開始日" / "From";
    EXCEPTION_UNTIL: "終了日（この日を含む）" / "Until (included)";
    EXCEPTION_PERIOD_HINT: "今日以降で、最長の日数まで。" / "From today, up to the longest period allowed.";
    EXCEPTION_MAX_DAYS: "最長の日数" / "Longest period in days";
    EXCEPTION_SUBMIT: "申請する" / "Send the request";
    EXCEPTION_SENT: "申請しました。拠点の責任者が承認または却下します。" / "Request sent. A manager of the site approves or refuses it.";
    EXCEPTIONS_MINE: "これまでの申請" / "Your requests";
    EXCEPTIONS_NONE: "申請はありません。" / "No request yet.";
    EXCEPTION_PERIOD: "期間" / "Period";
    EXCEPTION_DECIDED_BY: "決定者" / "Decided by";
    EXCEPTION_CODE: "確認コード" / "Verification code";

    MANAGER_NAV: "責任者の承認" / "Manager's desk";
    MANAGER_TITLE: "持込許可の承認" / "Approving device exceptions";
    MANAGER_SITES: "担当拠点" / "Your sites";
    MANAGER_NO_SITES: "担当拠点がありません。管理者に設定を依頼してください。" / "You have no site yet. Ask an administrator to give you one.";
    MANAGER_PENDING: "承認待ちの申請" / "Waiting for a decision";
    MANAGER_NO_PENDING: "承認待ちの申請はありません。" / "Nothing waits for a decision.";
    MANAGER_IN_FORCE: "有効な持込許可" / "Exceptions in force";
    MANAGER_NO_IN_FORCE: "有効な持込許可はありません。" / "No exception is in force.";
    MANAGER_PEOPLE: "拠点の人員と研修の有効期限" / "Your sites' people and their training";
    MANAGER_NO_PEOPLE: "担当拠点に登録済みの人員はいません。" / "Nobody is registered at your sites.";
    TRAINING_VALID_UNTIL: "研修の有効期限" / "Training valid until";
    TRAINING_NOT_VALID: "未修了・期限切れ" / "Not complete or expired";
    DECISION_REASON: "理由（却下・取り消しは必須）" / "Reason (needed to refuse or revoke)";
    APPROVE: "承認する" / "Approve";
    REFUSE: "却下する" / "Refuse";
    REVOKE_EXCEPTION: "許可を取り消す" / "Revoke";
    REQUESTER: "申請者" / "Requester";

    PERMIT_TITLE: "機器・媒体持込許可証" / "Device and media permit";
    PERMIT_LEAD: "オペレータールームの責任者が、下記の機器・媒体の持ち込みを事前に許可したことを証明します。入室時に提示してください。QRコードまたは確認コードで、許可が現在も有効かを確かめられます。" / "A manager of the operator room approved bringing in the device or medium below beforehand. Show this permit at the entrance. The QR code or the verification code shows whether it is still in force.";
    PERMIT_HOLDER: "許可を受けた人" / "Holder";
    PERMIT_APPROVED_BY: "承認者と日時" / "Approved by, at";
    PERMIT_NOTE: "承認時の注記" / "Note from the manager";
    PERMIT_CONDITIONS: "この許可は、期間の終了、研修の有効期限切れ、アカウントの無効化、責任者による取り消しのいずれかで自動的に終了します。許可された機器・媒体で個人情報を記録・複製・持ち出すことは許可されていません。" / "This permit ends by itself at the end of its period, when the holder's training expires, when their account is deactivated, or when a manager revokes it. It never allows recording, copying or taking out personal information with the device or medium.";
    VERDICT_PERMIT: "Mamoruが発行した本物の持込許可です" / "A genuine Mamoru device permit";
    EXCEPTIONS_CSV: "持込許可の一覧（CSV、過去2年）" / "Device exceptions (CSV, last two years)";
    PERMIT_DOWNLOAD: "許可証（PDF）" / "Permit (PDF)";
    DOOR_EVENTS_TITLE: "入退室・座席の記録（最新100件）" / "Doors and desks (latest 100)";
    DOOR_EVENTS_NONE: "入退室の記録はありません。" / "No door or desk event yet.";
    DOOR_POINT: "入口・座席" / "Door or desk";
    DOOR_WHEN: "日時" / "When";
    DOOR_HOLDER: "カードの持ち主" / "Card holder";
    DENIED_TITLE: "無効なカードによる入室拒否（7日間）" / "Entries denied to cards no longer valid (7 days)";
    DENIED_NONE: "無効なカードによる入室拒否はありません。" / "No entry was denied to an invalid card.";
    DENIED_UNKNOWN_CARD: "Mamoruが発行していないカード" / "A card Mamoru never issued";
    DOOR_REPORT_TITLE: "入室記録の報告書（監査用CSV）" / "Entry report (CSV for auditors)";
    DOOR_REPORT_FROM: "開始日" / "From";
    DOOR_REPORT_TO: "終了日" / "To";
    DOOR_REPORT_SUBMIT: "CSVを書き出す" / "Export CSV";
    ROLE_MANAGER: "責任者" / "Manager";
    STAFF_ROLE_HINT: "責任者は担当拠点の持込許可を承認します。拠点は一覧で追加してください。" / "A manager decides device exceptions for their sites; add the sites in the list.";
    SITE_ADD: "拠点を追加" / "Add site";
    SITE_REMOVE: "担当から外す" / "Remove";
    NEW_SITE: "追加する拠点" / "Site to add";
}
