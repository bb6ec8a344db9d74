//! Mamoru's pages, components and server functions. The server renders every page
//! (`ssr`); `app/frontend` hydrates only the islands (`#[island]`: the parts of a page that
//! react) in the browser (`hydrate`). The server functions' context helpers live in
//! [`server`] behind `ssr`.
// A page's view is one nested type; the HR page's goes deeper than the default limit.
#![recursion_limit = "256"]

pub mod api;
pub mod app;
pub mod components;
pub mod context;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;
