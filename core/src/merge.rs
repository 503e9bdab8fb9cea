//! What each pool gets when several ContainerRuntimeConfigs are applied: the MachineConfigs in
//! the MCO's merge order, the files a node ends up with, every setting that is silently lost,
//! a merged config that gives the intended result, and the rollout.
//!
//! Sources (openshift/machine-config-operator 7ff337a4):
//! - names: `getManagedKeyCtrCfg` in `pkg/controller/container-runtime-config/helpers.go`. The
//!   first config on a pool gets `99-<pool>-generated-containerruntime`, each later one the
//!   largest suffix so far plus one, up to 9; the suffix is remembered in the config's
//!   `mc-name-suffix` annotation and reused for its other pools. ctrcfg applies configs one at a
//!   time in document order, honouring annotations already present (as `oc get -o yaml`
//!   prints them). It does not model the finalizer fallback for configs without annotations.
//! - merge: `MergeMachineConfigs` in `pkg/controller/common/helpers.go`. MachineConfigs of role
//!   `worker` first, then the rest, each group sorted by name; for one path the later wins,
//!   whole file. A pool takes the MachineConfigs of every role it selects.
//! - rollout: every file here falls under the default node disruption policy's reboot
//!   (`pkg/daemon/update.go`); `maxUnavailable` nodes update at once (default 1).

use crate::api::{ContainerRuntimeConfig, ContainerRuntimeConfiguration, StoreKind, API_VERSION, KIND};
use crate::diag::Sink;
use crate::diag::{Diagnostic, FieldPath, Origin, Severity};
use crate::gates::FeatureGates;
use crate::paths::normalize;
use crate::pools::{self, Pool};
use crate::render::machine_config::{self, MachineConfig, MAX_NAME_SUFFIX};
use crate::render::{self, field, NodeFile};
use crate::text::Span;
use crate::tree::Tree;
use std::borrow::Cow;

/// Minutes one wave takes in ctrcfg's rollout model: cordon and drain, write the files,
/// reboot, rejoin and uncordon. A model, not a measurement.
pub const MODEL_MINUTES_PER_WAVE: u32 = 10;

#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    pub pools: Vec<PoolPlan>,
    /// What the MCO reports while generating (a pool over its ten-config limit).
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PoolPlan {
    pub pool: Pool,
    /// In the MCO's merge order.
    pub machine_configs: Vec<MachineConfig>,
    /// The configs behind them (indices into the configs planned), in merge order.
    pub owners: Vec<usize>,
    /// What a node of the pool ends up with, sorted by path.
    pub effective_files: Vec<EffectiveFile>,
    pub lost: Vec<Lost>,
    pub conflicts: Vec<Conflict>,
    /// A ContainerRuntimeConfig (YAML) that gives the intended result; `None` with fewer than
    /// two configs on the pool or while any conflict stands.
    pub merged: Option<String>,
    pub rollout: Rollout,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EffectiveFile {
    pub file: NodeFile,
    /// The MachineConfig whose copy wins, and the document of the config behind it.
    pub from: String,
    pub document: usize,
}

/// A setting a config asks for that no node of the pool gets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lost {
    pub config: String,
    pub document: usize,
    pub field: FieldPath,
    pub span: Span,
    pub reason: String,
}

/// A field that configs on one pool set differently; ctrcfg does not guess which is meant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    pub field: FieldPath,
    /// `(config, value as written)`, in merge order.
    pub values: Vec<(String, String)>,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rollout {
    pub nodes: Vec<String>,
    pub nodes_assumed: bool,
    /// Nodes updating at once.
    pub max_unavailable: usize,
    /// Whether the pool's nodes reboot: whenever a ctrcfg MachineConfig writes a file.
    pub reboot: bool,
    /// The nodes of each wave, in order; empty without a reboot.
    pub waves: Vec<Vec<String>>,
    /// `waves × MODEL_MINUTES_PER_WAVE`: a model.
    pub modelled_minutes: u32,
}

