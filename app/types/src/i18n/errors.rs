//! What each error tells the person (`crate::errors::AppError` and the client's own failures).

use super::Text;

texts! {
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
