//! A progress bar on standard error for runs longer than a second, hidden
//! when standard error is not a terminal or with `--quiet`.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a run goes before its bar appears.
const DELAY: Duration = Duration::from_secs(1);

/// A bar counting items done; cheap to share between threads.
pub struct Progress {
    bar: ProgressBar,
    start: Instant,
    live: bool,
    shown: AtomicBool,
}

impl Progress {
    /// A bar for `len` items of `what` (e.g. "documents").
    pub fn new(len: usize, what: &str, quiet: bool) -> Progress {
        let live = !quiet && std::io::stderr().is_terminal();
        let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::hidden());
        if live {
            let style = ProgressStyle::with_template(&format!(
                "{{spinner}} [{{elapsed_precise}}] {{bar:32}} {{pos}}/{{len}} {what} {{msg}}"
            ))
            .unwrap_or_else(|_| ProgressStyle::default_bar());
            bar.set_style(style);
        }
        Progress {
            bar,
            start: Instant::now(),
            live,
            shown: AtomicBool::new(false),
        }
    }

    /// One more item done (`msg`: what it was).
    pub fn inc(&self, msg: &str) {
        if self.live && self.start.elapsed() >= DELAY && !self.shown.swap(true, Ordering::Relaxed) {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        if self.live {
            self.bar.set_message(msg.to_owned());
        }
        self.bar.inc(1);
    }

    /// `n` more items done.
    pub fn inc_by(&self, n: u64) {
        if self.live && self.start.elapsed() >= DELAY && !self.shown.swap(true, Ordering::Relaxed) {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        self.bar.inc(n);
    }

    /// Removes the bar.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
