//! The native `ctrcfg` binary: the command line of `lib.rs` over the machine's own files and
//! streams.

use std::process::ExitCode;

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    ExitCode::from(ctrcfg_cli::run(&argv, &mut ctrcfg_cli::StdHost))
}
