//! The frame around every page: header with the product name, navigation by role,
//! language switch and sign-out; then the page itself.

use super::{reload_to, tr};
use crate::api::{SetLanguage, auth::SignOut};
use crate::context::{use_lang, use_viewer};
use leptos::prelude::*;
use mamoru_types::accounts::Viewer;
use mamoru_types::domain::Role;
use mamoru_types::i18n::{self, Lang};

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
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        use_viewer().await.ok().flatten().map(|viewer| view! { <UserMenu viewer /> })
                    })}
                </Transition>
            </div>
        </header>
        <main id="main" class="site-main" tabindex="-1">{children()}</main>
        <footer class="site-footer">
            <a href="/verify">{tr(i18n::VERIFY_NAV)}</a>
        </footer>
    }
}

/// A form, so the switch works without script too (the server sets the cookie and sends the
/// browser back to the page); with script the page switches at once, as the form is sent.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let lang = use_lang();
    let remember = ServerAction::<SetLanguage>::new();
    Effect::new(move |_| {
        let Some(next) =
            remember.input().with(|sent| sent.as_ref().and_then(|s| s.lang.parse::<Lang>().ok()))
        else {
            return;
        };
        lang.set(next);
        #[cfg(feature = "hydrate")]
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", next.code());
        }
    });
    view! {
        <ActionForm action=remember attr:class="inline-form">
            <input type="hidden" name="lang" value=move || lang.get().other().code() />
            <button type="submit" class="button button-quiet lang-switch" aria-label=tr(i18n::SWITCH_LANGUAGE_LABEL)>
                {tr(i18n::SWITCH_LANGUAGE)}
            </button>
        </ActionForm>
    }
}

#[component]
fn UserMenu(viewer: Viewer) -> impl IntoView {
    let sign_out = ServerAction::<SignOut>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = sign_out.value().get() {
            reload_to("/login");
        }
    });
    let links: &[(&str, i18n::Text)] = match viewer.role {
        Role::Admin => &[("/admin", i18n::ADMIN_NAV), ("/hr", i18n::HR_NAV), ("/audit", i18n::AUDIT_NAV)],
        Role::Hr => &[("/hr", i18n::HR_NAV), ("/audit", i18n::AUDIT_NAV)],
        Role::Manager => &[("/manager", i18n::MANAGER_NAV)],
        Role::Hire => &[("/home", i18n::HOME_NAV), ("/exceptions", i18n::EXCEPTIONS_NAV)],
    };
    view! {
        <nav class="main-nav" aria-label=tr(i18n::MAIN_NAV)>
            {links.iter().map(|(href, text)| view! { <a href=*href>{tr(*text)}</a> }).collect_view()}
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
