//! French/English translation toolkit: reading text, splitting it into
//! sentences (and, in later modules, aligning, checking and exporting).
//!
//! - [`text`]: strict decoding, newline normalisation, paragraphs, streaming.
//! - [`lang`]: the languages and a cheap language guess.
//! - [`split`]: the sentence splitter ([`split::Splitter`]).
//! - [`project`]: which document of a project translates which.
//! - [`document`]: documents read from each kind of input ([`document::Source`]),
//!   split and aligned, as segment pairs placed in their files.
//! - [`check`]: the [`check::Checker`] that runs every rule over documents.
//! - [`finding`]: the one finding type all checks report.
//!
//! The library never prints, reads configuration or exits: it takes text and
//! settings and returns plain data with byte spans into the decoded text.
#![warn(clippy::print_stdout, clippy::print_stderr, missing_docs)]

pub mod align;
pub mod check;
pub mod document;
pub mod error;
pub mod finding;
pub mod lang;
pub mod project;
pub mod qa;
pub mod report;
pub mod split;
pub mod terms;
pub mod text;
pub mod tmx;
