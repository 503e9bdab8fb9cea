//! The command line contract:
//! `ctrcfg validate [--feature-set NAME] [--feature-gates Gate=bool,...] [--format text|json|sarif] [--strict] [FILE...]`

use ctrcfg_core::gates::{FeatureGates, FeatureSet};
use ctrcfg_core::validate::Options;

pub const HELP: &str = "\
ctrcfg: check OpenShift ContainerRuntimeConfigs (additional layer, image and artifact stores)
before they are applied.

Usage:
  ctrcfg validate [OPTIONS] [FILE...]

Reads YAML or JSON (one or many documents, `kind: List` included); no FILE, or `-`, reads stdin.
Reports what the API server (api), the Machine Config Operator (mco) and ctrcfg's own lint (lint)
would say, each with its line and column.

Options:
  --feature-set NAME        Default (the default), TechPreviewNoUpgrade, DevPreviewNoUpgrade, OKD,
                            or CustomNoUpgrade (only the gates named with --feature-gates)
  --feature-gates LIST      Gate=true|false,... (AdditionalStorageConfig, GomaxprocsInjection)
  --format FORMAT           text (default), json, or sarif (SARIF 2.1.0 for code scanning)
  --strict                  fail on warnings too
  -h, --help                show this help

Exit status: 0 no errors; 1 an error (or, with --strict, a warning) in any document;
2 a usage or I/O error.
";

#[derive(Debug)]
pub enum Command {
    Validate(Validate),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Sarif,
}

#[derive(Debug)]
pub struct Validate {
    pub options: Options,
    pub format: Format,
    pub strict: bool,
    pub files: Vec<String>,
}

pub enum Exit {
    Help(&'static str),
    Usage(String),
}

pub fn parse(argv: &[String]) -> Result<Command, Exit> {
    let mut args = argv.iter();
    match args.next().map(String::as_str) {
        None | Some("-h" | "--help" | "help") => Err(Exit::Help(HELP)),
        Some("validate") => validate(args.as_slice()).map(Command::Validate),
        Some(other) => Err(Exit::Usage(format!("unknown command {other:?}; the command is 'validate'"))),
    }
}

fn validate(argv: &[String]) -> Result<Validate, Exit> {
    let mut set = FeatureSet::Default;
    let mut gate_specs = Vec::new();
    let mut format = Format::Text;
    let mut strict = false;
    let mut files = Vec::new();
    let mut i = 0;
    let mut only_files = false;
    while i < argv.len() {
        let arg = argv[i].as_str();
        i += 1;
        if only_files || arg == "-" || !arg.starts_with('-') {
            files.push(arg.to_owned());
            continue;
        }
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_owned())),
            _ => (arg, None),
        };
        let mut value = |name: &str| -> Result<String, Exit> {
            if let Some(v) = inline.clone() {
                return Ok(v);
            }
            let v = argv.get(i).cloned().ok_or_else(|| Exit::Usage(format!("{name} needs a value")))?;
            i += 1;
            Ok(v)
        };
        match flag {
            "--" => only_files = true,
            "-h" | "--help" => return Err(Exit::Help(HELP)),
            "--strict" => strict = true,
            "--feature-set" => {
                let name = value(flag)?;
                set = FeatureSet::from_name(&name).ok_or_else(|| {
                    let known: Vec<&str> = FeatureSet::ALL.iter().map(|s| s.name()).collect();
                    Exit::Usage(format!("--feature-set: unknown feature set {name:?}; known: {}", known.join(", ")))
                })?;
            }
            "--feature-gates" => gate_specs.push(value(flag)?),
            "--format" => {
                format = match value(flag)?.as_str() {
                    "text" => Format::Text,
                    "json" => Format::Json,
                    "sarif" => Format::Sarif,
                    other => return Err(Exit::Usage(format!("--format: {other:?} is not text, json or sarif"))),
                }
            }
            other => return Err(Exit::Usage(format!("unknown option {other:?}"))),
        }
    }
    let mut gates = FeatureGates::new(set);
    for spec in &gate_specs {
        gates = gates.parse_overrides(spec).map_err(Exit::Usage)?;
    }
    if files.is_empty() {
        files.push("-".to_owned());
    }
    Ok(Validate { options: Options { gates, ..Options::default() }, format, strict, files })
}
