//! `ctrcfg`: the command line over ctrcfg-core. Argument parsing, file reading and output
//! formatting live here; every judgement is core's.

mod args;
mod output;
mod render;

use ctrcfg_core::diag::{Diagnostic, Severity};
use ctrcfg_core::pools::{self, Pool};
use ctrcfg_core::report::Place;
use ctrcfg_core::text::LineIndex;
use ctrcfg_core::validate::{Options, Stored};
use std::io::Read;
use std::process::ExitCode;

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let command = match args::parse(&argv) {
        Ok(command) => command,
        Err(args::Exit::Help(text)) => {
            print!("{text}");
            return ExitCode::SUCCESS;
        }
        Err(args::Exit::Usage(message)) => {
            eprintln!("ctrcfg: {message}\nRun 'ctrcfg --help' for usage.");
            return ExitCode::from(2);
        }
    };
    let result = match command {
        args::Command::Version => {
            print!("{}", args::version());
            Ok(ExitCode::SUCCESS)
        }
        args::Command::Validate(v) => validate(v),
        args::Command::Render(r) => render::run(r),
        args::Command::Simulate(s) => simulate(s),
        args::Command::Explain(e) => match ctrcfg_core::explain::explain(&e.field, &e.gates) {
            Ok(text) => {
                print!("{text}");
                Ok(ExitCode::SUCCESS)
            }
            Err(message) => Err(message),
        },
    };
    result.unwrap_or_else(|message| {
        eprintln!("ctrcfg: {message}");
        ExitCode::from(2)
    })
}

fn validate(v: args::Validate) -> Result<ExitCode, String> {
    let options = options(&v.common)?;
    let mut results = Vec::new();
    for file in &v.common.files {
        let input = output::Input { name: display_name(file), text: read(file)? };
        let report = ctrcfg_core::validate::validate(&input.text, &options);
        results.push(output::Checked { input, report });
    }
    // One verdict for the exit status and the JSON: any error, or with --strict any warning.
    let failed = results
        .iter()
        .flat_map(|r| &r.report.diagnostics)
        .any(|d| d.severity == Severity::Error || (v.strict && d.severity == Severity::Warning));
    let rendered = match v.format {
        args::Format::Text => output::text(&results),
        args::Format::Json => output::json(&results, !failed),
        args::Format::Sarif => output::sarif(&results),
    };
    print!("{rendered}");
    if v.format == args::Format::Text {
        eprintln!("{}", output::summary(&results));
    }
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn simulate(s: args::Simulate) -> Result<ExitCode, String> {
    let text = read(&s.file)?;
    let sim = ctrcfg_core::sim::simulate(&text);
    if s.json {
        let mut out = ctrcfg_core::sim::output::json(&sim, &text).to_json_pretty();
        if !out.ends_with('\n') {
            out.push('\n');
        }
        print!("{out}");
    } else {
        eprint!("{}", placed_lines(&s.file, &text, &sim.diagnostics));
        print!("{}", ctrcfg_core::sim::output::text(&sim));
    }
    Ok(if sim.ran { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// Validation options from the common flags, reading `--pools` and `--existing` when given.
fn options(common: &args::Common) -> Result<Options, String> {
    let pools = match &common.pools_file {
        Some(file) => read_pools(file)?,
        None => pools::default_pools(),
    };
    let stored = match &common.existing_file {
        Some(file) => read_stored(file)?,
        None => Stored::default(),
    };
    Ok(Options { gates: common.gates.clone(), pools, stored })
}

fn read_stored(file: &str) -> Result<Stored, String> {
    let text = read(file)?;
    let (stored, diagnostics) = Stored::parse(&text);
    if !diagnostics.is_empty() {
        return Err(file_errors("--existing", file, &text, &diagnostics));
    }
    if stored.is_empty() {
        return Err(format!("--existing: {} holds no ContainerRuntimeConfig with a name", display_name(file)));
    }
    Ok(stored)
}

fn read_pools(file: &str) -> Result<Vec<Pool>, String> {
    let text = read(file)?;
    let (pools, diagnostics) = pools::read(&text);
    if !diagnostics.is_empty() {
        return Err(file_errors("--pools", file, &text, &diagnostics));
    }
    Ok(pools)
}

/// `FLAG: the file has errors:` and each diagnostic in the one text shape.
fn file_errors(flag: &str, file: &str, text: &str, diagnostics: &[Diagnostic]) -> String {
    format!("{flag}: the file has errors:\n{}", placed_lines(file, text, diagnostics).trim_end())
}

/// Each diagnostic of `file` as [`output::line`] prints it, one per line.
fn placed_lines(file: &str, text: &str, diagnostics: &[Diagnostic]) -> String {
    let index = LineIndex::new(text);
    diagnostics
        .iter()
        .map(|d| {
            let at = Place { file: Some(display_name(file)), ..Place::in_text(&index, d) };
            format!("{}\n", output::line(d, &at))
        })
        .collect()
}

pub fn read(file: &str) -> Result<String, String> {
    let mut bytes = Vec::new();
    let result = if file == "-" {
        std::io::stdin().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::read(file).map(|b| bytes = b)
    };
    result.map_err(|e| format!("{}: {e}", display_name(file)))?;
    // Invalid UTF-8 is replaced rather than refused, so the rest of the file is still checked;
    // the YAML parser then reports the replacement character where it matters.
    Ok(String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

pub fn display_name(file: &str) -> String {
    if file == "-" {
        "<stdin>".to_owned()
    } else {
        file.to_owned()
    }
}