/// The plan for valid configs. Configs without `spec.containerRuntimeConfig` or matching no
/// pool produce nothing (validation has said so).
pub fn plan(configs: &[ContainerRuntimeConfig], pools: &[Pool], gates: &FeatureGates) -> Plan {
    let mut diagnostics = Vec::new();
    let (generated, displaced) = generate(configs, pools, gates, &mut diagnostics);
    let pools = pools.iter().map(|pool| pool_plan(pool, &generated, &displaced, configs, gates)).collect();
    Plan { pools, diagnostics }
}

/// The suffix annotation's value, as the MCO reads it.
fn annotated_suffix(config: &ContainerRuntimeConfig) -> Option<&str> {
    config.name_suffix.as_ref().map(|s| s.value.as_str())
}

/// A MachineConfig the MCO writes for a config on a pool.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Named {
    /// Indices into the configs and the pools given to [`names`].
    pub config: usize,
    pub pool: usize,
    pub name: String,
    /// The config whose MachineConfig of this name this one overwrites, if another's.
    pub replaces: Option<usize>,
}

/// The MachineConfig names the MCO gives, applying the configs one at a time in order, each on
/// every pool it selects, in the order they are written. What the MCO refuses (a pool past its
/// ten configs, a suffix annotation it cannot read) and what one config's MachineConfig
/// overwrites of another's go to `diagnostics`. Validation calls this so that what it says is
/// what rendering does; [`plan`] builds the MachineConfigs from the same names.
pub fn names(configs: &[&ContainerRuntimeConfig], pools: &[Pool], diagnostics: &mut Vec<Diagnostic>) -> Vec<Named> {
    let selected: Vec<Vec<usize>> = configs
        .iter()
        .map(|c| {
            let Some(chosen) = c.config.as_ref().and_then(|_| pools::select(c.pool_selector.as_ref(), pools).ok())
            else {
                return Vec::new();
            };
            chosen.iter().filter_map(|&c| pools.iter().position(|p| std::ptr::eq(p, c))).collect()
        })
        .collect();
    // The suffix each config carries once synced: "" for the base name, "N" otherwise.
    let mut suffixes: Vec<Option<String>> = configs.iter().map(|c| annotated_suffix(c).map(str::to_owned)).collect();
    let mut keys = SuffixKeys::new(pools.len(), &selected, &suffixes);
    let mut out: Vec<Named> = Vec::new();
    // The config behind each MachineConfig name so far.
    let mut written: Vec<(String, usize)> = Vec::new();
    for (i, config) in configs.iter().enumerate() {
        for &pool in &selected[i] {
            let suffix = match &suffixes[i] {
                Some(s) => s.clone(),
                None => match keys.next(i, pool, &suffixes) {
                    Ok(suffix) => suffix,
                    Err(message) => {
                        mco_error(diagnostics, config, message);
                        break;
                    }
                },
            };
            suffixes[i] = Some(suffix.clone());
            let base = machine_config::name(&pools[pool].name, 0);
            let name = if suffix.is_empty() { base } else { format!("{base}-{suffix}") };
            // Two configs on one name write one MachineConfig: the later sync replaces it. The
            // MCO reuses a config's suffix on every pool it selects, so a config that got the
            // base name on one pool takes over the base-name MachineConfig of another.
            let replaces = match written.iter_mut().find(|(n, _)| *n == name) {
                Some((_, owner)) => Some(std::mem::replace(owner, i)).filter(|&o| o != i),
                None => {
                    written.push((name.clone(), i));
                    None
                }
            };
            if let Some(old) = replaces {
                let old = configs[old].name();
                let message = format!(
                    "this config's MachineConfig {name} replaces the one config {old:?} wrote: the MCO reuses a config's mc-name-suffix on every pool it selects, so every setting of {old:?} on pool {} is lost",
                    pools[pool].name
                );
                report(diagnostics, config, Severity::Warning, Origin::Lint, message);
            }
            out.push(Named { config: i, pool, name, replaces });
        }
        keys.done(i, &selected[i], suffixes[i].as_deref());
    }
    out
}

/// `getManagedKeyCtrCfg`'s suffix for a config on a pool: "" when it is the only config there,
/// else the largest suffix so far plus one, read with Go's `strconv.Atoi` (64-bit). The configs
/// on a pool when config `i` is created are those before it, itself, and the later ones that
/// already carry a suffix annotation; both parts are kept as running tallies, so that a
/// `kind: List` of thousands of configs stays linear instead of rescanning every config.
struct SuffixKeys {
    /// Per pool: the tally of the configs done so far.
    done: Vec<Tally>,
    /// Per pool, per member position k: the tally of the annotated members from k on.
    annotated_from: Vec<Vec<Tally>>,
}

