/** The context a call judges in, as the command line takes it. Absent is the CLI's default. */
export interface Options {
  /** `--feature-set`: Default, TechPreviewNoUpgrade, DevPreviewNoUpgrade, OKD or CustomNoUpgrade. */
  featureSet?: string;
  /** `--openshift-version`: "4.22", "5.0" or "latest" (the default). */
  openshiftVersion?: string;
  /** `--feature-gates`: "Gate=true,Other=false", or an object of gate names to booleans. */
  featureGates?: string | Record<string, boolean>;
  /** The text of a `--pools` file: `oc get mcp -o yaml`, or the short form. */
  pools?: string;
  /** The text of an `--existing` file: the configs as the cluster stores them. */
  existing?: string;
}

export interface ValidateOptions extends Options {
  /** `--strict`: a warning makes `valid` false too. */
  strict?: boolean;
}

/** One diagnostic, in the one shape of every ctrcfg output (docs/diagnostics.md). */
export interface Diagnostic {
  severity: "error" | "warning" | "info";
  origin: "api" | "mco" | "crio" | "lint" | "ctrcfg";
  /** The Kubernetes field path; null for a problem of the text itself (YAML syntax). */
  field: string | null;
  message: string;
  /** ctrcfg's own remark, never part of the upstream message. */
  note: string | null;
  /** Always null here: the JavaScript API reads one text, not files. */
  file: string | null;
  /** The YAML document, from 0. */
  document: number;
  /** 1-based; columns count characters, the Utf16 ones UTF-16 code units (string indices + 1). */
  line: number;
  column: number;
  columnUtf16: number;
  endLine: number;
  endColumn: number;
  endColumnUtf16: number;
}

/** `ctrcfg validate --format json`. */
export interface ValidateResult {
  valid: boolean;
  diagnostics: Diagnostic[];
}

export interface NodeFile {
  path: string;
  mode: number;
  contents: string;
}

export interface MachineConfig {
  name: string;
  /** The ContainerRuntimeConfig it is generated from. */
  config: string;
  yaml: string;
  files: NodeFile[];
}

export interface EffectiveFile {
  path: string;
  contents: string;
  /** The MachineConfig whose copy of the file wins. */
  from: string;
  /** Which input field produced each line of the file. */
  sources: { line: number; field: string }[];
}

export interface PoolResult {
  pool: string;
  machineConfigs: MachineConfig[];
  effectiveFiles: EffectiveFile[];
  lost: { config: string; field: string; reason: string }[];
  conflicts: { field: string; values: { config: string; value: string }[]; message: string }[];
  /** One config that keeps every setting, when several configs target the pool. */
  merged: string | null;
  rollout: {
    nodes: number;
    nodesAssumed: boolean;
    maxUnavailable: number;
    reboot: boolean;
    waves: number;
    waveNodes: string[][];
    modelledMinutes: number;
  };
}

/** `ctrcfg render --format json`: pools with MachineConfigs only; none while an error stands. */
export interface RenderResult {
  valid: boolean;
  pools: PoolResult[];
  diagnostics: Diagnostic[];
}

export interface Mount {
  reference: string;
  kind: "image" | "artifact";
  readOnly: boolean;
  files: { path: string; size: number | null }[] | null;
}

/**
 * Seconds (modelled, millisecond precision) over nodes or steps, nearest rank: `p95` is a time
 * 95 % took at most, `all` the slowest.
 */
export interface Spread {
  p50: number;
  p95: number;
  all: number;
}

/**
 * Steps of one event that read the same (by default), or one step (`--per-node`). `nodes` is a
 * compact node list such as `worker-[0-8999,9001],infra-a` (docs/simulate.md), null for a step on
 * no node.
 */
export interface Step {
  /** The first step's index among all steps. */
  index: number;
  event: string;
  eventIndex: number | null;
  nodes: string | null;
  nodeCount: number;
  ref: string | null;
  outcome: "ok" | "error";
  /** Where the image, layer or artifact came from. */
  source: string | null;
  lazy: boolean;
  /** What the registry served each step. */
  registryBytes: number;
  /** Modelled, with millisecond precision: `end - start` for each step. */
  seconds: Spread;
  /** Modelled seconds from the scenario's start. */
  start: Spread;
  end: Spread;
  trace: string[];
  message: string;
  mounts?: Mount[];
  /** Present when the step asked the registry for anything. */
  requests?: Requests;
  /** Present when the registry answered 429 Too Many Requests: how often, over all the group's steps. */
  throttled?: number;
}

