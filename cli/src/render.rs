//! `ctrcfg render`: every input file is one cluster's configs, rendered together so that
//! configs on one pool merge as the MCO merges them.

use crate::args::{ButaneVariant, Render, RenderFormat};
use crate::{display_name, options, output, read, Host, FAILED};
use ctrcfg_core::api::ContainerRuntimeConfiguration;
use ctrcfg_core::diag::{Diagnostic, Severity};
use ctrcfg_core::edit::{self, Edited, CRIO_CONF_PATH};
use ctrcfg_core::merge::{Plan, PoolPlan};
use ctrcfg_core::parse::Document;
use ctrcfg_core::render::machine_config::MachineConfig;
use ctrcfg_core::render::STORAGE_CONF_PATH;
use ctrcfg_core::report::Place;
use ctrcfg_core::text::{LineIndex, Position};
use ctrcfg_core::tree::Tree;
use ctrcfg_core::{butane, report, Rendered};
use std::path::{Component, Path};

/// The input files joined into one stream, and where each starts.
struct Inputs {
    text: String,
    files: Vec<(String, usize)>,
}

impl Inputs {
    fn read(files: &[String], host: &mut dyn Host) -> Result<Inputs, String> {
        let mut text = String::new();
        let mut starts = Vec::new();
        for file in files {
            let body = read(file, host)?;
            if !text.is_empty() {
                if !text.ends_with('\n') {
                    text.push('\n');
                }
                text.push_str("---\n");
            }
            starts.push((display_name(file), text.len()));
            text.push_str(&body);
        }
        Ok(Inputs { text, files: starts })
    }

    /// Where `d` is: its file, the document within that file, and the lines counted from the
    /// file's first line.
    fn place(&self, index: &LineIndex<'_>, documents: &[Document], d: &Diagnostic) -> Place {
        let (name, start) = self.files.iter().rev().find(|(_, s)| *s <= d.span.start).cloned().unwrap_or_default();
        let first_line = index.position(start).line;
        let earlier = documents.iter().filter(|doc| doc.span.end <= start).count();
        let in_file = |p: Position| Position { line: p.line + 1 - first_line, ..p };
        let whole = Place::in_text(index, d);
        Place {
            file: Some(name),
            document: d.document.saturating_sub(earlier),
            start: in_file(whole.start),
            end: in_file(whole.end),
        }
    }
}

pub fn run(r: Render, host: &mut dyn Host) -> Result<u8, String> {
    let options = options(&r.common, host)?;
    let inputs = Inputs::read(&r.common.files, host)?;
    let rendered = ctrcfg_core::render(&inputs.text, &options);
    let index = LineIndex::new(&inputs.text);
    let failed = rendered.diagnostics().any(|d| d.severity == Severity::Error);
    if r.format != RenderFormat::Json {
        for d in rendered.diagnostics().filter(|d| d.severity != Severity::Info) {
            host.stderr(&format!("{}\n", compiler_line(&inputs, &index, &rendered, d)));
        }
    }
    let Some(plan) = &rendered.plan else {
        if r.format == RenderFormat::Json {
            host.stdout(&json_output(&rendered, &inputs, &index, &[]));
        }
        host.stderr("ctrcfg: nothing rendered: fix the errors first\n");
        return Ok(FAILED);
    };
    let edits = base_edits(&r, &rendered, plan, host)?;
    let uses_bases = matches!(r.format, RenderFormat::Json | RenderFormat::Files)
        || r.format == RenderFormat::Butane && r.butane_variant == ButaneVariant::Fcos;
    if !edits.is_empty() && !uses_bases {
        host.stderr("ctrcfg: note: base files are edited for --format json, files and butane --butane-variant fcos; this format shows the MCO's own files\n");
    }
    match r.format {
        RenderFormat::Json => {
            host.stdout(&json_output(&rendered, &inputs, &index, &edits));
        }
        RenderFormat::Yaml => host.stdout(&report::each_machine_config(plan, MachineConfig::yaml)),
        RenderFormat::Butane => match r.butane_variant {
            ButaneVariant::OpenShift => host.stdout(&report::each_machine_config(plan, butane::openshift)),
            ButaneVariant::Fcos => {
                let files = node_files(target_pool(plan, r.pool.as_deref())?, &edits);
                host.stdout(&butane::fcos(files.iter().map(|(p, c)| (p.as_str(), c.as_str()))));
            }
        },
        RenderFormat::Files => {
            let dir = r.out.as_deref().unwrap_or(".");
            let pool = target_pool(plan, r.pool.as_deref())?;
            let files = node_files(pool, &edits);
            if files.is_empty() {
                host.stderr(&format!("pool {} gets no files: nothing written\n", pool.pool.name));
            }
            for (path, contents) in files {
                write_under(Path::new(dir), &path, &contents, host)?;
                host.stderr(&format!("wrote {dir}{path}\n"));
            }
        }
    }
    if r.format != RenderFormat::Json {
        for p in plan.pools.iter().filter(|p| !p.machine_configs.is_empty()) {
            host.stderr(&format!("{}\n", summary(p, &rendered)));
        }
    }
    Ok(if failed { FAILED } else { 0 })
}

