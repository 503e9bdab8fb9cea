//! `ctrcfg`, the command line over ctrcfg-core, as a library: [`run`] takes the arguments and a
//! [`Host`] (files, standard input and output) and returns the exit status. The native binary
//! (`src/main.rs`) runs it over `std`; the npm package's `bin/ctrcfg.js` runs the same code in
//! Node (the `ctrcfg-js` crate), so both take the same flags and print the same bytes.
//! Argument parsing, file reading and output formatting live here; every judgement is core's.

mod args;
pub mod context;
mod generated;
mod glob;
mod host;
mod inputs;
mod output;
mod render;

pub use host::{DirEntry, EntryKind, Host, StdHost};

use ctrcfg_core::diag::{Diagnostic, Severity};
use ctrcfg_core::sim::groups::Grouping;
use ctrcfg_core::validate::{Options, Stored};
use std::path::Path;

/// Exit statuses: 0 no errors, 1 an error in the input (a verdict), 2 a usage or I/O error.
const FAILED: u8 = 1;
const USAGE: u8 = 2;

/// Runs one command line (`argv` without the program's name) and returns its exit status.
pub fn run(argv: &[String], host: &mut dyn Host) -> u8 {
    let command = match args::parse(argv) {
        Ok(command) => command,
        Err(args::Exit::Help(text)) => {
            host.stdout(&text);
            return 0;
        }
        Err(args::Exit::Usage(message)) => {
            host.stderr(&format!("ctrcfg: {message}\nRun 'ctrcfg --help' for usage.\n"));
            return USAGE;
        }
        Err(args::Exit::Rejected(text)) => {
            host.stderr(&format!("ctrcfg: {text}"));
            return USAGE;
        }
    };
    let result = match command {
        args::Command::Version => {
            host.stdout(&args::version());
            Ok(0)
        }
        args::Command::Validate(v) => validate(v, host),
        args::Command::Render(r) => render::run(r, host),
        args::Command::Simulate(s) => simulate(s, host),
        args::Command::Explain(e) => ctrcfg_core::explain::explain(&e.field, &e.gates).map(|text| {
            host.stdout(&text);
            0
        }),
        args::Command::Schema(gates) => {
            host.stdout(&(ctrcfg_core::json_schema::crd(&gates).to_json_pretty() + "\n"));
            Ok(0)
        }
        args::Command::Completions(shell) => generated::completions(shell).map(|script| {
            host.stdout(&script);
            0
        }),
        args::Command::Man(command) => generated::man_page(command.as_deref()).map(|page| {
            host.stdout(&page);
            0
        }),
        args::Command::Lsp => lsp(),
    };
    result.unwrap_or_else(|message| {
        host.stderr(&format!("ctrcfg: {message}\n"));
        USAGE
    })
}

/// `ctrcfg lsp`: the language server owns stdin and stdout until the client exits, so it runs
/// outside the [`Host`].
#[cfg(not(target_arch = "wasm32"))]
fn lsp() -> Result<u8, String> {
    ctrcfg_lsp::stdio().map(|()| 0)
}

/// The npm package's `ctrcfg` runs this code as wasm, which has no threads for the server.
#[cfg(target_arch = "wasm32")]
fn lsp() -> Result<u8, String> {
    Err("lsp: the language server runs only in the native ctrcfg binary (cargo install --path cli, or a release build), not in the npm package".into())
}

/// The verdict: any error, or with `strict` any warning. One place for the exit status and
/// JSON's `"valid"`, for the command line and the JavaScript API.
pub fn fails(diagnostics: &[Diagnostic], strict: bool) -> bool {
    diagnostics.iter().any(|d| d.severity == Severity::Error || (strict && d.severity == Severity::Warning))
}

fn validate(v: args::Validate, host: &mut dyn Host) -> Result<u8, String> {
    let options = options(&v.common, host)?;
    let ignore = inputs::Ignore::new(&v.ignore)?;
    let results: Vec<output::Checked> = inputs::read_all(&v.common.files, &ignore, host)?
        .into_iter()
        .map(|input| output::Checked::new(input, &options))
        .collect();
    let failed = results.iter().any(|r| fails(&r.report.diagnostics, v.strict));
    let rendered = match v.format {
        args::Format::Text => output::text(&results),
        args::Format::Json => output::json(&results, !failed),
        args::Format::Sarif => output::sarif(&results),
        args::Format::Junit => output::junit::report(&results, v.strict),
        args::Format::Github => output::github::annotations(&results),
    };
    host.stdout(&rendered);
    if v.format == args::Format::Text {
        host.stderr(&format!("{}\n", output::summary(&results)));
    }
    if v.summary {
        host.stderr(&format!("{}\n", output::counts(&results)));
    }
    Ok(if failed { FAILED } else { 0 })
}

fn simulate(s: args::Simulate, host: &mut dyn Host) -> Result<u8, String> {
    use ctrcfg_core::sim::{compare, output};
    let text = read(&s.file, host)?;
    let grouping = if s.per_node { Grouping::PerNode } else { Grouping::Shared };
    // A scenario with `variants:` prints each variant's run and their comparison.
    let (ran, diagnostics, mut printed) = if compare::has_variants(&text) {
        let c = compare::compare(&text);
        let printed = match s.json {
            true => output::comparison_json(&c, &text, grouping).to_json_pretty(),
            false => output::comparison_text(&c, grouping),
        };
        (c.ran, c.diagnostics, printed)
    } else {
        let sim = ctrcfg_core::sim::simulate(&text);
        let printed = match s.json {
            true => output::json(&sim, &text, grouping).to_json_pretty(),
            false => output::text(&sim, grouping),
        };
        (sim.ran, sim.diagnostics, printed)
    };
    if !s.json {
        host.stderr(&context::placed_lines(&display_name(&s.file), &text, &diagnostics));
    } else if !printed.ends_with('\n') {
        printed.push('\n');
    }
    host.stdout(&printed);
    Ok(if ran { 0 } else { FAILED })
}

/// Validation options from the common flags, reading `--pools` and `--existing` when given.
fn options(common: &args::Common, host: &mut dyn Host) -> Result<Options, String> {
    let pools = match &common.pools_file {
        Some(file) => context::pools("--pools", &display_name(file), &read(file, host)?)?,
        None => ctrcfg_core::pools::default_pools(),
    };
    let stored = match &common.existing_file {
        Some(file) => context::stored("--existing", &display_name(file), &read(file, host)?)?,
        None => Stored::default(),
    };
    Ok(Options { gates: common.gates.clone(), pools, stored })
}

/// The text of an input file, or of stdin for `-`.
fn read(file: &str, host: &mut dyn Host) -> Result<String, String> {
    let bytes = if file == "-" { host.read_stdin() } else { host.read_file(Path::new(file)) };
    let bytes = bytes.map_err(|e| format!("{}: {e}", display_name(file)))?;
    // Read as kubectl reads it: UTF-16 by its byte order mark, invalid UTF-8 as U+FFFD, which
    // validation then points at.
    Ok(ctrcfg_core::encoding::decode(&bytes).into_owned())
}

fn display_name(file: &str) -> String {
    if file == "-" {
        "<stdin>".to_owned()
    } else {
        file.to_owned()
    }
}