/// What a set of configs on one pool says about the next suffix.
#[derive(Clone, Copy, Default)]
struct Tally {
    configs: usize,
    largest: i64,
    /// The first config (in order) whose suffix `strconv.Atoi` refuses.
    unreadable: Option<usize>,
}

impl Tally {
    fn add(mut self, config: usize, suffix: Option<&str>) -> Tally {
        self.configs += 1;
        match suffix.filter(|s| !s.is_empty()).map(str::parse::<i64>) {
            Some(Ok(n)) => self.largest = self.largest.max(n),
            Some(Err(_)) if self.unreadable.is_none_or(|u| config < u) => self.unreadable = Some(config),
            _ => {}
        }
        self
    }

    fn join(self, later: Tally) -> Tally {
        Tally {
            configs: self.configs + later.configs,
            largest: self.largest.max(later.largest),
            unreadable: self.unreadable.or(later.unreadable),
        }
    }
}

impl SuffixKeys {
    fn new(pools: usize, selected: &[Vec<usize>], suffixes: &[Option<String>]) -> SuffixKeys {
        let mut members = vec![Vec::new(); pools];
        for (config, chosen) in selected.iter().enumerate() {
            for &pool in chosen {
                members[pool].push(config);
            }
        }
        let annotated_from = members
            .iter()
            .map(|on_pool| {
                let mut from = vec![Tally::default(); on_pool.len() + 1];
                for (k, &config) in on_pool.iter().enumerate().rev() {
                    from[k] = match suffixes[config].as_deref() {
                        Some(suffix) => from[k + 1].add(config, Some(suffix)),
                        None => from[k + 1],
                    };
                }
                from
            })
            .collect();
        SuffixKeys { done: vec![Tally::default(); pools], annotated_from }
    }

    /// The suffix for config `i`, which has none yet, on `pool`.
    fn next(&self, i: usize, pool: usize, suffixes: &[Option<String>]) -> Result<String, String> {
        let done = self.done[pool];
        // Config i is the member right after those done.
        let on_pool = done.add(i, None).join(self.annotated_from[pool][done.configs + 1]);
        if on_pool.configs == 1 {
            return Ok(String::new());
        }
        if let Some(val) = on_pool.unreadable.and_then(|c| suffixes[c].as_deref()) {
            let why = match val.parse::<i64>().map_err(|e| *e.kind()) {
                Err(std::num::IntErrorKind::PosOverflow | std::num::IntErrorKind::NegOverflow) => "value out of range",
                _ => "invalid syntax",
            };
            return Err(format!(
                "could not get ctrcfg key: error converting {val} to int: strconv.Atoi: parsing {val:?}: {why}"
            ));
        }
        if on_pool.largest >= i64::from(MAX_NAME_SUFFIX) {
            return Err("could not get ctrcfg key: max number of supported ctrcfgs (10) has been reached. Please delete old ctrcfgs before retrying".into());
        }
        Ok((on_pool.largest + 1).to_string())
    }

    /// Config `i` is done with the suffix it ended with (none if the MCO refused it).
    fn done(&mut self, i: usize, pools: &[usize], suffix: Option<&str>) {
        for &pool in pools {
            self.done[pool] = self.done[pool].add(i, suffix);
        }
    }
}

/// The MachineConfigs of [`names`], each written once: a later write of a name replaces the
/// earlier, and one that overwrites another config's is kept as displaced.
fn generate(
    configs: &[ContainerRuntimeConfig],
    pools: &[Pool],
    gates: &FeatureGates,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<MachineConfig>, Vec<Displaced>) {
    let mut displaced = Vec::new();
    let mut out: Vec<MachineConfig> = Vec::new();
    let all: Vec<&ContainerRuntimeConfig> = configs.iter().collect();
    for named in names(&all, pools, diagnostics) {
        let config = &configs[named.config];
        let Some(crc) = &config.config else { continue };
        let mc = MachineConfig {
            name: named.name,
            role: pools[named.pool].name.clone(),
            owner: config.name().to_owned(),
            owner_uid: config.uid.clone(),
            document: config.document,
            files: render::files(crc, gates),
        };
        if let Some(i) = out.iter().position(|m| m.name == mc.name) {
            let old = out.remove(i);
            if named.replaces.is_some() {
                displaced.push(Displaced { by: mc.owner.clone(), machine_config: old });
            }
        }
        out.push(mc);
    }
    (out, displaced)
}

