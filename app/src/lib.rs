//! Mamoru's pages, components and server functions, for both sides: the server renders
//! them (`ssr`), `app/frontend` hydrates them in the browser (`hydrate`). The server
//! functions' context helpers live in [`server`] behind `ssr`.

pub mod api;
pub mod app;
pub mod components;
pub mod context;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;
