//! The command line's arguments, defined once with clap's derive: the parser, every `--help`
//! (the top one, each command's with examples), the shell completions and the man page all
//! come from the definitions below, so none of them can drift from what is parsed.
//!
//! clap only reads the words; [`parse`] then turns names into core's values (a release, a
//! feature set, gate overrides) with `context`'s messages, and refuses flags that do not go
//! together, so each refusal reads as it always has. A flag given twice takes its last value
//! (`--feature-gates` adds up), as before clap.

use crate::context;
use clap::{ArgAction, Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use ctrcfg_core::gates::{FeatureGates, FeatureSet};
use ctrcfg_core::release::{Release, Rule};

const ABOUT: &str = "ctrcfg: check and render OpenShift ContainerRuntimeConfigs (additional layer, image and artifact
stores) before they are applied.";

/// The width help is wrapped at, whatever the terminal: the help shown in the docs is the help
/// printed, on every machine.
const WIDTH: usize = 100;

const EXIT_STATUS: &str =
    "Exit status: 0 no errors; 1 an error (or, with validate --strict, a warning) in any document, or
a scenario with errors (steps that fail are results, not errors); 2 a usage or I/O error.";

#[derive(Parser)]
#[command(name = "ctrcfg", version, about = ABOUT, disable_version_flag = true, args_override_self = true, term_width = WIDTH)]
struct Cli {
    #[arg(short = 'V', long, help = "The version, and the upstream code each release level follows")]
    version: bool,
    #[command(subcommand)]
    command: Option<Sub>,
}

#[derive(Subcommand)]
enum Sub {
    Validate(ValidateArgs),
    Render(RenderArgs),
    Simulate(SimulateArgs),
    Explain(ExplainArgs),
    Schema(SchemaArgs),
    Completions(CompletionsArgs),
    Man(ManArgs),
    Lsp(LspArgs),
    /// The same as --version
    #[command(hide = true)]
    Version,
}

/// The release and feature set a CRD is served at: what explain and schema take.
#[derive(Args)]
struct Level {
    #[arg(
        long,
        value_name = "V",
        help = "The release the cluster runs: 4.22, 5.0 or latest (the default: the newest upstream code); each has its own gates and rules, see ctrcfg --version"
    )]
    openshift_version: Option<String>,
    #[arg(
        long,
        value_name = "NAME",
        help = "Default (the default), TechPreviewNoUpgrade, DevPreviewNoUpgrade, OKD, or CustomNoUpgrade (every gated field in its CRD; only the gates named with --feature-gates on)"
    )]
    feature_set: Option<String>,
    #[arg(
        long,
        value_name = "LIST",
        action = ArgAction::Append,
        help = "Gate=true|false,... (AdditionalStorageConfig, GomaxprocsInjection); may be given again"
    )]
    feature_gates: Vec<String>,
}

/// What validate and render share: the level, and the cluster's pools and stored configs.
#[derive(Args)]
struct Cluster {
    #[command(flatten)]
    level: Level,
    #[arg(
        long,
        value_name = "FILE",
        help = "The cluster's pools: `oc get mcp -o yaml`, or a list of {name, labels, roles, nodes | nodeCount, maxUnavailable}; default: master and worker, three nodes each (assumed)"
    )]
    pools: Option<String>,
    #[arg(
        long,
        value_name = "FILE",
        help = "The configs as the cluster stores them (`oc get ctrcfg -o yaml`): a config with the same name is checked as an update, with the API server's ratcheting"
    )]
    existing: Option<String>,
}