/// A MachineConfig overwritten by another config's.
struct Displaced {
    machine_config: MachineConfig,
    by: String,
}

fn mco_error(diagnostics: &mut Vec<Diagnostic>, config: &ContainerRuntimeConfig, message: String) {
    report(diagnostics, config, Severity::Error, Origin::Mco, message);
}

/// A diagnostic about a whole config, at its name.
fn report(
    diagnostics: &mut Vec<Diagnostic>,
    config: &ContainerRuntimeConfig,
    severity: Severity,
    origin: Origin,
    message: String,
) {
    let span = config.name.as_ref().map_or(config.span, |n| n.span);
    Sink { document: config.document, out: diagnostics }.push(severity, origin, None, message, span);
}

fn pool_plan(
    pool: &Pool,
    generated: &[MachineConfig],
    displaced: &[Displaced],
    configs: &[ContainerRuntimeConfig],
    gates: &FeatureGates,
) -> PoolPlan {
    let mut mcs: Vec<MachineConfig> = generated.iter().filter(|m| pool.roles.contains(&m.role)).cloned().collect();
    crate::order::sort_by(&mut mcs, |a, b| {
        (a.role != "worker", a.name.as_bytes()).cmp(&(b.role != "worker", b.name.as_bytes()))
    });

    let mut effective: Vec<EffectiveFile> = Vec::new();
    for mc in &mcs {
        for file in &mc.files {
            effective.retain(|e| e.file.path != file.path);
            effective.push(EffectiveFile { file: file.clone(), from: mc.name.clone(), document: mc.document });
        }
    }
    crate::order::sort_by(&mut effective, |a, b| a.file.path.cmp(&b.file.path));

    // The configs behind the pool's MachineConfigs, in merge order.
    let mut owner_indices: Vec<usize> = Vec::new();
    for mc in &mcs {
        if let Some(i) = configs.iter().position(|c| c.document == mc.document && c.name() == mc.owner) {
            if !owner_indices.contains(&i) {
                owner_indices.push(i);
            }
        }
    }
    let owners: Vec<&ContainerRuntimeConfig> = owner_indices.iter().map(|&i| &configs[i]).collect();
    let mut lost = lost(&mcs, &effective, &owners, gates);
    for d in displaced.iter().filter(|d| pool.roles.contains(&d.machine_config.role)) {
        let mc = &d.machine_config;
        for source in mc.files.iter().flat_map(|f| &f.sources) {
            lost.push(Lost {
                config: mc.owner.clone(),
                document: mc.document,
                field: source.field.clone(),
                span: source.span,
                reason: format!("config {:?} writes the same MachineConfig {} and replaces it (the MCO reuses a config's mc-name-suffix on every pool it selects)", d.by, mc.name),
            });
        }
    }
    // Configs whose MachineConfig has this pool's role target the pool itself; the others reach
    // it through an inherited role (worker) and still serve their own pool.
    let direct: Vec<&str> = mcs.iter().filter(|m| m.role == pool.name).map(|m| m.owner.as_str()).collect();
    let (merged, conflicts) = if owners.len() < 2 { (None, Vec::new()) } else { merge(pool, &owners, &direct) };
    let rollout = rollout(pool, !effective.is_empty());
    PoolPlan {
        pool: pool.clone(),
        machine_configs: mcs,
        owners: owner_indices,
        effective_files: effective,
        lost,
        conflicts,
        merged,
        rollout,
    }
}

