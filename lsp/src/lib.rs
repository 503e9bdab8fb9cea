//! `ctrcfg lsp`: the playground's diagnostics, hover and completion, ctrcfg's mechanical fixes
//! and the files the MCO would write, for any editor, over the Language Server Protocol.
//!
//! This is the only crate that knows LSP types; every judgement is core's. The server is
//! synchronous: one loop over the connection's messages, each handled inline, because core
//! validates a 10 KB file in under a millisecond (BENCHMARKS.md), so no scheduler is needed and
//! no `didChange` can overtake another. Text is synced in full on every change. Positions are
//! UTF-16 only (`positionEncoding: "utf-16"`), the one encoding every client speaks and the
//! one a buffer shared with yaml-language-server must use.
//!
//! The server answers only about ContainerRuntimeConfig documents ([`scope`]): other YAML
//! gets empty answers, so yaml-language-server keeps it.

mod actions;
mod assist;
mod convert;
mod diagnostics;
mod render;
mod scope;
mod server;
mod settings;

pub use render::{COMMAND as RENDER_COMMAND, METHOD as RENDER_METHOD};
pub use server::run;

/// Serves over the process's standard input and output until the client says `exit`.
pub fn stdio() -> Result<(), String> {
    let (connection, threads) = lsp_server::Connection::stdio();
    run(connection)?;
    threads.join().map_err(|e| format!("lsp: {e}"))
}