/// Report what the API server, the MCO, CRI-O and ctrcfg's lint would say
#[derive(Args)]
#[command(
    args_override_self = true,
    long_about = "Report what the API server (api), the Machine Config Operator (mco), CRI-O when it starts with the rendered files (crio) and ctrcfg's own lint (lint) would say, each with its line and column, for the OpenShift release you run.\n\nA PATH is a file (read whatever its name), a directory (every .yaml, .yml and .json file under it, hidden ones left out), or - for stdin; no PATH reads stdin. The output of `kustomize build`, `helm template` and `oc get -o yaml` (kind: List) is read as it is; documents of other kinds are skipped (an info note each) and counted. All files of one run are one cluster's configs only for render: validate checks each file on its own.",
    after_help = "Examples:
  ctrcfg validate crc.yaml
  ctrcfg validate --summary manifests/
  kustomize build overlays/prod | ctrcfg validate -
  ctrcfg validate --format github --ignore 'charts/**' .
  ctrcfg validate --format junit --openshift-version 5.0 manifests/ > ctrcfg.xml"
)]
struct ValidateArgs {
    #[command(flatten)]
    cluster: Cluster,
    #[arg(
        long,
        value_enum,
        default_value_t = Format::Text,
        help = "text, json, sarif (SARIF 2.1.0 for code scanning), junit (JUnit XML for GitLab and Jenkins) or github (GitHub Actions workflow annotations)"
    )]
    format: Format,
    #[arg(long, help = "Fail on warnings too (the exit status and JSON's \"valid\")")]
    strict: bool,
    #[arg(
        long,
        help = "Also print one line of counts to stderr: files, documents, configs, documents of other kinds skipped, errors, warnings"
    )]
    summary: bool,
    #[arg(
        long,
        value_name = "PATTERN",
        action = ArgAction::Append,
        help = "Leave out what a directory holds where the glob matches: its path, or (a pattern without /) any name in it; * ? [abc] and ** (any depth); may be given again"
    )]
    ignore: Vec<String>,
    #[arg(value_name = "PATH", help = "Files, directories, or - for stdin (the default)")]
    paths: Vec<String>,
}

/// Show the MachineConfigs and node files the MCO would write, per pool
#[derive(Args)]
#[command(
    args_override_self = true,
    long_about = "Show, byte for byte, the MachineConfigs and node files the MCO would write, per pool: the MCO's merge order, the files a node ends up with, settings lost when several configs target one pool, a merged config, and the rollout (waves and a modelled duration). All FILEs together are one cluster's configs. A text with errors is not rendered.",
    after_help = "Examples:
  ctrcfg render crc.yaml
  ctrcfg render --format json crc.yaml other.yaml
  ctrcfg render --pools pools.yaml --format files --pool worker --out ./node crc.yaml
  ctrcfg render --format butane --butane-variant fcos --pool worker crc.yaml"
)]
struct RenderArgs {
    #[command(flatten)]
    cluster: Cluster,
    #[arg(
        long,
        value_enum,
        default_value_t = RenderFormat::Yaml,
        help = "yaml (the MachineConfigs the MCO generates), json (everything), butane, or files (needs --out)"
    )]
    format: RenderFormat,
    #[arg(
        long,
        value_enum,
        value_name = "NAME",
        help = "With --format butane: openshift (default: one config per MachineConfig) or fcos (the files one pool's nodes end up with)"
    )]
    butane_variant: Option<ButaneVariant>,
    #[arg(long, value_name = "NAME", help = "The pool for --format files and --butane-variant fcos")]
    pool: Option<String>,
    #[arg(long, value_name = "DIR", help = "Where --format files writes, under each file's absolute path")]
    out: Option<String>,
    #[arg(
        long,
        value_name = "FILE",
        help = "Your own storage.conf (outside OpenShift): ctrcfg edits a copy, comments kept, and never changes FILE; json shows the copy with a diff, files and fcos write it"
    )]
    base_storage_conf: Option<String>,
    #[arg(long, value_name = "FILE", help = "Your own crio.conf, copied and edited the same way")]
    base_crio_conf: Option<String>,
    #[arg(value_name = "FILE", help = "Config files, or - for stdin (the default)")]
    files: Vec<String>,
}

/// Run a Scenario: where every image, layer and artifact comes from, and what breaks
#[derive(Args)]
#[command(
    args_override_self = true,
    long_about = "Run a Scenario (configs, pools and nodes, a registry, the store tree on each node, and events: pulls, runs with image volumes, removals, reboots, outages, plugin crashes, retags, applies) and say where every image, layer and artifact comes from, what the registry serves, and what breaks. Sizes follow the scenario; durations are modelled. See docs/simulate.md.",
    after_help = "Examples:
  ctrcfg simulate tests/scenarios/nfs-shared-cache.yaml
  ctrcfg simulate --format json tests/scenarios/ml-models-ssd.yaml
  ctrcfg simulate --per-node tests/scenarios/nfs-shared-cache.yaml"
)]
struct SimulateArgs {
    #[arg(long, value_enum, default_value_t = SimFormat::Text, help = "text (a numbered trace) or json")]
    format: SimFormat,
    #[arg(
        long,
        help = "every step and node on its own, and each node's figures; by default steps and nodes that read the same are reported once, with their nodes as worker-[0-8999], and each pool has p50, p95 and all-nodes times"
    )]
    per_node: bool,
    #[command(flatten)]
    scenario_gives: ScenarioGives,
    #[arg(value_name = "SCENARIO", default_value = "-", help = "The scenario file, or - for stdin")]
    file: String,
}

