//! The frame around every page: header with the product name, navigation by role,
//! language switch and sign-out; then the page itself.

use super::tr;
use crate::api::{SetLanguage, auth::SignOut};
use crate::context::{use_lang, use_viewer};
use leptos::prelude::*;
use mamoru_types::accounts::Viewer;
use mamoru_types::domain::Role;
use mamoru_types::i18n;

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    view! {
        <a class="skip-link" href="#main" rel="external">{tr(i18n::SKIP_TO_CONTENT)}</a>
        <header class="site-header">
            <a class="brand" href="/">
                <span class="brand-mark" aria-hidden="true">"守"</span>
                <span class="brand-name">{tr(i18n::APP_NAME)}</span>
                <span class="brand-tagline">{tr(i18n::TAGLINE)}</span>
            </a>
            <div class="header-actions">
                <LanguageSwitch />
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        use_viewer().await.ok().flatten().map(|viewer| view! { <UserMenu viewer /> })
                    })}
                </Suspense>
            </div>
        </header>
        <main id="main" class="site-main" tabindex="-1">{children()}</main>
        <footer class="site-footer">
            <a href="/verify">{tr(i18n::VERIFY_NAV)}</a>
        </footer>
    }
}

/// A plain form: the server remembers the choice (a cookie) and sends the browser back to
/// the page, which loads again in the other language.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let remember = ServerAction::<SetLanguage>::new();
    view! {
        <ActionForm action=remember attr:class="inline-form">
            <input type="hidden" name="lang" value=use_lang().other().code() />
            <button type="submit" class="button button-quiet lang-switch" aria-label=tr(i18n::SWITCH_LANGUAGE_LABEL)>
                {tr(i18n::SWITCH_LANGUAGE)}
            </button>
        </ActionForm>
    }
}

#[component]
fn UserMenu(viewer: Viewer) -> impl IntoView {
    let sign_out = ServerAction::<SignOut>::new();
    let links: &[(&str, i18n::Text)] = match viewer.role {
        Role::Admin => &[("/admin", i18n::ADMIN_NAV), ("/hr", i18n::HR_NAV), ("/audit", i18n::AUDIT_NAV)],
        Role::Hr => &[("/hr", i18n::HR_NAV), ("/audit", i18n::AUDIT_NAV)],
        Role::Manager => &[("/manager", i18n::MANAGER_NAV)],
        Role::Hire => &[("/home", i18n::HOME_NAV), ("/exceptions", i18n::EXCEPTIONS_NAV)],
    };
    view! {
        <nav class="main-nav" aria-label=tr(i18n::MAIN_NAV)>
            {links.iter().map(|(href, text)| view! { <a href=*href>{tr(*text)}</a> }).collect_view()}
            <a href="/account">{tr(i18n::ACCOUNT_TITLE)}</a>
        </nav>
        <span class="user-name">
            <span class="visually-hidden">{tr(i18n::SIGNED_IN_AS)}" "</span>
            {viewer.name}
        </span>
        <ActionForm action=sign_out attr:class="inline-form">
            <button type="submit" class="button button-quiet">{tr(i18n::SIGN_OUT)}</button>
        </ActionForm>
    }
}
