//! The command line's [`Host`] over a JavaScript object: the package's `bin/ctrcfg.js` hands
//! one made of Node's `fs` and `process`; tests hand an in-memory one. The object's methods
//! are the [`Host`] trait's, one for one (the `Host` interface in `ctrcfg.d.ts`).
//!
//! A file error thrown by Node carries the C library's error code (`code: 'ENOENT'`, `errno`),
//! which becomes the message the native binary prints for the same failure (Rust's `io::Error`
//! shows the C library's `strerror` text and the number), so `npx ctrcfg` and `ctrcfg` print
//! the same bytes.

use ctrcfg_cli::{DirEntry, EntryKind, Host};
use std::io;
use std::path::Path;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(typescript_type = "Host")]
    pub type JsHost;

    #[wasm_bindgen(method, catch, js_name = readFile)]
    fn read_file(this: &JsHost, path: &str) -> Result<Vec<u8>, JsValue>;
    #[wasm_bindgen(method, catch, js_name = readStdin)]
    fn read_stdin(this: &JsHost) -> Result<Vec<u8>, JsValue>;
    #[wasm_bindgen(method, js_name = stdout)]
    fn write_stdout(this: &JsHost, text: &str);
    #[wasm_bindgen(method, js_name = stderr)]
    fn write_stderr(this: &JsHost, text: &str);
    #[wasm_bindgen(method, js_name = isSymlink)]
    fn is_symlink(this: &JsHost, path: &str) -> bool;
    #[wasm_bindgen(method, catch, js_name = createDirAll)]
    fn create_dir_all(this: &JsHost, path: &str) -> Result<(), JsValue>;
    #[wasm_bindgen(method, catch, js_name = writeFile)]
    fn write_file(this: &JsHost, path: &str, contents: &str) -> Result<(), JsValue>;
    /// Optional: `[{name, kind: "file" | "dir" | "other"}, ...]`; a host without it reads no
    /// directories (calling it throws, and the file's own error stands).
    #[wasm_bindgen(method, catch, js_name = readDir)]
    fn read_dir(this: &JsHost, path: &str) -> Result<js_sys::Array, JsValue>;
}

/// A [`JsHost`] as the command line's [`Host`].
pub struct Machine<'a>(pub &'a JsHost);

impl Host for Machine<'_> {
    fn read_file(&mut self, path: &Path) -> io::Result<Vec<u8>> {
        self.0.read_file(&path.to_string_lossy()).map_err(io_error)
    }

    fn read_stdin(&mut self) -> io::Result<Vec<u8>> {
        self.0.read_stdin().map_err(io_error)
    }

    fn stdout(&mut self, text: &str) {
        self.0.write_stdout(text);
    }

    fn stderr(&mut self, text: &str) {
        self.0.write_stderr(text);
    }

    fn is_symlink(&mut self, path: &Path) -> bool {
        self.0.is_symlink(&path.to_string_lossy())
    }

    fn create_dir_all(&mut self, path: &Path) -> io::Result<()> {
        self.0.create_dir_all(&path.to_string_lossy()).map_err(io_error)
    }

    fn write_file(&mut self, path: &Path, contents: &str) -> io::Result<()> {
        self.0.write_file(&path.to_string_lossy(), contents).map_err(io_error)
    }

    fn read_dir(&mut self, path: &Path) -> io::Result<Vec<DirEntry>> {
        let entries = self.0.read_dir(&path.to_string_lossy()).map_err(io_error)?;
        let text = |entry: &JsValue, key: &str| {
            js_sys::Reflect::get(entry, &JsValue::from_str(key)).ok().and_then(|v| v.as_string()).unwrap_or_default()
        };
        Ok(entries
            .iter()
            .map(|entry| DirEntry {
                name: text(&entry, "name"),
                kind: match text(&entry, "kind").as_str() {
                    "file" => EntryKind::File,
                    "dir" => EntryKind::Dir,
                    _ => EntryKind::Other,
                },
            })
            .collect())
    }
}

/// What the host threw, worded as `io::Error` words the same failure natively: `strerror`'s
/// text and `(os error N)` for an error code the C library has, else the error's own message.
fn io_error(thrown: JsValue) -> io::Error {
    let property = |name: &str| js_sys::Reflect::get(&thrown, &JsValue::from_str(name)).ok();
    let code = property("code").and_then(|c| c.as_string());
    let errno = property("errno").and_then(|n| n.as_f64());
    let message = match (code.as_deref().and_then(strerror), errno) {
        // Node gives libuv's errno, the C library's negated on Unix.
        (Some(text), Some(n)) => format!("{text} (os error {})", n.abs()),
        _ => match property("message").and_then(|m| m.as_string()) {
            Some(message) => message,
            None => String::from(js_sys::JsString::from(thrown)),
        },
    };
    io::Error::other(message)
}

/// glibc's `strerror` for the error codes reading and writing files can end in.
fn strerror(code: &str) -> Option<&'static str> {
    Some(match code {
        "EPERM" => "Operation not permitted",
        "ENOENT" => "No such file or directory",
        "EIO" => "Input/output error",
        "ENXIO" => "No such device or address",
        "EBADF" => "Bad file descriptor",
        "EAGAIN" => "Resource temporarily unavailable",
        "ENOMEM" => "Cannot allocate memory",
        "EACCES" => "Permission denied",
        "EBUSY" => "Device or resource busy",
        "EEXIST" => "File exists",
        "ENOTDIR" => "Not a directory",
        "EISDIR" => "Is a directory",
        "EINVAL" => "Invalid argument",
        "ENFILE" => "Too many open files in system",
        "EMFILE" => "Too many open files",
        "EFBIG" => "File too large",
        "ENOSPC" => "No space left on device",
        "EROFS" => "Read-only file system",
        "EPIPE" => "Broken pipe",
        "ENAMETOOLONG" => "File name too long",
        "ELOOP" => "Too many levels of symbolic links",
        "EDQUOT" => "Disk quota exceeded",
        _ => return None,
    })
}
