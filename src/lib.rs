//! # analgesic-endpoints
//!
//! Endpoints of post-operative analgesic trials, computed from patient-level data and compared
//! between arms with statistics that reproduce R (and, where the defaults differ, say how SAS
//! differs and offer its convention).
//!
//! The data flows one way:
//!
//! ```text
//! text or typed columns
//!   → input      parse (CSV/TSV/clipboard), map columns (aliases, ADaM names), validate
//!   → trial      the validated model: subjects, arms, pain observations, rescue events
//!   → endpoints  per-subject pain AUC / TWA / SPID over a window, rescue summaries
//!   → stats      tests and estimates, pure functions of slices
//!   → analysis   options → report (the only place that decides what to run)
//!   → wasm       JsValue ↔ Rust types (only on wasm32)
//! ```
//!
//! Nothing in this crate panics on user input: every defect is an [`error::InputError`] naming
//! the table, line and column, or an [`error::StatError`] naming the statistic.

// `#[boundary]` (crate `macros/`) on every type that crosses the JS boundary, in every module.
#[macro_use]
extern crate ae_macros;

pub mod analysis;
pub mod endpoints;
pub mod error;
pub mod hash;
pub mod input;
pub mod progress;
pub mod report;
pub mod sort;
pub mod stats;
pub mod trial;

#[cfg(target_arch = "wasm32")]
pub mod wasm;