/// The context flags a scenario gives itself: accepted by the parser only to be refused with
/// the reason, rather than as unknown.
#[derive(Args)]
struct ScenarioGives {
    #[arg(long, hide = true, value_name = "V")]
    openshift_version: Option<String>,
    #[arg(long, hide = true, value_name = "NAME")]
    feature_set: Option<String>,
    #[arg(long, hide = true, value_name = "LIST")]
    feature_gates: Option<String>,
    #[arg(long, hide = true, value_name = "FILE")]
    pools: Option<String>,
    #[arg(long, hide = true, value_name = "FILE")]
    existing: Option<String>,
}

/// Print what a field means: type, limits, rules, feature gate and the API's description
#[derive(Args)]
#[command(
    args_override_self = true,
    long_about = "Print what a field means in the API's own words (the CRD's descriptions, as `oc explain` prints them), offline: its type, its limits and rules (the CRD's validations), the feature gate it needs, whether the CRD the cluster serves has it at the release and feature set given, and the fields under it. The leading spec. may be left out.",
    after_help = "Examples:
  ctrcfg explain containerRuntimeConfig.additionalLayerStores
  ctrcfg explain spec.containerRuntimeConfig.additionalImageStores.path
  ctrcfg explain --openshift-version 4.22 spec.containerRuntimeConfig"
)]
struct ExplainArgs {
    #[command(flatten)]
    level: Level,
    #[arg(value_name = "FIELD", help = "A dotted field path, such as spec.containerRuntimeConfig.logLevel")]
    field: String,
}

/// Print the CRD's JSON Schema for editors (yaml-language-server)
#[derive(Args)]
#[command(
    args_override_self = true,
    long_about = "Print a JSON Schema (draft-07) of the ContainerRuntimeConfig CRD as the cluster serves it at the release and feature set given: its types, limits and enums, for yaml-language-server (VS Code, Neovim) and any JSON Schema validator. The CEL rules and the MCO's checks are not in it: ctrcfg validate says those. See docs/editors.md.",
    after_help = "Examples:
  ctrcfg schema > ctrcfg.schema.json
  ctrcfg schema --openshift-version 4.22 --feature-set TechPreviewNoUpgrade"
)]
struct SchemaArgs {
    #[command(flatten)]
    level: Level,
}

/// Print a shell completion script
#[derive(Args)]
#[command(after_help = "Examples:
  ctrcfg completions bash > /etc/bash_completion.d/ctrcfg
  ctrcfg completions zsh > \"${fpath[1]}/_ctrcfg\"
  ctrcfg completions fish > ~/.config/fish/completions/ctrcfg.fish")]
struct CompletionsArgs {
    #[arg(value_enum)]
    shell: Shell,
}

/// Print a man page in roff: ctrcfg(1), or a command's, ctrcfg-validate(1)
#[derive(Args)]
#[command(after_help = "Examples:
  ctrcfg man | man -l -
  ctrcfg man validate > /usr/local/share/man/man1/ctrcfg-validate.1")]
struct ManArgs {
    #[arg(
        value_name = "COMMAND",
        help = "The command whose page to print (validate, render, simulate, explain, schema, completions, man, lsp)"
    )]
    command: Option<String>,
}

