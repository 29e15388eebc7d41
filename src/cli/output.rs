//! Output destinations: standard output, or a file written atomically
//! (a temporary file beside it, renamed into place when complete), never
//! over one of the command's inputs or another of its outputs.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use anyhow::{bail, Context};

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
    /// Refuses a path that is an input of the command or an output it
    /// already wrote (see [`claim`]).
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
        claim(dest)?;
        let (tmp, file) = temp_beside(dest)?;
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
            // Renamed: nothing left for Drop or a signal to remove.
            temps::forget(tmp);
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
                let _ = std::fs::remove_file(&*tmp);
                temps::forget(tmp);
            }
        }
    }
}

/// Creates `.NAME.PID.tmp` beside `dest`, registered so that an interrupt
/// (SIGINT, SIGTERM, SIGHUP) or a closed pipe removes it.
pub fn temp_beside(dest: &Path) -> anyhow::Result<(PathBuf, File)> {
    let dir = dest
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    temps::register(&tmp);
    let file = File::create(&tmp).with_context(|| format!("could not create `{}`", tmp.display()));
    if file.is_err() {
        temps::forget(&tmp);
    }
    Ok((tmp, file?))
}

/// What identifies a file: its canonical path and, when it exists, its
/// device and inode (which also match a hard link).
#[derive(Debug, Clone)]
struct FileId {
    path: PathBuf,
    inode: Option<(u64, u64)>,
}

impl FileId {
    fn same(&self, other: &FileId) -> bool {
        self.path == other.path || (self.inode.is_some() && self.inode == other.inode)
    }
}

/// The identity of a regular file, existing or to be created; `None` for
/// standard input/output (`-`), devices, pipes and folders.
fn identify(p: &Path) -> Option<FileId> {
    if p.as_os_str() == "-" {
        return None;
    }
    let meta = std::fs::metadata(p).ok();
    if meta.as_ref().is_some_and(|m| !m.is_file()) {
        return None;
    }
    let path = match std::fs::canonicalize(p) {
        Ok(c) => c,
        Err(_) => canonical_new(p)?,
    };
    #[cfg(unix)]
    let inode = {
        use std::os::unix::fs::MetadataExt;
        meta.map(|m| (m.dev(), m.ino()))
    };
    #[cfg(not(unix))]
    let inode = None;
    Some(FileId { path, inode })
}

/// The canonical path of a file that does not exist yet: its deepest
/// existing folder canonicalised, the rest (which cannot hold a symbolic
/// link, since it does not exist) normalised by hand.
fn canonical_new(p: &Path) -> Option<PathBuf> {
    let abs = std::env::current_dir().ok()?.join(p);
    let mut out = PathBuf::new();
    let mut exists = true;
    for c in abs.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if !exists => {
                out.pop();
            }
            _ => {
                out.push(c);
                if exists {
                    match std::fs::canonicalize(&out) {
                        Ok(x) => out = x,
                        Err(_) => exists = false,
                    }
                }
            }
        }
    }
    Some(out)
}

/// The inputs of the command and the outputs it wrote, with the paths as
/// the user named them.
static INPUTS: Mutex<Vec<(FileId, PathBuf)>> = Mutex::new(Vec::new());
static OUTPUTS: Mutex<Vec<(FileId, PathBuf)>> = Mutex::new(Vec::new());

/// Records `p` as an input of the command: no output may replace it.
pub fn add_input(p: &Path) {
    if let Some(id) = identify(p) {
        let mut inputs = INPUTS.lock().unwrap_or_else(|e| e.into_inner());
        if !inputs.iter().any(|(i, _)| i.same(&id)) {
            inputs.push((id, p.to_owned()));
        }
    }
}

/// Checks that `dest` is neither an input nor an output already written by
/// this command, and records it as an output.
pub fn claim(dest: &Path) -> anyhow::Result<()> {
    let Some(id) = identify(dest) else {
        return Ok(());
    };
    refuse_input(dest, &id)?;
    let mut outputs = OUTPUTS.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, other)) = outputs.iter().find(|(o, _)| o.same(&id)) {
        bail!(
            "`{}`: this command already writes an output there (`{}`); give each output its own file",
            dest.display(),
            other.display()
        );
    }
    outputs.push((id, dest.to_owned()));
    Ok(())
}

fn refuse_input(dest: &Path, id: &FileId) -> anyhow::Result<()> {
    let inputs = INPUTS.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, input)) = inputs.iter().find(|(i, _)| i.same(id)) {
        bail!(
            "`{}`: this output would overwrite `{}`, an input of this command; write it elsewhere",
            dest.display(),
            input.display()
        );
    }
    Ok(())
}

