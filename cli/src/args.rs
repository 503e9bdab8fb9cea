//! The command line contract:
//! - `ctrcfg --version`
//! - `ctrcfg validate [--openshift-version V] [--feature-set NAME] [--feature-gates Gate=bool,...] [--pools FILE]
//!   [--existing FILE] [--format text|json|sarif] [--strict] [FILE...]`
//! - `ctrcfg render [--openshift-version V] [--feature-set NAME] [--feature-gates ...] [--pools FILE] [--existing FILE] [--base-storage-conf FILE]
//!   [--base-crio-conf FILE] [--format json|yaml|butane|files] [--butane-variant openshift|fcos]
//!   [--pool NAME] [--out DIR] [FILE...]`
//! - `ctrcfg simulate [--format text|json] SCENARIO`
//! - `ctrcfg explain [--openshift-version V] [--feature-set NAME] [--feature-gates ...] FIELD`

use crate::context;
use ctrcfg_core::gates::{FeatureGates, FeatureSet};
use ctrcfg_core::release::{Release, Rule};

pub const HELP: &str = "\
ctrcfg: check and render OpenShift ContainerRuntimeConfigs (additional layer, image and artifact
stores) before they are applied.

Usage:
  ctrcfg --version
  ctrcfg validate [OPTIONS] [FILE...]
  ctrcfg render [OPTIONS] [FILE...]
  ctrcfg simulate [--format text|json] SCENARIO
  ctrcfg explain [--openshift-version V] [--feature-set NAME] [--feature-gates LIST] FIELD
  ctrcfg lsp                the language server, over stdin and stdout (docs/editors.md)

Both read YAML or JSON (one or many documents, `kind: List` included); no FILE, or `-`, reads
stdin. All FILEs together are one cluster's configs.

validate reports what the API server (api), the Machine Config Operator (mco), CRI-O when it
starts with the rendered files (crio) and ctrcfg's own lint (lint) would say, each with its line
and column, for the OpenShift release you run.

render shows, byte for byte, the MachineConfigs and node files the MCO would write, per pool:
the MCO's merge order, the files a node ends up with, settings lost when several configs target
one pool, a merged config, and the rollout (waves and a modelled duration). A text with errors
is not rendered.

explain prints what a field means in the API's own words (the CRD's descriptions, as
`oc explain` prints them), its type, whether the CRD the cluster serves has it, and the fields
under it: `ctrcfg explain spec.containerRuntimeConfig.additionalImageStores`.

simulate runs a Scenario (configs, pools and nodes, a registry, the store tree on each node, and
events: pulls, runs with image volumes, removals, reboots, outages, plugin crashes, retags,
applies) and says where every image, layer and artifact comes from, what the registry serves,
and what breaks. Sizes follow the scenario; durations are modelled. See docs/simulate.md.

Options for validate and render:
  --openshift-version V     the release the cluster runs: 4.22, 5.0 or latest (the default: the
                            newest upstream code); each has its own gates and rules, see
                            ctrcfg --version (a scenario names its own: openshiftVersion)
  --feature-set NAME        Default (the default), TechPreviewNoUpgrade, DevPreviewNoUpgrade, OKD,
                            or CustomNoUpgrade (every gated field in its CRD; only the gates
                            named with --feature-gates on)
  --feature-gates LIST      Gate=true|false,... (AdditionalStorageConfig, GomaxprocsInjection)
  --pools FILE              the cluster's pools: `oc get mcp -o yaml`, or a list of
                            {name, labels, roles, nodes | nodeCount, maxUnavailable};
                            default: master and worker, three nodes each (assumed); a scenario
                            lists its own pools
  --existing FILE           the configs as the cluster stores them (`oc get ctrcfg -o yaml`): a
                            config with the same name is checked as an update, with the API
                            server's ratcheting