/// Serve the language server over stdin and stdout, for editors (docs/editors.md)
#[derive(Args)]
#[command(
    long_about = "Serve the Language Server Protocol over stdin and stdout: the diagnostics, hover docs and completion of the playground, code actions for mechanical fixes, and what the MCO would write for the file (request ctrcfg/render), in VS Code, Neovim, Helix or any LSP client. The release and feature set come from the client's settings. See docs/editors.md.",
    after_help = "Examples:
  ctrcfg lsp"
)]
struct LspArgs {
    /// What VS Code's language client appends; stdio is the only transport.
    #[arg(long, hide = true)]
    stdio: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
    Sarif,
    Junit,
    Github,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RenderFormat {
    Json,
    Yaml,
    Butane,
    Files,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ButaneVariant {
    #[value(name = "openshift")]
    OpenShift,
    Fcos,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum SimFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
}

/// A command, its names resolved into core's values.
#[derive(Debug)]
pub enum Command {
    Version,
    Validate(Validate),
    Render(Render),
    Simulate(Simulate),
    Explain(Explain),
    Schema(FeatureGates),
    Completions(Shell),
    /// The man page of the whole command line, or of one command.
    Man(Option<String>),
    /// The language server, over stdin and stdout.
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
    pub per_node: bool,
    pub file: String,
}

/// What validate and render share.
#[derive(Debug)]
pub struct Common {
    pub gates: FeatureGates,
    pub pools_file: Option<String>,
    pub existing_file: Option<String>,
    /// As given; `-` (stdin) when none was.
    pub files: Vec<String>,
}

#[derive(Debug)]
pub struct Validate {
    pub common: Common,
    pub format: Format,
    pub strict: bool,
    pub summary: bool,
    pub ignore: Vec<String>,
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
    /// Help asked for: printed to stdout, exit 0.
    Help(String),
    /// A refusal of ours, one line.
    Usage(String),
    /// clap's refusal as it words it (with its tip and usage line), after `error: `.
    Rejected(String),
}

/// The whole command line's definition: clap's, with the top help's overview of each
/// command's options, generated from the same definitions.
pub fn definition() -> clap::Command {
    let command = Cli::command();
    let overview = overview(&command);
    command.after_help(overview)
}

pub fn parse(argv: &[String]) -> Result<Command, Exit> {
    let words = std::iter::once("ctrcfg".to_owned()).chain(argv.iter().cloned());
    let mut definition = definition();
    let matches = definition.try_get_matches_from_mut(words).map_err(|e| match e.kind() {
        clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            Exit::Help(e.render().to_string())
        }
        _ => Exit::Rejected(e.render().to_string().trim_start_matches("error: ").to_owned()),
    })?;
    let cli = Cli::from_arg_matches(&matches).map_err(|e| Exit::Rejected(e.to_string()))?;
    if cli.version {
        return Ok(Command::Version);
    }
    match cli.command {
        None => Err(Exit::Help(definition.render_help().to_string())),
        Some(Sub::Version) => Ok(Command::Version),
        Some(Sub::Man(m)) => Ok(Command::Man(m.command)),
        Some(Sub::Lsp(_)) => Ok(Command::Lsp),
        Some(Sub::Completions(c)) => Ok(Command::Completions(c.shell)),
        Some(Sub::Schema(s)) => Ok(Command::Schema(gates(&s.level)?)),
        Some(Sub::Explain(e)) if e.field == "-" => {
            Err(Exit::Usage("explain takes one FIELD, such as spec.containerRuntimeConfig.logLevel".into()))
        }
        Some(Sub::Explain(e)) => Ok(Command::Explain(Explain { gates: gates(&e.level)?, field: e.field })),
        Some(Sub::Simulate(s)) => simulate(s).map(Command::Simulate),
        Some(Sub::Validate(v)) => Ok(Command::Validate(Validate {
            common: common(&v.cluster, v.paths)?,
            format: v.format,
            strict: v.strict,
            summary: v.summary,
            ignore: v.ignore,
        })),
        Some(Sub::Render(r)) => render(r).map(Command::Render),
    }
}

fn gates(level: &Level) -> Result<FeatureGates, Exit> {
    let set =
        level.feature_set.as_deref().map_or(Ok(FeatureSet::Default), |n| context::feature_set("--feature-set", n));
    let release = level
        .openshift_version
        .as_deref()
        .map_or(Ok(Release::default()), |n| context::release("--openshift-version", n));
    let base = FeatureGates::new(set.map_err(Exit::Usage)?).at(release.map_err(Exit::Usage)?);
    context::gates(base, "--feature-gates", level.feature_gates.iter().map(String::as_str)).map_err(Exit::Usage)
}

fn common(cluster: &Cluster, files: Vec<String>) -> Result<Common, Exit> {
    Ok(Common {
        gates: gates(&cluster.level)?,
        pools_file: cluster.pools.clone(),
        existing_file: cluster.existing.clone(),
        files: if files.is_empty() { vec!["-".to_owned()] } else { files },
    })
}

fn simulate(s: SimulateArgs) -> Result<Simulate, Exit> {
    let given = &s.scenario_gives;
    let refused = [
        ("--openshift-version", given.openshift_version.is_some()),
        ("--feature-set", given.feature_set.is_some()),
        ("--feature-gates", given.feature_gates.is_some()),
        ("--pools", given.pools.is_some()),
        ("--existing", given.existing.is_some()),
    ];
    if let Some((flag, _)) = refused.iter().find(|(_, given)| *given) {
        return Err(Exit::Usage(format!(
            "{flag} does not apply to 'simulate': a scenario gives its own openshiftVersion, featureSet, featureGates and pools"
        )));
    }
    Ok(Simulate { json: s.format == SimFormat::Json, per_node: s.per_node, file: s.file })
}

fn render(r: RenderArgs) -> Result<Render, Exit> {
    if (r.format == RenderFormat::Files) != r.out.is_some() {
        return Err(Exit::Usage("--format files and --out DIR go together".into()));
    }
    if r.format != RenderFormat::Butane && r.butane_variant.is_some() {
        return Err(Exit::Usage("--butane-variant applies only with --format butane".into()));
    }
    let butane_variant = r.butane_variant.unwrap_or(ButaneVariant::OpenShift);
    let one_pool = r.format == RenderFormat::Files || butane_variant == ButaneVariant::Fcos;
    if !one_pool && r.pool.is_some() {
        return Err(Exit::Usage("--pool applies only with --format files or --butane-variant fcos".into()));
    }
    Ok(Render {
        common: common(&r.cluster, r.files)?,
        format: r.format,
        butane_variant,
        pool: r.pool,
        out: r.out,
        base_storage_conf: r.base_storage_conf,
        base_crio_conf: r.base_crio_conf,
    })
}

/// The top help's overview: the options validate and render share, then each command's own,
/// one line each, read from the commands' definitions; then the exit statuses.
fn overview(cli: &clap::Command) -> String {
    let options = |name: &str| -> Vec<&clap::Arg> {
        cli.find_subcommand(name)
            .map(|c| c.get_arguments().filter(|a| a.get_long().is_some() && !a.is_hide_set()).collect())
            .unwrap_or_default()
    };
    let help = |a: &clap::Arg| a.get_help().map(|h| h.to_string()).unwrap_or_default();
    let line = |a: &clap::Arg| {
        let value = match a.get_action().takes_values() {
            true => a.get_value_names().and_then(|v| v.first()).map(|v| format!(" {v}")).unwrap_or_default(),
            false => String::new(),
        };
        let flag = format!("  --{}{value}", a.get_long().unwrap_or_default());
        hanging(&format!("{flag:<28}{}", help(a)), 28)
    };
    let render = options("render");
    // The same flag with the same words in both is one option of both.
    let shared: Vec<&clap::Arg> = options("validate")
        .into_iter()
        .filter(|a| render.iter().any(|r| r.get_id() == a.get_id() && help(r) == help(a)))
        .collect();
    let own = |a: &&&clap::Arg| !shared.iter().any(|s| s.get_id() == a.get_id() && help(s) == help(a));
    let mut out = String::from("Options for validate and render:\n");
    out.extend(shared.iter().map(|a| line(a)));
    for name in ["validate", "render", "simulate"] {
        out.push_str(&format!("\n{name} options:\n"));
        out.extend(options(name).iter().filter(own).map(|a| line(a)));
    }
    out.push_str("\nEach command's --help has its examples: ctrcfg validate --help.\n\n");
    out.push_str(EXIT_STATUS);
    out
}

/// `text` wrapped at [`WIDTH`] columns, each line after the first indented by `indent`.
fn hanging(text: &str, indent: usize) -> String {
    let mut out = String::new();
    let mut width = 0;
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 && width + 1 + word.chars().count() > WIDTH && width > indent {
            out.push('\n');
            out.push_str(&" ".repeat(indent));
            width = indent;
        } else if i > 0 {
            out.push(' ');
            width += 1;
        }
        out.push_str(word);
        width += word.chars().count();
    }
    out + "\n"
}

/// `ctrcfg --version`: the version, and what each release level was read from.
pub fn version() -> String {
    let mut out = format!("ctrcfg {}\n", env!("CARGO_PKG_VERSION"));
    out.push_str("OpenShift levels modelled (--openshift-version; the default is latest):\n");
    for release in Release::ALL {
        out.push_str(&format!("  {}\n", release.describe()));
    }
    out.push_str("Rules that start after 4.22:\n");
    for rule in Rule::ALL {
        out.push_str(&format!("  from {}: {}\n", rule.since(), rule.summary()));
    }
    out
}