fn lost(
    mcs: &[MachineConfig],
    effective: &[EffectiveFile],
    owners: &[&ContainerRuntimeConfig],
    gates: &FeatureGates,
) -> Vec<Lost> {
    let mut out = Vec::new();
    for mc in mcs {
        for file in &mc.files {
            let Some(winner) = effective.iter().find(|e| e.file.path == file.path) else { continue };
            if winner.from == mc.name {
                continue;
            }
            for source in &file.sources {
                let line = file.contents.lines().nth(source.line - 1).unwrap_or_default();
                if winner.file.contents.lines().any(|l| l == line) {
                    continue;
                }
                let key = line.trim_start().split(" =").next().unwrap_or_default();
                let node_gets = winner
                    .file
                    .contents
                    .lines()
                    .find(|l| l.trim_start().starts_with(&format!("{key} =")))
                    .map_or_else(|| format!("no {key}"), |l| format!("`{}`", l.trim()));
                out.push(Lost {
                    config: mc.owner.clone(),
                    document: mc.document,
                    field: source.field.clone(),
                    span: source.span,
                    reason: format!(
                        "{} also writes {} and is merged after {}, so its whole file replaces this one; nodes get {node_gets}",
                        winner.from, file.path, mc.name
                    ),
                });
            }
        }
    }
    for config in owners {
        if let Some(crc) = &config.config {
            for u in render::unrendered(crc, gates) {
                out.push(Lost {
                    config: config.name().to_owned(),
                    document: config.document,
                    field: u.field,
                    span: u.span,
                    reason: u.reason.to_owned(),
                });
            }
        }
    }
    out
}

/// A scalar as written, and what it means (two quantities that render the same, such as `10Gi`
/// and `10240Mi`, mean the same).
type Scalar = (Tree, String);