fn compiler_line(inputs: &Inputs, index: &LineIndex<'_>, rendered: &Rendered, d: &Diagnostic) -> String {
    output::line(d, &inputs.place(index, &rendered.report.documents, d))
}

/// One line per pool, then each lost setting and conflict.
fn summary(p: &PoolPlan, rendered: &Rendered) -> String {
    let r = &p.rollout;
    let assumed = if r.nodes_assumed { " (node count assumed; give --pools)" } else { "" };
    let mut out = format!(
        "pool {}: {} MachineConfig(s), {} file(s); {} node(s){assumed}, {} at a time: {} wave(s), about {} min (modelled)",
        p.pool.name,
        p.machine_configs.len(),
        p.effective_files.len(),
        r.nodes.len(),
        r.max_unavailable,
        r.waves.len(),
        r.modelled_minutes
    );
    for l in &p.lost {
        out.push_str(&format!("\n  lost: {} {}: {}", l.config, l.field, l.reason));
    }
    for c in &p.conflicts {
        out.push_str(&format!("\n  conflict: {}: {}", c.field, c.message));
    }
    if p.merged.is_some() && !rendered.report.configs.is_empty() {
        out.push_str("\n  a merged config that keeps every setting is in --format json (\"merged\")");
    }
    out
}

/// The pool whose node files are written: `--pool`, or the only pool with MachineConfigs.
fn target_pool<'p>(plan: &'p Plan, name: Option<&str>) -> Result<&'p PoolPlan, String> {
    let with_files: Vec<&PoolPlan> = plan.pools.iter().filter(|p| !p.machine_configs.is_empty()).collect();
    match name {
        Some(n) => plan.pools.iter().find(|p| p.pool.name == n).ok_or_else(|| {
            let known: Vec<&str> = plan.pools.iter().map(|p| p.pool.name.as_str()).collect();
            format!("--pool: no pool {n:?}; pools: {}", known.join(", "))
        }),
        None => match with_files.as_slice() {
            [one] => Ok(one),
            [] => Err("no pool gets any MachineConfig: nothing to write".into()),
            several => {
                let names: Vec<&str> = several.iter().map(|p| p.pool.name.as_str()).collect();
                Err(format!("several pools get files ({}); choose one with --pool", names.join(", ")))
            }
        },
    }
}