/// Checks, before any work, that the outputs `dests` are distinct files and
/// none is an input (they are recorded when opened, by [`Output::open`]).
pub fn check_distinct(dests: &[&Path]) -> anyhow::Result<()> {
    let ids: Vec<Option<FileId>> = dests.iter().map(|d| identify(d)).collect();
    for (k, (dest, id)) in dests.iter().zip(&ids).enumerate() {
        let Some(id) = id else { continue };
        refuse_input(dest, id)?;
        for (other, oid) in dests.iter().zip(&ids).take(k) {
            if oid.as_ref().is_some_and(|o| o.same(id)) {
                bail!(
                    "`{}` and `{}` are the same file: give each output its own file",
                    other.display(),
                    dest.display()
                );
            }
        }
    }
    Ok(())
}

/// Temporary files to remove when the process is interrupted or stops on a
/// closed pipe: a fixed table of C strings a signal handler can read
/// without locking or allocating.
pub mod temps {
    use std::path::Path;

    #[cfg(unix)]
    mod imp {
        use std::ffi::{c_char, c_int, CString};
        use std::os::unix::ffi::OsStrExt;
        use std::path::Path;
        use std::ptr::null_mut;
        use std::sync::atomic::{AtomicPtr, Ordering};
        use std::sync::Once;

        const SLOTS: usize = 64;
        static TEMPS: [AtomicPtr<c_char>; SLOTS] = [const { AtomicPtr::new(null_mut()) }; SLOTS];
        static INSTALL: Once = Once::new();

        extern "C" {
            fn signal(signum: c_int, handler: extern "C" fn(c_int)) -> usize;
            fn unlink(path: *const c_char) -> c_int;
            fn _exit(code: c_int) -> !;
        }

        const SIGHUP: c_int = 1;
        const SIGINT: c_int = 2;
        const SIGTERM: c_int = 15;

        /// Removes the registered files (only async-signal-safe calls).
        pub fn remove_all() {
            for slot in &TEMPS {
                let p = slot.load(Ordering::SeqCst);
                if !p.is_null() {
                    // SAFETY: a registered pointer is a leaked, never freed
                    // C string.
                    unsafe { unlink(p) };
                }
            }
        }

        extern "C" fn on_signal(sig: c_int) {
            remove_all();
            // SAFETY: `_exit` is async-signal-safe and ends the process.
            unsafe { _exit(128 + sig) }
        }

        pub fn register(path: &Path) {
            INSTALL.call_once(|| {
                for sig in [SIGHUP, SIGINT, SIGTERM] {
                    // SAFETY: the handler only unlinks and exits.
                    unsafe { signal(sig, on_signal) };
                }
            });
            let Ok(c) = CString::new(path.as_os_str().as_bytes()) else {
                return;
            };
            // Leaked: a handler running on another thread may still read a
            // string being unregistered (a few bytes per output file).
            let raw = c.into_raw();
            for slot in &TEMPS {
                if slot
                    .compare_exchange(null_mut(), raw, Ordering::SeqCst, Ordering::SeqCst)
                    .is_ok()
                {
                    return;
                }
            }
        }

        pub fn forget(path: &Path) {
            let bytes = path.as_os_str().as_bytes();
            for slot in &TEMPS {
                let p = slot.load(Ordering::SeqCst);
                // SAFETY: a registered pointer is a leaked C string.
                if !p.is_null() && unsafe { std::ffi::CStr::from_ptr(p) }.to_bytes() == bytes {
                    let _ =
                        slot.compare_exchange(p, null_mut(), Ordering::SeqCst, Ordering::SeqCst);
                    return;
                }
            }
        }
    }

    #[cfg(not(unix))]
    mod imp {
        pub fn remove_all() {}
        pub fn register(_: &std::path::Path) {}
        pub fn forget(_: &std::path::Path) {}
    }

    /// Removes every registered temporary file (before exiting early).
    pub fn remove_all() {
        imp::remove_all();
    }

    /// Registers a temporary file (and installs the signal handlers).
    pub fn register(path: &Path) {
        imp::register(path);
    }

    /// Unregisters a file that was renamed or removed.
    pub fn forget(path: &Path) {
        imp::forget(path);
    }
}

/// Writes `text` to `path` atomically, making its folder.
pub fn write_file(path: &Path, text: &str) -> anyhow::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("could not create `{}`", dir.display()))?;
    }
    let mut out = Output::open(Some(path))?;
    out.writer()
        .write_all(text.as_bytes())
        .with_context(|| format!("could not write `{}`", path.display()))?;
    out.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_file_is_identified_by_its_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("a")).unwrap();
        let via = dir.path().join("a/../b/../x.txt");
        let direct = dir.path().join("x.txt");
        let a = identify(&via).unwrap();
        let b = identify(&direct).unwrap();
        assert!(a.same(&b), "{a:?} {b:?}");
    }

    #[test]
    fn a_hard_link_is_the_same_file() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.txt");
        std::fs::write(&a, "x").unwrap();
        std::fs::hard_link(&a, dir.path().join("b.txt")).unwrap();
        let ia = identify(&a).unwrap();
        let ib = identify(&dir.path().join("b.txt")).unwrap();
        assert!(ia.same(&ib));
        assert!(check_distinct(&[&a, &dir.path().join("b.txt")]).is_err());
    }
}
