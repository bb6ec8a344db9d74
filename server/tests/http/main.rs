//! HTTP tests: the real server on a random port with a fresh database, driven like a
//! browser would (cookies, form posts to server functions). Each test runs on SQLite,
//! and on PostgreSQL when configured.

mod accounts;
mod audit;
mod authorization;
mod cards;
mod crash;
mod door;
mod exceptions;
mod expiry;
mod harness;
mod hires;
mod instances;
mod kiosk;
mod learning;
mod nda;
mod no_script;
mod password_reset;
mod proxies;
mod rendering;
mod second_factor;
mod security;
mod sessions;
mod sign_in_limits;
mod smtp_sink;
mod sso;
mod webhooks;
