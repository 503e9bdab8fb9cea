//! What the command line needs from the machine it runs on, as one trait, so that the same
//! commands (their flags, messages, output bytes and exit statuses) run natively over `std`
//! ([`StdHost`], `src/main.rs`) and in Node over `fs` and `process` (the npm package's
//! `bin/ctrcfg.js`, through the `ctrcfg-js` crate) — Biome's idea of a file system handed to
//! the workspace rather than reached for.
//!
//! Every method is one plain operation of the machine; what to do with its answer (the message
//! for a file that cannot be read, when to refuse a path) is decided by the commands, once.
//! A command that needs more of the machine adds a method here, and each host answers it the
//! way its platform does (walking a directory is [`Host::read_dir`]).

use std::io::{self, Read, Write};
use std::path::Path;

pub trait Host {
    /// The whole contents of the file at `path`.
    fn read_file(&mut self, path: &Path) -> io::Result<Vec<u8>>;
    /// Everything on standard input, up to its end.
    fn read_stdin(&mut self) -> io::Result<Vec<u8>>;
    /// Writes `text` to standard output.
    fn stdout(&mut self, text: &str);
    /// Writes `text` to standard error.
    fn stderr(&mut self, text: &str);
    /// Whether `path` itself is a symbolic link (false when nothing is there).
    fn is_symlink(&mut self, path: &Path) -> bool;
    /// Creates the directory `path` and any missing parents.
    fn create_dir_all(&mut self, path: &Path) -> io::Result<()>;
    /// Writes `contents` to the file at `path`, replacing it.
    fn write_file(&mut self, path: &Path, contents: &str) -> io::Result<()>;
    /// The entries of the directory at `path`, in any order. Asked only after reading `path`
    /// as a file failed, so a host without directories answers with any error.
    fn read_dir(&mut self, path: &Path) -> io::Result<Vec<DirEntry>>;
}

/// One entry of a directory, as a walk needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DirEntry {
    pub name: String,
    pub kind: EntryKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryKind {
    /// A file, or a symbolic link to one.
    File,
    /// A directory itself, not a link to one: a walk that followed links could loop.
    Dir,
    /// Anything else: a link to a directory, a socket, a broken link.
    Other,
}

/// The machine the native binary runs on.
pub struct StdHost;

impl Host for StdHost {
    fn read_file(&mut self, path: &Path) -> io::Result<Vec<u8>> {
        std::fs::read(path)
    }

    fn read_stdin(&mut self) -> io::Result<Vec<u8>> {
        let mut bytes = Vec::new();
        io::stdin().read_to_end(&mut bytes)?;
        Ok(bytes)
    }

    // A closed pipe (`ctrcfg render | head`) is the reader's choice, not an error of the
    // command: what cannot be written is dropped and the exit status stays the verdict.
    fn stdout(&mut self, text: &str) {
        let _ = io::stdout().lock().write_all(text.as_bytes());
    }

    fn stderr(&mut self, text: &str) {
        let _ = io::stderr().lock().write_all(text.as_bytes());
    }

    fn is_symlink(&mut self, path: &Path) -> bool {
        std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
    }

    fn create_dir_all(&mut self, path: &Path) -> io::Result<()> {
        std::fs::create_dir_all(path)
    }

    fn write_file(&mut self, path: &Path, contents: &str) -> io::Result<()> {
        std::fs::write(path, contents)
    }

    fn read_dir(&mut self, path: &Path) -> io::Result<Vec<DirEntry>> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(path)? {
            let entry = entry?;
            let file_type = entry.file_type()?;
            let kind = if file_type.is_dir() {
                EntryKind::Dir
            } else if file_type.is_file() || std::fs::metadata(entry.path()).is_ok_and(|m| m.is_file()) {
                EntryKind::File
            } else {
                EntryKind::Other
            };
            out.push(DirEntry { name: entry.file_name().to_string_lossy().into_owned(), kind });
        }
        Ok(out)
    }
}