/// The user's base files edited with the target pool's configs, in merge order.
fn base_edits(
    r: &Render,
    rendered: &Rendered,
    plan: &Plan,
    host: &mut dyn Host,
) -> Result<Vec<(String, Edited)>, String> {
    let bases = [(&r.base_storage_conf, STORAGE_CONF_PATH), (&r.base_crio_conf, CRIO_CONF_PATH)];
    if bases.iter().all(|(b, _)| b.is_none()) {
        return Ok(Vec::new());
    }
    let pool = target_pool(plan, r.pool.as_deref())?;
    let configs: Vec<&ContainerRuntimeConfiguration> =
        pool.owners.iter().filter_map(|&i| rendered.report.configs.get(i)?.config.as_ref()).collect();
    let gates = &r.common.gates;
    let mut out = Vec::new();
    for (file, path) in bases {
        let Some(file) = file else { continue };
        // A base file is written back out, so it must be exactly what the user has: bytes that
        // are not UTF-8 are refused rather than replaced.
        let bytes = host.read_file(Path::new(file)).map_err(|e| format!("{}: {e}", display_name(file)))?;
        let base = String::from_utf8(bytes).map_err(|e| {
            format!(
                "{}: not UTF-8 (at byte {}); TOML files are UTF-8",
                display_name(file),
                e.utf8_error().valid_up_to()
            )
        })?;
        let edited = if path == STORAGE_CONF_PATH {
            edit::storage_conf(&base, &configs, gates, path)
        } else {
            edit::crio_conf(&base, &configs, gates, path)
        };
        let edited = edited.map_err(|e| format!("{}:{}:{}: {}", display_name(file), e.line, e.column, e.message))?;
        out.push((path.to_owned(), edited));
    }
    Ok(out)
}

/// The files a node of the pool ends up with; an edited base replaces storage.conf, and an
/// edited crio.conf takes the drop-ins' place.
fn node_files(pool: &PoolPlan, edits: &[(String, Edited)]) -> Vec<(String, String)> {
    let crio_edited = edits.iter().any(|(p, _)| p == CRIO_CONF_PATH);
    let mut files: Vec<(String, String)> = pool
        .effective_files
        .iter()
        .filter(|e| !(crio_edited && e.file.path.starts_with(ctrcfg_core::render::crio::DROPIN_DIR)))
        .map(|e| (e.file.path.clone(), e.file.contents.clone()))
        .collect();
    for (path, edited) in edits {
        files.retain(|(p, _)| p != path);
        files.push((path.clone(), edited.contents.clone()));
    }
    files.sort();
    files
}

/// Writes `contents` at `dir` + the absolute `path`, refusing any path that would leave `dir`,
/// including through a symbolic link already inside it.
fn write_under(dir: &Path, path: &str, contents: &str, host: &mut dyn Host) -> Result<(), String> {
    let relative = Path::new(path.trim_start_matches('/'));
    if relative.components().any(|c| !matches!(c, Component::Normal(_))) {
        return Err(format!("refusing to write {path:?}: not a plain absolute path"));
    }
    let mut at = dir.to_path_buf();
    for part in relative.components() {
        at.push(part);
        if host.is_symlink(&at) {
            return Err(format!(
                "refusing to write {}: {} is a symbolic link",
                dir.join(relative).display(),
                at.display()
            ));
        }
    }
    let target = dir.join(relative);
    if let Some(parent) = target.parent() {
        host.create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    host.write_file(&target, contents).map_err(|e| format!("{}: {e}", target.display()))
}

/// The JSON contract: core's render result with each diagnostic placed in its file, and the
/// edited base files when there are any.
fn json_output(rendered: &Rendered, inputs: &Inputs, index: &LineIndex<'_>, edits: &[(String, Edited)]) -> String {
    let located = report::render_json_placed(rendered, |d| inputs.place(index, &rendered.report.documents, d));
    if edits.is_empty() {
        return located.to_json_pretty();
    }
    let edits = edits.iter().map(|(path, e)| {
        Tree::map([("path", Tree::str(path)), ("contents", Tree::str(&e.contents)), ("diff", Tree::str(&e.diff))])
    });
    located.with("baseEdits", Tree::Seq(edits.collect())).to_json_pretty()
}
