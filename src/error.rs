//! One error type for the whole crate: every module's error, as it came.
//!
//! Each module returns its own typed error (they say what went wrong in
//! that module's terms and carry the file and line where there is one);
//! [`Error`] wraps any of them, so that a program using several stages can
//! use `?` throughout and still match on what failed.

use std::path::Path;

/// Any error of the crate.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Text could not be decoded ([`crate::text`]).
    #[error(transparent)]
    Text(#[from] crate::text::TextError),
    /// A sentence splitter's exception list is malformed ([`crate::split`]).
    #[error(transparent)]
    SplitExceptions(#[from] crate::split::ExceptionError),
    /// The aligner could not align two documents ([`crate::align`]).
    #[error(transparent)]
    Align(#[from] crate::align::AlignError),
    /// A document could not be read, split or aligned ([`crate::document`]).
    #[error(transparent)]
    Document(#[from] crate::document::Error),
    /// A project's documents could not be listed or paired ([`crate::project`]).
    #[error(transparent)]
    Project(#[from] crate::project::ProjectError),
    /// A glossary could not be read ([`crate::terms`]).
    #[error(transparent)]
    Glossary(#[from] crate::terms::GlossaryError),
    /// A glossary could not be written ([`crate::terms::write`]).
    #[error(transparent)]
    GlossaryWrite(#[from] crate::terms::write::WriteError),
    /// A translation memory could not be read ([`crate::tmx`]).
    #[error(transparent)]
    Tmx(#[from] crate::tmx::TmxError),
    /// A TSV bitext could not be read ([`crate::tmx::tsv`]).
    #[error(transparent)]
    Tsv(#[from] crate::tmx::tsv::TsvError),
    /// A TSV file could not be written ([`crate::tmx::tsv`]).
    #[error(transparent)]
    TsvWrite(#[from] crate::tmx::tsv::TsvWriteError),
    /// A language code that bitexte does not support ([`crate::lang`]).
    #[error(transparent)]
    Lang(#[from] crate::lang::UnknownLang),
    /// A rule id that is not in the registry ([`crate::finding`]).
    #[error(transparent)]
    Rule(#[from] crate::finding::UnknownRule),
    /// A severity name that is not one ([`crate::finding`]).
    #[error(transparent)]
    Severity(#[from] crate::finding::UnknownSeverity),
    /// A French typography profile that is not one ([`crate::qa`]).
    #[error(transparent)]
    Profile(#[from] crate::qa::UnknownProfile),
    /// Reading or writing failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

impl Error {
    /// The file the error is about, when it names one.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Error::Document(e) => e.path(),
            Error::Glossary(e) => Some(Path::new(&e.source_name)),
            _ => None,
        }
    }

    /// The 1-based line of that file, when the error knows it.
    pub fn line(&self) -> Option<usize> {
        match self {
            Error::Glossary(e) => (e.line > 0).then_some(e.line),
            Error::Tsv(e) => Some(e.line),
            Error::Document(e) => e.line(),
            _ => None,
        }
    }
}

/// A result with the crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_errors_convert_and_keep_their_message_file_and_line() {
        let csv = "id,en,fr\nc1,ship\n";
        let e: Error = crate::terms::Glossary::from_delimited(csv, b',', "g.csv")
            .unwrap_err()
            .into();
        assert_eq!(e.path(), Some(Path::new("g.csv")));
        assert_eq!(e.line(), Some(2));
        assert!(e.to_string().starts_with("g.csv:2"), "{e}");

        let e: Error = "xx".parse::<crate::finding::Rule>().unwrap_err().into();
        assert!(matches!(e, Error::Rule(_)));
        assert_eq!(e.path(), None);
        assert!(e.to_string().contains("unknown rule `xx`"));
    }
}
