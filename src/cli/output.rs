//! Output destinations: standard output, or a file written atomically
//! (a temporary file beside it, renamed into place when complete).

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;

/// Where a command writes its results.
pub enum Output {
    Stdout(io::Stdout),
    Device(File),
    File {
        tmp: PathBuf,
        dest: PathBuf,
        file: File,
    },
}

impl Output {
    /// Standard output for `None`, else a temporary file beside `path`.
    pub fn open(path: Option<&Path>) -> anyhow::Result<Output> {
        let Some(dest) = path else {
            return Ok(Output::Stdout(io::stdout()));
        };
        // A device or a pipe (`-o /dev/null`, `-o /dev/stdout`) is written in
        // place: renaming a file over it would replace the device.
        if std::fs::metadata(dest).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(dest)
                .with_context(|| format!("could not open `{}`", dest.display()))?;
            return Ok(Output::Device(file));
        }
        let dir = dest
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
        let file =
            File::create(&tmp).with_context(|| format!("could not create `{}`", tmp.display()))?;
        Ok(Output::File {
            tmp,
            dest: dest.to_owned(),
            file,
        })
    }

    /// The writer to use.
    pub fn writer(&mut self) -> Box<dyn Write + '_> {
        match self {
            Output::Stdout(s) => Box::new(s.lock()),
            Output::Device(f) => Box::new(&*f),
            Output::File { file, .. } => Box::new(&*file),
        }
    }

    /// Moves a completed file into place.
    pub fn commit(mut self) -> anyhow::Result<()> {
        // The rename is what makes the output appear whole or not at all for
        // an interrupted run; no fsync, which would tie the run's time to the
        // disk (durability across a power cut is not promised).
        if let Output::File { tmp, dest, file } = &mut self {
            file.flush()
                .with_context(|| format!("could not write `{}`", tmp.display()))?;
            std::fs::rename(&*tmp, &*dest)
                .with_context(|| format!("could not move output into `{}`", dest.display()))?;
            // Renamed: nothing left for Drop to remove.
            tmp.clear();
        }
        Ok(())
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        // An output that was not committed leaves nothing behind.
        if let Output::File { tmp, .. } = self {
            if !tmp.as_os_str().is_empty() {
                let _ = std::fs::remove_file(tmp);
            }
        }
    }
}
