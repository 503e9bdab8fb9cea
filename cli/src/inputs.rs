//! What `ctrcfg validate` reads: each path as given, a directory as every `.yaml`, `.yml` and
//! `.json` file under it (sorted by name, so the output is the same on every machine; hidden
//! entries and `--ignore` matches left out; links to directories not followed, so no link can
//! make the walk loop), and `-` as stdin. The bytes go to core as `read` hands them over.

use crate::glob::Glob;
use crate::host::{EntryKind, Host};
use crate::output::Input;
use crate::{display_name, read};
use std::path::Path;

/// The extensions a directory's files must have to be read.
const EXTENSIONS: [&str; 3] = ["yaml", "yml", "json"];

/// The `--ignore` globs.
pub struct Ignore(Vec<Glob>);

impl Ignore {
    pub fn new(patterns: &[String]) -> Result<Ignore, String> {
        patterns.iter().map(|p| Glob::new(p)).collect::<Result<_, _>>().map(Ignore)
    }

    /// Whether the entry at `relative` (its path under the directory given, `/`-separated) is
    /// left out: a glob with a `/` matches that path, one without matches its name.
    fn leaves_out(&self, relative: &str, name: &str) -> bool {
        self.0.iter().any(|g| g.matches(if g.has_slash { relative } else { name }))
    }
}

/// Every input of `paths`, in order, each directory walked.
pub fn read_all(paths: &[String], ignore: &Ignore, host: &mut dyn Host) -> Result<Vec<Input>, String> {
    let mut out = Vec::new();
    for path in paths {
        match read(path, host) {
            Ok(text) => out.push(Input { name: display_name(path), text }),
            // Only once reading fails is the path asked about as a directory: a file costs
            // one call, and a host without directories still reports the file's own error.
            Err(error) => match host.read_dir(Path::new(path)) {
                Ok(_) => walk(Path::new(path), "", ignore, host, &mut out)?,
                Err(_) => return Err(error),
            },
        }
    }
    Ok(out)
}

fn walk(dir: &Path, relative: &str, ignore: &Ignore, host: &mut dyn Host, out: &mut Vec<Input>) -> Result<(), String> {
    let mut entries = host.read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    entries.sort_by(|a, b| a.name.cmp(&b.name));
    for entry in entries {
        let below = if relative.is_empty() { entry.name.clone() } else { format!("{relative}/{}", entry.name) };
        if entry.name.starts_with('.') || ignore.leaves_out(&below, &entry.name) {
            continue;
        }
        let path = dir.join(&entry.name);
        match entry.kind {
            EntryKind::Dir => walk(&path, &below, ignore, host, out)?,
            EntryKind::File if has_extension(&entry.name) => {
                let name = path.to_string_lossy().into_owned();
                out.push(Input { text: read(&name, host)?, name });
            }
            EntryKind::File | EntryKind::Other => {}
        }
    }
    Ok(())
}

fn has_extension(name: &str) -> bool {
    name.rsplit_once('.').is_some_and(|(_, ext)| EXTENSIONS.iter().any(|e| ext.eq_ignore_ascii_case(e)))
}
