//! The `--format` argument of the commands that report findings.

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Compiler-style diagnostics with both snippets.
    Human,
    /// One JSON array of findings.
    Json,
    /// One JSON object per finding.
    Jsonl,
    /// SARIF 2.1.0 (GitHub code scanning).
    Sarif,
    /// GitHub workflow commands (`::error file=…`).
    Github,
    /// JUnit XML (Jenkins, GitLab, Azure Pipelines): a test suite per file,
    /// a failed test case per error or warning.
    Junit,
}

impl From<Format> for bitexte::report::Format {
    fn from(f: Format) -> Self {
        use bitexte::report::Format as R;
        match f {
            Format::Human => R::Human,
            Format::Json => R::Json,
            Format::Jsonl => R::Jsonl,
            Format::Sarif => R::Sarif,
            Format::Github => R::Github,
            Format::Junit => R::Junit,
        }
    }
}