validate options:
  --format FORMAT           text (default), json, or sarif (SARIF 2.1.0 for code scanning)
  --strict                  fail on warnings too (the exit status and JSON's \"valid\")

render options:
  --format FORMAT           yaml (default: the MachineConfigs the MCO generates), json
                            (everything), butane, or files (needs --out)
  --butane-variant NAME     with --format butane: openshift (default: one config per
                            MachineConfig) or fcos (the files one pool's nodes end up with)
  --pool NAME               the pool for --format files and --butane-variant fcos
  --out DIR                 where --format files writes, under each file's absolute path
  --base-storage-conf FILE  your own storage.conf (outside OpenShift): ctrcfg edits a copy,
                            comments kept, and never changes FILE; json shows the copy with a
                            diff, files and fcos write it
  --base-crio-conf FILE     your own crio.conf, copied and edited the same way

simulate options:
  --format FORMAT           text (default: a numbered trace) or json

Every command:
  -h, --help                show this help
  -V, --version             the version, and the upstream code each release level follows

Exit status: 0 no errors; 1 an error (or, with validate --strict, a warning) in any document, or
a scenario with errors (steps that fail are results, not errors); 2 a usage or I/O error.
";

#[derive(Debug)]
pub enum Command {
    Version,
    Validate(Validate),
    Render(Render),
    Simulate(Simulate),
    Explain(Explain),
    /// `ctrcfg lsp`: the language server over stdio (the `ctrcfg-lsp` crate).
    Lsp,
}

#[derive(Debug)]
pub struct Explain {
    pub gates: FeatureGates,
    pub field: String,
}

#[derive(Debug)]
pub struct Simulate {
    pub json: bool,
    pub file: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Sarif,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RenderFormat {
    Json,
    Yaml,
    Butane,
    Files,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ButaneVariant {
    OpenShift,
    Fcos,
}

/// What both commands share.
#[derive(Debug)]
pub struct Common {
    pub gates: FeatureGates,
    pub pools_file: Option<String>,
    pub existing_file: Option<String>,
    pub files: Vec<String>,
}

#[derive(Debug)]
pub struct Validate {
    pub common: Common,
    pub format: Format,
    pub strict: bool,
}

#[derive(Debug)]
pub struct Render {
    pub common: Common,
    pub format: RenderFormat,
    pub butane_variant: ButaneVariant,
    pub pool: Option<String>,
    pub out: Option<String>,
    pub base_storage_conf: Option<String>,
    pub base_crio_conf: Option<String>,
}

pub enum Exit {
    Help(&'static str),
    Usage(String),
}

pub fn parse(argv: &[String]) -> Result<Command, Exit> {
    let mut args = argv.iter();
    match args.next().map(String::as_str) {
        None | Some("-h" | "--help" | "help") => Err(Exit::Help(HELP)),
        Some("-V" | "--version" | "version") => Ok(Command::Version),
        // `--stdio` is what vscode-languageclient and others append for the stdio transport.
        Some("lsp") => match args.as_slice() {
            [] => Ok(Command::Lsp),
            [flag] if flag == "--stdio" => Ok(Command::Lsp),
            [other, ..] => {
                Err(Exit::Usage(format!("lsp takes no arguments (it serves over stdin and stdout), not {other:?}")))
            }
        },
        Some(command @ ("validate" | "render" | "simulate" | "explain")) => {
            let flags = Flags::parse(args.as_slice())?;
            match command {
                "validate" => flags.validate().map(Command::Validate),
                "render" => flags.render().map(Command::Render),
                "explain" => flags.explain().map(Command::Explain),
                _ => flags.simulate().map(Command::Simulate),
            }
        }
        Some(other) => Err(Exit::Usage(format!(
            "unknown command {other:?}; the commands are 'validate', 'render', 'simulate', 'explain' and 'lsp'"
        ))),
    }
}

/// The flags validate and render share.
const COMMON: &[&str] = &["--openshift-version", "--feature-set", "--feature-gates", "--pools", "--existing"];

/// `ctrcfg --version`: the version, and what each release level was read from.
pub fn version() -> String {
    let mut out = format!(
        "ctrcfg {}
",
        env!("CARGO_PKG_VERSION")
    );
    out.push_str(
        "OpenShift levels modelled (--openshift-version; the default is latest):
",
    );
    for release in Release::ALL {
        out.push_str(&format!(
            "  {}
",
            release.describe()
        ));
    }
    out.push_str(
        "Rules that start after 4.22:
",
    );
    for rule in Rule::ALL {
        out.push_str(&format!(
            "  from {}: {}
",
            rule.since(),
            rule.summary()
        ));
    }
    out
}

/// Every flag as given, before each command checks which apply to it.
#[derive(Default)]
struct Flags {
    values: Vec<(String, String)>,
    switches: Vec<String>,
    files: Vec<String>,
}

const VALUED: [&str; 11] = [
    "--openshift-version",
    "--existing",
    "--feature-set",
    "--feature-gates",
    "--format",
    "--pools",
    "--pool",
    "--out",
    "--butane-variant",
    "--base-storage-conf",
    "--base-crio-conf",
];

impl Flags {
    fn parse(argv: &[String]) -> Result<Flags, Exit> {
        let mut flags = Flags::default();
        let mut i = 0;
        let mut only_files = false;
        while i < argv.len() {
            let arg = argv[i].as_str();
            i += 1;
            if only_files || arg == "-" || !arg.starts_with('-') {
                flags.files.push(arg.to_owned());
                continue;
            }
            let (flag, inline) = match arg.split_once('=') {
                Some((f, v)) if f.starts_with("--") => (f, Some(v.to_owned())),
                _ => (arg, None),
            };
            match flag {
                "--" => only_files = true,
                "-h" | "--help" => return Err(Exit::Help(HELP)),
                "--strict" => flags.switches.push(flag.to_owned()),
                f if VALUED.contains(&f) => {
                    let v = match inline {
                        Some(v) => v,
                        None => {
                            let v = argv.get(i).cloned().ok_or_else(|| Exit::Usage(format!("{flag} needs a value")))?;
                            i += 1;
                            v
                        }
                    };
                    flags.values.push((flag.to_owned(), v));
                }
                other => return Err(Exit::Usage(format!("unknown option {other:?}"))),
            }
        }
        if flags.files.is_empty() {
            flags.files.push("-".to_owned());
        }
        Ok(flags)
    }

    fn last(&self, flag: &str) -> Option<String> {
        self.values.iter().rev().find(|(f, _)| f == flag).map(|(_, v)| v.clone())
    }

    fn only(&self, command: &str, allowed: &[&str]) -> Result<(), Exit> {
        let stray = self.values.iter().map(|(f, _)| f).chain(&self.switches).find(|f| !allowed.contains(&f.as_str()));
        match stray {
            Some(f) if command == "simulate" && COMMON.contains(&f.as_str()) => Err(Exit::Usage(format!(
                "{f} does not apply to 'simulate': a scenario gives its own openshiftVersion, featureSet, featureGates and pools"
            ))),
            Some(f) => Err(Exit::Usage(format!("{f} does not apply to '{command}'"))),
            None => Ok(()),
        }
    }

    fn common(&self) -> Result<Common, Exit> {
        let set =
            self.last("--feature-set").map_or(Ok(FeatureSet::Default), |n| context::feature_set("--feature-set", &n));
        let release = self
            .last("--openshift-version")
            .map_or(Ok(Release::default()), |n| context::release("--openshift-version", &n));
        let overrides = self.values.iter().filter(|(f, _)| f == "--feature-gates").map(|(_, spec)| spec.as_str());
        let base = FeatureGates::new(set.map_err(Exit::Usage)?).at(release.map_err(Exit::Usage)?);
        let gates = context::gates(base, "--feature-gates", overrides).map_err(Exit::Usage)?;
        Ok(Common {
            gates,
            pools_file: self.last("--pools"),
            existing_file: self.last("--existing"),
            files: self.files.clone(),
        })
    }

    fn validate(self) -> Result<Validate, Exit> {
        self.only("validate", &[COMMON, &["--format", "--strict"]].concat())?;
        let format = match self.last("--format").as_deref() {
            None | Some("text") => Format::Text,
            Some("json") => Format::Json,
            Some("sarif") => Format::Sarif,
            Some(other) => return Err(Exit::Usage(format!("--format: {other:?} is not text, json or sarif"))),
        };
        Ok(Validate { common: self.common()?, format, strict: self.switches.iter().any(|s| s == "--strict") })
    }

    fn explain(self) -> Result<Explain, Exit> {
        self.only("explain", &["--openshift-version", "--feature-set", "--feature-gates"])?;
        let gates = self.common()?.gates;
        match self.files.as_slice() {
            [field] if field != "-" => Ok(Explain { gates, field: field.clone() }),
            _ => Err(Exit::Usage("explain takes one FIELD, such as spec.containerRuntimeConfig.logLevel".into())),
        }
    }

    fn simulate(self) -> Result<Simulate, Exit> {
        self.only("simulate", &["--format"])?;
        let json = match self.last("--format").as_deref() {
            None | Some("text") => false,
            Some("json") => true,
            Some(other) => return Err(Exit::Usage(format!("--format: {other:?} is not text or json"))),
        };
        match self.files.as_slice() {
            [file] => Ok(Simulate { json, file: file.clone() }),
            _ => Err(Exit::Usage("simulate takes one SCENARIO file (or - for stdin)".into())),
        }
    }

    fn render(self) -> Result<Render, Exit> {
        self.only(
            "render",
            &[COMMON, &["--format", "--butane-variant", "--pool", "--out", "--base-storage-conf", "--base-crio-conf"]]
                .concat(),
        )?;
        let format = match self.last("--format").as_deref() {
            None | Some("yaml") => RenderFormat::Yaml,
            Some("json") => RenderFormat::Json,
            Some("butane") => RenderFormat::Butane,
            Some("files") => RenderFormat::Files,
            Some(other) => return Err(Exit::Usage(format!("--format: {other:?} is not json, yaml, butane or files"))),
        };
        let butane_variant = match self.last("--butane-variant").as_deref() {
            None | Some("openshift") => ButaneVariant::OpenShift,
            Some("fcos") => ButaneVariant::Fcos,
            Some(other) => return Err(Exit::Usage(format!("--butane-variant: {other:?} is not openshift or fcos"))),
        };
        let out = self.last("--out");
        if (format == RenderFormat::Files) != out.is_some() {
            return Err(Exit::Usage("--format files and --out DIR go together".into()));
        }
        if format != RenderFormat::Butane && self.last("--butane-variant").is_some() {
            return Err(Exit::Usage("--butane-variant applies only with --format butane".into()));
        }
        let one_pool = format == RenderFormat::Files || butane_variant == ButaneVariant::Fcos;
        if !one_pool && self.last("--pool").is_some() {
            return Err(Exit::Usage("--pool applies only with --format files or --butane-variant fcos".into()));
        }
        Ok(Render {
            common: self.common()?,
            format,
            butane_variant,
            pool: self.last("--pool"),
            out,
            base_storage_conf: self.last("--base-storage-conf"),
            base_crio_conf: self.last("--base-crio-conf"),
        })
    }
}