export interface Requests {
  manifest: number;
  blob: number;
  range: number;
  manifestBytes: number;
}

/** Modelled seconds from a pool's first step on an image until a share of its nodes got there; null when fewer did. */
export interface Quantiles {
  p50: number | null;
  p95: number | null;
  all: number | null;
  reached: number;
}

/** One pool's figures. */
export interface PoolFigures {
  name: string;
  nodes: string | null;
  nodeCount: number;
  registryBytes: number;
  failedSteps: number;
  /** Nodes with at least one failed step. */
  failedNodes: number;
  /** Null for a pool without nodes. */
  seconds: Spread | null;
}

/** Nodes of one pool that end the same (by default), or one node (`--per-node`). */
export interface NodeGroup {
  nodes: string;
  nodeCount: number;
  pool: string | null;
  /** "running", or "failed: " and CRI-O's error. */
  crio: string;
  defaultStore: { images: string[]; artifacts: string[] };
  listedArtifacts: { ref: string; source: string }[];
  containers: number;
  /** What the registry served each node. */
  registryBytes: number;
  /** The spread of the nodes' modelled times (their steps' durations added up). */
  seconds: Spread;
  /** The spread of when the nodes' last steps ended, in seconds from the scenario's start. */
  finished: Spread;
}

export interface SimulateResult {
  openshiftVersion: string | null;
  /** False when the scenario has errors: then it has no steps and no metrics. */
  ran: boolean;
  steps: Step[];
  metrics: {
    registryBytes: number;
    pools: PoolFigures[];
    cacheHits: Record<string, number>;
    /** Every step's requests, summed. */
    requests: Requests;
    /** When the last step ended (modelled seconds). */
    makespan: number;
    timing: { pool: string; ref: string; nodes: number; since: number; image: Quantiles; running: Quantiles }[];
    /** Only with `--per-node` (the command line's; the JavaScript API groups). */
    perNode?: Record<string, { registryBytes: number; seconds: number; finished: number; requests: number }>;
    model: string;
  } | null;
  nodes: NodeGroup[];
  diagnostics: Diagnostic[];
}

/** A scenario with `variants:`: each variant's run and their comparison (docs/simulate.md). */
export interface ComparisonResult {
  openshiftVersion: string | null;
  /** False when the scenario (any variant) has errors: then nothing ran. */
  ran: boolean;
  variants: VariantRun[];
  comparison: {
    variants: VariantFigures[];
    /** The best variant's name, and why it is best. */
    best: string | null;
    why: string | null;
    model: string;
  } | null;
  diagnostics: Diagnostic[];
}

/** One variant's run, shaped as a single scenario's. */
export interface VariantRun {
  name: string;
  steps: Step[];
  metrics: SimulateResult["metrics"];
  nodes: NodeGroup[];
}

/** One variant's row of the comparison. */
export interface VariantFigures {
  variant: string;
  best: boolean;
  registryBytes: number;
  requests: Requests & { total: number; throttled: number };
  /** The slowest pull or run event: from its start until p50, p95 and all of its nodes were done. */
  startup: (Quantiles & { event: number; nodes: number }) | null;
  failedSteps: number;
  failedNodes: number;
}

/** Hover docs for the field at an offset; `from` and `to` are UTF-16 offsets (string indices). */
export interface Hover {
  from: number;
  to: number;
  text: string;
}

/** Something the text at an offset may become; `from`..`to` is the word it replaces. */
export interface Completion {
  label: string;
  kind: "field" | "value";
  detail: string | null;
  from: number;
  to: number;
}

/**
 * The machine `run` works on: `bin/ctrcfg.js` gives Node's `fs` and `process`. A method that
 * fails throws; an error with Node's `code` and `errno` is worded as the native binary words it.
 */
export interface Host {
  readFile(path: string): Uint8Array;
  readStdin(): Uint8Array;
  stdout(text: string): void;
  stderr(text: string): void;
  isSymlink(path: string): boolean;
  createDirAll(path: string): void;
  writeFile(path: string, contents: string): void;
  /**
   * A directory's entries, for `validate DIR`; asked only after `readFile` of the path threw.
   * A link to a file is a `"file"`, one to a directory `"other"` (not walked). Without it,
   * a directory is refused with `readFile`'s error.
   */
  readDir?(path: string): { name: string; kind: "file" | "dir" | "other" }[];
}
