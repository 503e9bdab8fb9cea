//! ctrcfg for JavaScript: the npm package `ctrcfg` (built by wasm-pack, `scripts/npm-package`)
//! and the functions behind the playground's embed API (`web/src/embed.rs`). With `web/`, the
//! only crate that knows wasm-bindgen.
//!
//! - [`json`]: what each call answers, as the JSON text the command line prints for the same
//!   input (`ctrcfg validate --format json`, `render --format json`, `simulate --format json`),
//!   plus the editor's hover and completion. Plain Rust, shared by both audiences.
//! - `npm` (feature `npm`, on by default): the package's exports, which read an options object,
//!   give results as JavaScript objects and throw `Error`s with the command line's messages;
//!   and `run`, the whole command line over a JavaScript host (`host`), which the package's
//!   `bin/ctrcfg.js` gives Node's `fs` and `process`.

pub mod json;

#[cfg(feature = "npm")]
pub mod host;
#[cfg(feature = "npm")]
pub mod npm;
