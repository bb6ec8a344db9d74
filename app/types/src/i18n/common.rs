//! Texts several pages share: the app's name, the navigation, signing in, setup, common words.

use super::Text;

texts! {
    APP_NAME: "Mamoru" / "Mamoru";
    TAGLINE: "個人情報を守る新人研修" / "Onboarding that protects personal information";
    SWITCH_LANGUAGE: "English" / "日本語";
    // Starts with the visible text, so voice control users can say what they see (WCAG 2.5.3).
    SWITCH_LANGUAGE_LABEL: "English（表示言語を英語に切り替える）" / "日本語 (Switch the language to Japanese)";
    MAIN_NAV: "メインメニュー" / "Main menu";
    SKIP_TO_CONTENT: "本文へ移動" / "Skip to content";
    SIGN_IN: "サインイン" / "Sign in";
    SIGN_OUT: "サインアウト" / "Sign out";
    SIGNED_IN_AS: "サインイン中:" / "Signed in as";
    EMAIL: "メールアドレス" / "Email address";
    PASSWORD: "パスワード" / "Password";
    NEW_PASSWORD: "新しいパスワード" / "New password";
    PASSWORD_AGAIN: "パスワード（確認）" / "Password again";
    CURRENT_PASSWORD: "現在のパスワード" / "Current password";
    ACCOUNT_TITLE: "アカウント" / "Your account";
    PASSWORD_CHANGE_TITLE: "パスワードの変更" / "Change your password";
    PASSWORD_CHANGE_LEAD: "変更すると、この画面のほかに開いているサインイン（別の端末やブラウザー）はすべて終了します。" / "Changing it signs you out everywhere else (other devices and browsers); this page stays signed in.";
    PASSWORD_CHANGE: "パスワードを変更する" / "Change password";
    PASSWORD_CHANGED: "パスワードを変更しました。ほかの端末やブラウザーのサインインは終了しました。" / "Your password has been changed, and you were signed out everywhere else.";
    PASSWORD_HINT: "12〜128文字。よく使われるパスワードは使えません。" / "12 to 128 characters. Common passwords are refused.";
    SESSIONS_TITLE: "サインイン中の端末" / "Where you are signed in";
    SESSIONS_LEAD: "見覚えのないサインインがあれば終了して、パスワードを変更してください。" / "If you do not recognise one, sign it out and change your password.";
    SESSION_STARTED: "開始" / "Started";
    SESSION_LAST_SEEN: "最後の操作" / "Last active";
    SESSION_ADDRESS: "接続元" / "From";
    SESSION_BROWSER: "ブラウザー" / "Browser";
    SESSION_CURRENT: "この端末" / "This device";
    SESSION_END: "サインアウトさせる" / "Sign out";
    SESSION_ENDED: "選んだサインインを終了しました。" / "That session has been signed out.";
    UNKNOWN: "不明" / "Unknown";
    RESET_ISSUE: "パスワード再設定リンクを発行" / "Issue a password reset link";
    RESET_ISSUE_HINT: "パスワードを忘れた本人のために。発行すると、前に発行したリンクは使えなくなります。" / "For a person who forgot their password. Any earlier link stops working.";
    RESET_CREATED: "パスワード再設定リンクを作成しました" / "Password reset link created";
    RESET_EMAILED: "パスワード再設定リンクをメールで送りました:" / "A password reset link was emailed to";
    RESET_TITLE: "パスワードの再設定" / "Set a new password";
    RESET_FOR: "新しいパスワードを設定するアカウント:" / "New password for";
    RESET_LEAD: "設定すると、ほかの端末やブラウザーのサインインはすべて終了し、この画面でサインインします。" / "Setting it signs you out everywhere else and signs you in here.";
    RESET_SUBMIT: "パスワードを設定してサインイン" / "Set the password and sign in";
    CODE_TITLE: "確認コード" / "Sign-in code";
    CODE_LEAD: "認証アプリに表示されている6桁のコードを入力してください。スマートフォンが手元にないときは、回復コードを1つ入力できます。" / "Enter the six-digit code your authenticator app shows. Without your phone, enter one of your recovery codes instead.";
    CODE_FIELD: "コード" / "Code";
    CODE_HINT: "6桁の数字、または回復コード（XXXX-XXXX-XXXX）" / "Six digits, or a recovery code (XXXX-XXXX-XXXX)";
    CODE_SUBMIT: "確認してサインイン" / "Verify and sign in";
    CODE_START_OVER: "最初からサインインし直す" / "Start signing in again";
    ENROL_TITLE: "認証アプリの設定" / "Set up an authenticator app";
    ENROL_REQUIRED: "このアカウントでは、パスワードに加えて認証アプリのコードが必要です。最初に設定してください。" / "This account needs a code from an authenticator app as well as the password. Set one up first.";
    ENROL_LEAD: "Microsoft Authenticator や Google Authenticator などの認証アプリでQRコードを読み取るか、下のキーを入力してください。" / "Scan the QR code with an authenticator app (Microsoft Authenticator, Google Authenticator or another), or type in the key below.";
    ENROL_QR: "認証アプリで読み取るQRコード" / "QR code for your authenticator app";
    ENROL_SECRET: "手入力用のキー" / "Key to type in";
    ENROL_CODE: "アプリに表示された6桁のコード" / "The six-digit code the app shows";
    ENROL_SUBMIT: "確認して設定する" / "Verify and turn on";
    RECOVERY_TITLE: "回復コード" / "Recovery codes";
    RECOVERY_LEAD: "スマートフォンをなくしたときに、どれか1つを確認コードの代わりに使えます（それぞれ1回だけ）。印刷するか安全な場所に控えてください。この画面を離れると二度と表示されません。" / "If you lose your phone, use one of these instead of a code (each works once). Print them or keep them somewhere safe: they are not shown again.";
    CONTINUE_ON: "続ける" / "Continue";
    TWO_FACTOR_TITLE: "二段階認証" / "Two-step sign-in";
    TWO_FACTOR_ON: "認証アプリで設定済みです。残りの回復コード:" / "On, with an authenticator app. Recovery codes left:";
    TWO_FACTOR_OFF: "設定されていません。設定すると、サインインのたびにパスワードと認証アプリのコードが必要になります。" / "Off. Once it is on, signing in takes your password and a code from your authenticator app.";
    TWO_FACTOR_REQUIRED: "あなたの権限では必須です。" / "Your role requires it.";
    TWO_FACTOR_SET_UP: "認証アプリを設定する" / "Set up an authenticator app";
    TWO_FACTOR_LOST: "スマートフォンと回復コードの両方をなくした場合は、管理者に解除を依頼してください。" / "Lost both your phone and your recovery codes? Ask an administrator to remove the authenticator.";
    FORGOT_LINK: "パスワードを忘れた場合" / "Forgot your password?";
    FORGOT_LEAD: "登録したメールアドレスを入力してください。新しいパスワードを設定するリンクをメールで送ります（1時間有効）。" / "Enter the address you registered with, and we will email you a link to set a new password (it works for an hour).";
    FORGOT_SUBMIT: "再設定リンクを送る" / "Send the link";
    FORGOT_SENT: "そのアドレスのアカウントがあれば、再設定リンクを送りました。届かないときは迷惑メールのフォルダーを確かめるか、人事担当者（新入社員の方）か管理者（職員の方）に連絡してください。" / "If an account has that address, a link is on its way. If nothing arrives, check your spam folder, or ask HR (new hires) or an administrator (staff).";
    FORGOT_NO_MAIL: "このサーバーはメールを送れないため、ここからは再設定できません。人事担当者（新入社員の方）か管理者（職員の方）に、再設定リンクの発行を依頼してください。" / "This server cannot send email, so no link can be sent from here. Ask HR (new hires) or an administrator (staff) to issue you a reset link.";
    FULL_NAME: "氏名" / "Full name";
    ROLE: "権限" / "Role";
    ROLE_ADMIN: "管理者" / "Administrator";
    ROLE_HR: "人事" / "HR";
    ROLE_HIRE: "新入社員" / "New hire";
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

    FILTER_APPLY: "絞り込む" / "Apply";
    FILTER_ANY: "すべて" / "All";
    PAGE_PREV: "前のページ" / "Previous page";
    PAGE_NEXT: "次のページ" / "Next page";
    PAGE_OF: "ページ" / "Page";
    SEARCH_LOGGED: "検索は監査ログに記録されます。" / "Searches are written to the audit log.";

    NOT_FOUND_TITLE: "ページが見つかりません" / "Page not found";
    NOT_FOUND_LEAD: "アドレスを確認してください。" / "Check the address.";
    FORBIDDEN_TITLE: "このページを開く権限がありません" / "You may not open this page";
    FORBIDDEN_LEAD: "必要なら管理者に問い合わせてください。" / "Ask an administrator if you need access.";
    BACK_HOME: "ホームへ戻る" / "Back to home";
}
