//! The document shell (server-rendered, with the security headers) and the router. Pages
//! render on the server only; what reacts in the browser is an island (`#[island]`).

use crate::components::layout::Layout;
use crate::context;
use crate::pages::{
    admin::AdminPage,
    audit::AuditPage,
    exceptions::{ExceptionsPage, ManagerPage},
    guard::Guard,
    hire_home::HireHome,
    hire_record::HireRecordPage,
    hr::HrPage,
    invite::InvitePage,
    lesson::LessonPage,
    nda::NdaPage,
    not_found::NotFound,
    quiz::{AttemptPage, QuizPage},
    root::RootRedirect,
    setup::SetupPage,
    sign_in::SignInPage,
    verify::VerifyPage,
};
use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{Route, Router, Routes},
    path,
};
use mamoru_types::domain::Role;

/// The full HTML document, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    set_content_security_policy();
    let lang = context::use_lang();
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <HydrationScripts options islands=true />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// A page's CSP: our own files, the inline hydration script carrying this response's
/// `nonce`, and WebAssembly compilation; nothing else, and no framing.
#[cfg(feature = "ssr")]
pub fn content_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// Sets the page's CSP for the nonce the page renders with. The server's middleware sets
/// the same policy for its own nonce if a page comes without one.
#[cfg(feature = "ssr")]
fn set_content_security_policy() {
    let (Some(nonce), Some(response)) =
        (leptos::nonce::use_nonce(), use_context::<leptos_axum::ResponseOptions>())
    else {
        return;
    };
    if let Ok(value) = http::HeaderValue::from_str(&content_security_policy(&nonce)) {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    context::provide();

    view! {
        <Stylesheet id="leptos" href="/pkg/mamoru.css" />
        <Title formatter=|title: String| format!("{title} | Mamoru") />
        <Router>
            <Layout>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=RootRedirect ssr=SsrMode::Async />
                    <Route path=path!("/login") view=SignInPage ssr=SsrMode::Async />
                    <Route path=path!("/setup/:token") view=SetupPage ssr=SsrMode::Async />
                    <Route path=path!("/invite/:token") view=InvitePage ssr=SsrMode::Async />
                    <Route
                        path=path!("/home")
                        view=|| view! { <Guard allow=|role| role == Role::Hire><HireHome /></Guard> }
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/learn/:module/:index")
                        view=|| view! { <Guard allow=|role| role == Role::Hire><LessonPage /></Guard> }
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/quiz/:module")
                        view=|| view! { <Guard allow=|role| role == Role::Hire><QuizPage /></Guard> }
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/quiz/:module/:attempt")
                        view=|| view! { <Guard allow=|role| role == Role::Hire><AttemptPage /></Guard> }
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/nda")
                        view=|| view! { <Guard allow=|role| role == Role::Hire><NdaPage /></Guard> }
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/exceptions")
                        view=|| view! { <Guard allow=|role| role == Role::Hire><ExceptionsPage /></Guard> }
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/manager")
                        view=|| view! { <Guard allow=|role| role == Role::Manager><ManagerPage /></Guard> }
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/verify") view=VerifyPage ssr=SsrMode::Async />
                    <Route
                        path=path!("/hr")
                        view=|| view! { <Guard allow=Role::can_manage_hires><HrPage /></Guard> }
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/hr/hires/:id")
                        view=|| view! { <Guard allow=Role::can_manage_hires><HireRecordPage /></Guard> }
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/audit")
                        view=|| view! { <Guard allow=Role::can_manage_hires><AuditPage /></Guard> }
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/admin")
                        view=|| view! { <Guard allow=|role| role == Role::Admin><AdminPage /></Guard> }
                        ssr=SsrMode::Async
                    />
                </Routes>
            </Layout>
        </Router>
    }
}
