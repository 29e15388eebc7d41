//! The `--format` argument of the commands that report findings: one of the
//! library's report formats ([`bitexte::report::Format`]), named and described
//! there.

use bitexte::report::Format as Report;

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Format(pub Report);

impl Format {
    /// The default: human diagnostics.
    pub const HUMAN: Format = Format(Report::Human);
}

const ALL: [Format; 6] = {
    let a = Report::ALL;
    [
        Format(a[0]),
        Format(a[1]),
        Format(a[2]),
        Format(a[3]),
        Format(a[4]),
        Format(a[5]),
    ]
};

impl clap::ValueEnum for Format {
    fn value_variants<'a>() -> &'a [Self] {
        &ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.0.name()).help(self.0.description()))
    }
}

impl From<Format> for Report {
    fn from(f: Format) -> Self {
        f.0
    }
}
