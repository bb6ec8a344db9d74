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
