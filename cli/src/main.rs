//! `ctrcfg`: the command line over ctrcfg-core. Argument parsing, file reading and output
//! formatting live here; every judgement is core's.

mod args;
mod output;

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
    match command {
        args::Command::Validate(v) => validate(v),
    }
}

fn validate(v: args::Validate) -> ExitCode {
    let mut inputs = Vec::new();
    for file in &v.files {
        match read(file) {
            Ok(text) => inputs.push(output::Input { name: display_name(file), text }),
            Err(e) => {
                eprintln!("ctrcfg: {}: {e}", display_name(file));
                return ExitCode::from(2);
            }
        }
    }
    let results: Vec<output::Checked> = inputs
        .into_iter()
        .map(|input| {
            let report = ctrcfg_core::validate::validate(&input.text, &v.options);
            output::Checked { input, report }
        })
        .collect();
    let failed = results.iter().any(|r| {
        r.report.diagnostics.iter().any(|d| {
            d.severity == ctrcfg_core::diag::Severity::Error
                || (v.strict && d.severity == ctrcfg_core::diag::Severity::Warning)
        })
    });
    let rendered = match v.format {
        args::Format::Text => output::text(&results),
        args::Format::Json => output::json(&results),
        args::Format::Sarif => output::sarif(&results),
    };
    print!("{rendered}");
    if v.format == args::Format::Text {
        eprintln!("{}", output::summary(&results));
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn read(file: &str) -> std::io::Result<String> {
    let mut bytes = Vec::new();
    if file == "-" {
        std::io::stdin().read_to_end(&mut bytes)?;
    } else {
        bytes = std::fs::read(file)?;
    }
    // Invalid UTF-8 is replaced rather than refused, so the rest of the file is still checked;
    // the YAML parser then reports the replacement character where it matters.
    Ok(String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

fn display_name(file: &str) -> String {
    if file == "-" {
        "<stdin>".to_owned()
    } else {
        file.to_owned()
    }
}
