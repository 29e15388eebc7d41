//! French/English translation toolkit: sentence splitting, alignment,
//! terminology and quality checks, translation memories.
//!
//! bitexte reads a document and its translation, splits each into sentences
//! ([`split`]), aligns them ([`align`], [`document`]), checks every segment
//! pair against glossaries and quality rules ([`check`]), and writes what it
//! found ([`finding`], [`report`]) and translation memories ([`tmx`]). The
//! `bitexte` command is a thin layer over this crate: a program using it gets
//! exactly the findings `bitexte check` reports.
//!
//! The library never prints, reads configuration or exits: it takes text and
//! settings and returns plain data with byte spans into the user's text.
//! Engines ([`split::Splitter`], [`align::Aligner`], [`check::Checker`]) are
//! built once by builders, immutable, and `Send + Sync`. Each module has a
//! typed error; [`error::Error`] wraps them all.
//!
//! # Split
//!
//! Sentences are byte spans of the text: nothing is lost or rewritten.
//!
//! ```
//! use bitexte::lang::Lang;
//! use bitexte::split::Splitter;
//!
//! let text = "M. Dupont est arrivé à 14 h 30. Il a parlé à l’OTAN.";
//! let sentences = Splitter::new(Lang::Fr).split(text);
//! let texts: Vec<&str> = sentences.iter().map(|s| &text[s.span.clone()]).collect();
//! assert_eq!(texts, ["M. Dupont est arrivé à 14 h 30.", "Il a parlé à l’OTAN."]);
//! ```
//!
//! # Align
//!
//! A [`document::Loader`] splits both sides and aligns them; a
//! [`document::Source`] reads files of one kind (a pair of texts, a TSV
//! bitext, a TMX, a project) into [`document::Document`]s the same way.
//!
//! ```
//! use bitexte::document::Loader;
//!
//! let en = "The Allies met in Brussels. They agreed to deploy a battlegroup.";
//! let fr = "Les Alliés se sont réunis à Bruxelles. Ils ont décidé de déployer un groupement tactique.";
//! let loader = Loader::new("en", "fr");
//! let aligned = loader.align_texts("a.en.txt".into(), en.into(), "a.fr.txt".into(), fr.into())?;
//! let pairs = aligned.pairs();
//! assert_eq!(pairs.len(), 2);
//! assert_eq!(pairs[1].tgt, "Ils ont décidé de déployer un groupement tactique.");
//! // Each side knows where it is in its file.
//! assert_eq!((pairs[1].tgt_at.line, pairs[1].tgt_at.column), (1, 40));
//! # Ok::<(), bitexte::error::Error>(())
//! ```
//!
//! # Check with a glossary
//!
//! ```
//! use bitexte::check::CheckerBuilder;
//! use bitexte::document::Loader;
//! use bitexte::lang::Lang;
//! use bitexte::terms::Glossary;
//!
//! let csv = "id,en,fr\nc1,battlegroup,groupement tactique\n";
//! let glossary = Glossary::from_delimited(csv, b',', "glossary.csv")?;
//! let checker = CheckerBuilder::new("en", Lang::En, "fr", Lang::Fr).build(Some(glossary));
//!
//! let en = "The battlegroup deployed in 2017.";
//! let fr = "Le bataillon a été déployé en 2016.";
//! let aligned = Loader::new("en", "fr").align_texts("a.en.txt".into(), en.into(), "a.fr.txt".into(), fr.into())?;
//! let findings = checker.check(&aligned.pairs());
//! let rules: Vec<&str> = findings.iter().map(|f| f.rule).collect();
//! assert_eq!(rules, ["term-missing", "number-mismatch"]);
//! // A finding points into the user's files: line, column and byte range.
//! let at = findings[1].target.as_ref().unwrap();
//! assert_eq!((at.file.as_str(), at.line, &fr[at.start..at.end]), ("a.fr.txt", 1, "2016"));
//! # Ok::<(), bitexte::error::Error>(())
//! ```
//!
//! # Write a translation memory
//!
//! ```
//! use bitexte::document::{Loader, Units};
//! use bitexte::tmx::{Header, TmxWriter};
//!
//! let loader = Loader::new("en", "fr");
//! let aligned = loader.align_texts(
//!     "a.en.txt".into(), "Peace matters. So does trust.".into(),
//!     "a.fr.txt".into(), "La paix compte. La confiance aussi.".into(),
//! )?;
//! let docs = [("a".to_string(), &aligned)];
//! let mut tmx = TmxWriter::new(Vec::new(), &Header::bitexte("en", None))?;
//! for unit in Units::new(&docs, "en", "fr", None) {
//!     tmx.write_unit(&unit)?;
//! }
//! let xml = String::from_utf8(tmx.finish()?).unwrap();
//! assert_eq!(xml.matches("<tu ").count(), 2);
//! assert!(xml.contains("<seg>La paix compte.</seg>"));
//! # Ok::<(), bitexte::error::Error>(())
//! ```
//!
//! # Modules
//!
//! - [`text`]: strict decoding, newline normalisation, paragraphs, streaming.
//! - [`lang`]: the languages, language tags and a cheap language guess.
//! - [`split`]: the sentence splitter ([`split::Splitter`]).
//! - [`align`]: the sentence aligner ([`align::Aligner`]).
//! - [`project`]: which document of a project translates which.
//! - [`document`]: documents read from each kind of input ([`document::Source`]),
//!   split and aligned, as segment pairs placed in their files.
//! - [`terms`]: glossaries (CSV, TSV, TBX), their lint, merge, diff and term extraction.
//! - [`qa`]: the quality rules (numbers, French typography, consistency, hygiene).
//! - [`check`]: the [`check::Checker`] that runs every rule over documents.
//! - [`finding`]: the one finding type all checks report, and the rule registry.
//! - [`report`]: findings as human text, JSON, SARIF, GitHub, JUnit; the HTML review page.
//! - [`tmx`]: reading, writing, converting and linting translation memories.
//! - [`error`]: the crate's error type.
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
