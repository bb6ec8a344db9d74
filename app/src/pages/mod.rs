//! One module per page.

pub mod account;
pub mod admin;
pub mod audit;
pub mod devices;
pub mod exceptions;
pub mod guard;
pub mod hire_home;
pub mod hire_record;
pub mod hr;
pub mod hr_dashboard;
pub mod hr_import;
pub mod invite;
pub mod lesson;
pub mod list_refresh;
pub mod nda;
pub mod not_found;
pub mod pickup;
pub mod quiz;
pub mod reset;
pub mod root;
pub mod second_factor;
pub mod setup;
pub mod sign_in;
pub mod verify;

/// Sets the HTTP status of the server-rendered response (no effect in the browser).
pub fn set_status(code: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(response), Ok(status)) =
        (leptos::prelude::use_context::<leptos_axum::ResponseOptions>(), http::StatusCode::from_u16(code))
    {
        response.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}
