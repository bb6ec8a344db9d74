//! The `mamoru` server: configuration, start-up, the HTTP router and its middleware,
//! and the command-line interface. The app itself (pages, server functions, store)
//! lives in the `app` crate.

pub mod cli;
pub mod config;
pub mod door_api;
pub mod downloads;
pub mod http;
pub mod kiosk_api;
mod page_cache;
pub mod refusal;
mod sso_routes;
pub mod startup;
pub mod telemetry;