/// The scalar fields in Go's order.
fn scalars(crc: &ContainerRuntimeConfiguration) -> [(&'static str, Option<Scalar>); 6] {
    let quantity = |q: &Option<crate::api::Spanned<crate::api::QuantityField>>| {
        q.as_ref().map(|q| {
            let written = match (q.value.is_string, q.value.raw.parse::<i64>()) {
                (false, Ok(n)) => Tree::Int(n),
                _ => Tree::str(&q.value.raw),
            };
            let meaning = q.value.parsed.as_ref().map_or_else(|_| q.value.raw.clone(), |p| p.value().to_string());
            (written, meaning)
        })
    };
    let text = |s: &Option<crate::api::Spanned<String>>| s.as_ref().map(|s| (Tree::str(&s.value), s.value.clone()));
    [
        ("pidsLimit", crc.pids_limit.as_ref().map(|p| (Tree::Int(p.value), p.value.to_string()))),
        ("logLevel", text(&crc.log_level)),
        ("logSizeMax", quantity(&crc.log_size_max)),
        ("overlaySize", quantity(&crc.overlay_size)),
        ("defaultRuntime", text(&crc.default_runtime)),
        ("containerGomaxprocsBehavior", text(&crc.container_gomaxprocs_behavior)),
    ]
}

fn shown(tree: &Tree) -> String {
    match tree {
        Tree::Int(n) => n.to_string(),
        Tree::Str(s) => s.clone(),
        other => other.to_json(),
    }
}

/// One config with every owner's settings: stores unioned in merge order (first spelling of a
/// directory kept), scalars taken when all owners that set them agree. It replaces the configs
/// that target this pool (`ctrcfg.io/replaces`); configs that reach it through the worker role
/// keep serving the worker pool, and their settings are included here so that this pool keeps
/// them too.
fn merge(pool: &Pool, owners: &[&ContainerRuntimeConfig], direct: &[&str]) -> (Option<String>, Vec<Conflict>) {
    let names: Vec<&str> = owners.iter().map(|c| c.name()).collect();
    let mut conflicts = Vec::new();
    let mut spec: Vec<(Cow<'static, str>, Tree)> = Vec::new();
    for (i, (name, _)) in scalars(&ContainerRuntimeConfiguration::default()).iter().enumerate() {
        let mut values: Vec<(String, Scalar)> = Vec::new();
        for c in owners {
            if let Some(v) = c.config.as_ref().and_then(|crc| scalars(crc)[i].1.clone()) {
                values.push((c.name().to_owned(), v));
            }
        }
        let Some((_, (first, meaning))) = values.first().cloned() else { continue };
        if values.iter().all(|(_, (_, m))| *m == meaning) {
            spec.push(((*name).into(), first));
        } else {
            conflicts.push(Conflict {
                field: field(name),
                values: values.iter().map(|(c, (v, _))| (c.clone(), shown(v))).collect(),
                message: format!("the configs set {name} differently; choose one value"),
            });
        }
    }
    for kind in [StoreKind::Layer, StoreKind::Image, StoreKind::Artifact] {
        let mut union: Vec<&str> = Vec::new();
        for c in owners {
            for path in c.config.as_ref().map(|crc| crc.store_paths(kind).collect::<Vec<_>>()).unwrap_or_default() {
                if !union.iter().any(|p| normalize(p) == normalize(path)) {
                    union.push(path);
                }
            }
        }
        if union.len() > kind.max_items() {
            conflicts.push(Conflict {
                field: field(kind.field()),
                values: Vec::new(),
                message: format!(
                    "together the configs list {} {}s; the API allows at most {}",
                    union.len(),
                    kind.noun(),
                    kind.max_items()
                ),
            });
        } else if !union.is_empty() {
            let items = union.iter().map(|p| Tree::map([("path", Tree::str(*p))])).collect();
            spec.push((kind.field().into(), Tree::Seq(items)));
        }
    }
    // Go's field order: the stores come before containerGomaxprocsBehavior.
    if let Some(i) = spec.iter().position(|(k, _)| k == "containerGomaxprocsBehavior") {
        let g = spec.remove(i);
        spec.push(g);
    }
    let own = pools::pool_label(&pool.name);
    let label = pool.labels.iter().find(|(k, _)| *k == own).or_else(|| pool.labels.first());
    let Some((key, value)) = label else {
        conflicts.push(Conflict {
            field: FieldPath::root("spec").child("machineConfigPoolSelector"),
            values: Vec::new(),
            message: format!("pool {} has no labels for a config to select it by", pool.name),
        });
        return (None, conflicts);
    };
    if !conflicts.is_empty() {
        return (None, conflicts);
    }
    let object = Tree::map([
        ("apiVersion", Tree::str(API_VERSION)),
        ("kind", Tree::str(KIND)),
        (
            "metadata",
            Tree::map([
                ("name", Tree::str(format!("{}-merged", pool.name))),
                (
                    "annotations",
                    Tree::map([
                        ("ctrcfg.io/merged-from", Tree::str(names.join(", "))),
                        ("ctrcfg.io/replaces", Tree::str(direct.join(", "))),
                    ]),
                ),
            ]),
        ),
        (
            "spec",
            Tree::map([
                (
                    "machineConfigPoolSelector",
                    Tree::map([("matchLabels", Tree::Map(vec![(key.clone().into(), Tree::str(value))]))]),
                ),
                ("containerRuntimeConfig", Tree::Map(spec)),
            ]),
        ),
    ]);
    (Some(object.to_yaml()), conflicts)
}

fn rollout(pool: &Pool, reboot: bool) -> Rollout {
    let max_unavailable = pool.max_unavailable.resolve(pool.nodes.len());
    let waves: Vec<Vec<String>> =
        if reboot { pool.nodes.chunks(max_unavailable).map(<[String]>::to_vec).collect() } else { Vec::new() };
    let modelled_minutes = u32::try_from(waves.len()).unwrap_or(u32::MAX).saturating_mul(MODEL_MINUTES_PER_WAVE);
    Rollout {
        nodes: pool.nodes.clone(),
        nodes_assumed: pool.nodes_assumed,
        max_unavailable,
        reboot,
        waves,
        modelled_minutes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The MCO's loop as written upstream (every config rescanned per call), against which the
    /// running tallies of [`SuffixKeys`] are checked (natively: proptest is a native
    /// dev-dependency only, core/Cargo.toml).
    #[cfg(not(target_arch = "wasm32"))]
    fn rescanned(
        i: usize,
        pool: usize,
        selected: &[Vec<usize>],
        suffixes: &[Option<String>],
    ) -> Result<String, String> {
        let on_pool: Vec<usize> =
            (0..selected.len()).filter(|&j| (j <= i || suffixes[j].is_some()) && selected[j].contains(&pool)).collect();
        if on_pool.len() == 1 {
            return Ok(String::new());
        }
        let mut max = 0i64;
        for j in on_pool {
            let Some(val) = suffixes[j].as_deref().filter(|s| !s.is_empty()) else { continue };
            match val.parse::<i64>() {
                Ok(n) => max = max.max(n),
                Err(e) => {
                    let why = match e.kind() {
                        std::num::IntErrorKind::PosOverflow | std::num::IntErrorKind::NegOverflow => {
                            "value out of range"
                        }
                        _ => "invalid syntax",
                    };
                    return Err(format!(
                        "could not get ctrcfg key: error converting {val} to int: strconv.Atoi: parsing {val:?}: {why}"
                    ));
                }
            }
        }
        if max >= i64::from(MAX_NAME_SUFFIX) {
            return Err("could not get ctrcfg key: max number of supported ctrcfgs (10) has been reached. Please delete old ctrcfgs before retrying".into());
        }
        Ok((max + 1).to_string())
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn running_tallies_give_the_suffixes_a_rescan_gives(
            configs in proptest::collection::vec(
                (proptest::collection::vec(0..3usize, 0..3), proptest::option::of(proptest::sample::select(
                    vec!["", "1", "4", "9", "10", "-2", "+3", "x", "99999999999999999999"]))),
                1..16,
            )
        ) {
            let selected: Vec<Vec<usize>> = configs.iter().map(|(pools, _)| {
                let mut pools = pools.clone();
                pools.sort_unstable();
                pools.dedup();
                pools
            }).collect();
            let mut suffixes: Vec<Option<String>> = configs.iter().map(|(_, s)| s.map(str::to_owned)).collect();
            let mut keys = SuffixKeys::new(3, &selected, &suffixes);
            for i in 0..selected.len() {
                for &pool in &selected[i] {
                    if suffixes[i].is_some() {
                        continue;
                    }
                    let got = keys.next(i, pool, &suffixes);
                    proptest::prop_assert_eq!(&got, &rescanned(i, pool, &selected, &suffixes));
                    match got {
                        Ok(suffix) => suffixes[i] = Some(suffix),
                        Err(_) => break,
                    }
                }
                keys.done(i, &selected[i], suffixes[i].as_deref());
            }
        }
    }
    use crate::gates::Gate;
    use crate::pools::default_pools;
    use crate::validate::{validate, Options};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn configs(text: &str) -> Vec<ContainerRuntimeConfig> {
        validate(text, &Options::default()).configs
    }

    const STORES: &str = "kind: ContainerRuntimeConfig
metadata: {name: stores}
spec:
  machineConfigPoolSelector: {matchLabels: {pools.operator.machineconfiguration.openshift.io/worker: ''}}
  containerRuntimeConfig:
    additionalLayerStores: [{path: /var/lib/stargz-store}]
    additionalImageStores: [{path: /mnt/nfs-images}]
    additionalArtifactStores: [{path: /mnt/ssd-artifacts}]
";

    /// MCO container_runtime_config_controller_test.go
    /// `TestContainerRuntimeConfigAdditionalStorageConfigFeatureGateDisabled` (7ff337a4): with
    /// the gate off the sync succeeds and creates a MachineConfig whose Ignition has no files;
    /// the stores are silently dropped, which ctrcfg reports as lost.
    #[test]
    fn gate_off_creates_a_machine_config_without_files() {
        let off = FeatureGates::default().with(Gate::AdditionalStorageConfig, false);
        let plan = plan(&configs(STORES), &default_pools(), &off);
        let worker = &plan.pools[1];
        assert_eq!(worker.machine_configs.len(), 1);
        assert!(worker.machine_configs[0].files.is_empty());
        assert!(worker.machine_configs[0].ignition().to_json().ends_with(r#""passwd":{},"storage":{},"systemd":{}}"#));
        assert_eq!(worker.lost.len(), 3);
        assert!(worker.lost.iter().all(|l| l.reason == render::GATE_OFF_REASON));
        assert!(!worker.rollout.reboot && worker.rollout.waves.is_empty());
    }

    /// MCO `TestContainerRuntimeConfigAdditionalStorageConfig`: with the gate on, one
    /// MachineConfig with storage.conf and the artifact drop-in, in that order.
    #[test]
    fn gate_on_writes_storage_conf_then_the_artifact_dropin() {
        let plan = plan(&configs(STORES), &default_pools(), &FeatureGates::default());
        let files: Vec<&str> = plan.pools[1].machine_configs[0].files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(files, ["/etc/containers/storage.conf", "/etc/crio/crio.conf.d/01-ctrcfg-additionalArtifactStores"]);
        assert!(plan.pools[0].machine_configs.is_empty());
    }

    /// Equal quantities written differently are one value, not a conflict (`10240Mi` renders as
    /// `10Gi`); a suffix annotation past Go's int range is the MCO's Atoi error, not a wrap.
    #[test]
    fn quantities_merge_by_value_and_suffixes_do_not_overflow() {
        let crc = |name: &str, size: &str, annotation: &str| {
            format!("---\nkind: ContainerRuntimeConfig\nmetadata:\n  name: {name}\n  annotations: {{machineconfiguration.openshift.io/mc-name-suffix: {annotation}}}\nspec:\n  machineConfigPoolSelector: {{matchLabels: {{pools.operator.machineconfiguration.openshift.io/worker: ''}}}}\n  containerRuntimeConfig: {{overlaySize: {size}}}\n")
        };
        let text = format!("{}{}", crc("a", "10Gi", "''"), crc("b", "10240Mi", "'3'"));
        let first = plan(&configs(&text), &default_pools(), &FeatureGates::default());
        let merged = first.pools[1].merged.as_deref().expect("no conflict");
        assert!(merged.contains("    overlaySize: 10Gi\n"), "{merged}");
        let text = format!(
            "{}{}{}",
            crc("a", "1G", "''"),
            crc("b", "2G", "'99999999999999999999'"),
            crc("c", "3G", "'4294967295'")
                .replace("  annotations: {machineconfiguration.openshift.io/mc-name-suffix: '4294967295'}\n", "")
        );
        let second = plan(&configs(&text), &default_pools(), &FeatureGates::default());
        let messages: Vec<&str> = second.diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages, ["could not get ctrcfg key: error converting 99999999999999999999 to int: strconv.Atoi: parsing \"99999999999999999999\": value out of range"]);
    }

    /// A config that selects both pools gets one MachineConfig per pool with the same suffix
    /// (the suffix annotation is per config), each labelled with its pool's role.
    #[test]
    fn one_config_on_two_pools_keeps_its_suffix() {
        let text = "kind: ContainerRuntimeConfig
metadata: {name: first}
spec:
  machineConfigPoolSelector: {matchLabels: {pools.operator.machineconfiguration.openshift.io/worker: ''}}
  containerRuntimeConfig: {logLevel: debug}
---
kind: ContainerRuntimeConfig
metadata: {name: both}
spec:
  machineConfigPoolSelector: {matchLabels: {machineconfiguration.openshift.io/mco-built-in: ''}}
  containerRuntimeConfig: {pidsLimit: 2048}
";
        let plan = plan(&configs(text), &default_pools(), &FeatureGates::default());
        let names = |i: usize| {
            plan.pools[i].machine_configs.iter().map(|m| (m.name.clone(), m.role.clone())).collect::<Vec<_>>()
        };
        // "both" is alone on master, so it gets the base name there (pools are visited in
        // order) and its annotation "" is then reused on worker, where the base name belongs
        // to "first": getManagedKeyCtrCfg returns it, and the controller overwrites that
        // MachineConfig. Every setting of "first" is lost.
        assert_eq!(names(0), [("99-master-generated-containerruntime".to_owned(), "master".to_owned())]);
        assert_eq!(names(1), [("99-worker-generated-containerruntime".to_owned(), "worker".to_owned())]);
        assert_eq!(plan.pools[1].machine_configs[0].owner, "both");
        let lost: Vec<(&str, &str)> =
            plan.pools[1].lost.iter().map(|l| (l.config.as_str(), l.field.as_str())).collect();
        assert_eq!(lost, [("first", "spec.containerRuntimeConfig.logLevel")]);
        assert!(
            plan.diagnostics[0].message.contains("replaces the one config \"first\" wrote"),
            "{:?}",
            plan.diagnostics
        );
    }
}
