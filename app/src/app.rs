//! The document shell (server-rendered; the server adds its CSP) and the router. Pages
//! render on the server only; what reacts in the browser is an island (`#[island]`).

use crate::components::layout::Layout;
use crate::context;
use crate::pages::{
    account::AccountPage,
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
    reset::{ForgotPage, ResetPage},
    root::RootRedirect,
    second_factor::{AuthenticatorPage, SecondFactorPage},
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
                    <Route path=path!("/login/code") view=SecondFactorPage ssr=SsrMode::Async />
                    <Route path=path!("/setup/:token") view=SetupPage ssr=SsrMode::Async />
                    <Route path=path!("/invite/:token") view=InvitePage ssr=SsrMode::Async />
                    <Route path=path!("/reset/:token") view=ResetPage ssr=SsrMode::Async />
                    <Route path=path!("/forgot") view=ForgotPage ssr=SsrMode::Async />
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
                        path=path!("/account/authenticator")
                        view=|| view! { <Guard allow=Role::is_staff><AuthenticatorPage /></Guard> }
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/account")
                        view=|| view! { <Guard allow=|_| true><AccountPage /></Guard> }
                        ssr=SsrMode::Async
                    />
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
