//! confnotes: browse, fuzzy-find and annotate conference talk notes in the terminal.
//!
//! The domain (`store`, `search`, `notes`) knows nothing of the terminal; `app` holds the state and its
//! pure `update`; `ui` draws it; `tui` runs the event loop; `cli` serves the scriptable subcommands.
// As gitui does: no unwrap, expect or panic in the product; tests may (clippy.toml).
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
pub mod agenda;
pub mod app;
pub mod catalog;
pub mod cli;
pub mod config;
pub mod notes;
pub mod search;
pub mod speakers;
pub mod store;
pub mod subscribe;
#[cfg(any(test, feature = "synth"))]
pub mod synth;
pub mod text;
pub mod tui;
mod tui_quiet;
mod tui_safety;
pub mod ui;
