//! The staff IC card: pickup at the kiosk, the PIN, and losing, returning or re-issuing a card.

use super::Text;

texts! {
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
}
