// Type-checked by tests/npm/package.test.mjs with `tsc --strict` against the installed package's
// declarations: each use below must type, and each @ts-expect-error line must be refused.
import { validate, render, simulate, explain, hover, complete, run } from "ctrcfg";
import type { ComparisonResult, Diagnostic, Host, Options, RenderResult, SimulateResult, ValidateResult } from "ctrcfg";

const yaml = "kind: ContainerRuntimeConfig\n";
const options: Options = { featureSet: "Default", openshiftVersion: "5.0", featureGates: { AdditionalStorageConfig: true } };

const checked: ValidateResult = validate(yaml, { ...options, strict: true });
const first: Diagnostic | undefined = checked.diagnostics[0];
const severity: "error" | "warning" | "info" | undefined = first?.severity;
const line: number | undefined = first?.line;
const field: string | null | undefined = first?.field;

const rendered: RenderResult = render(yaml, { pools: "- {name: worker, nodeCount: 3}\n" });
const paths: string[] = rendered.pools.flatMap((p) => p.effectiveFiles.map((f) => f.path));
const minutes: number | undefined = rendered.pools[0]?.rollout.modelledMinutes;
const merged: string | null | undefined = rendered.pools[0]?.merged;

const result: SimulateResult | ComparisonResult = simulate("kind: Scenario\n");
const ran: boolean = result.ran;
// A scenario with variants gives their comparison; `comparison` tells the two apart.
const best: string | null | undefined = "comparison" in result ? result.comparison?.best : undefined;
const names: string[] = "comparison" in result ? result.variants.map((v) => v.name) : [];
const startup: number | null | undefined =
  "comparison" in result ? result.comparison?.variants[0]?.startup?.all : undefined;
const simulated: SimulateResult | undefined = "comparison" in result ? undefined : result;
const bytes: number | undefined = simulated?.metrics?.registryBytes;
const crio: string | undefined = simulated?.nodes.find((g) => g.nodes === "worker-0")?.crio;
const p95: number | undefined = simulated?.metrics?.pools[0]?.seconds?.p95;
const mounted: string[] = (simulated?.steps ?? []).flatMap((s) => (s.mounts ?? []).map((m) => m.reference));

const text: string = explain("spec.containerRuntimeConfig.logLevel", options);
const docs: string | undefined = hover(yaml, 3)?.text;
const labels: string[] = complete(yaml, yaml.length).map((c) => c.label);

const host: Host = {
  readFile: () => new Uint8Array(),
  readStdin: () => new Uint8Array(),
  stdout: () => {},
  stderr: () => {},
  isSymlink: () => false,
  createDirAll: () => {},
  writeFile: () => {},
};
const status: number = run(["--version"], host);

// @ts-expect-error: featureSet is a name, not a number
validate(yaml, { featureSet: 3 });
// @ts-expect-error: strict belongs to validate alone
render(yaml, { strict: true });
// @ts-expect-error: a validate result has no pools
checked.pools;
// @ts-expect-error: severity is one of three names
const wrong: "fatal" = checked.diagnostics[0].severity;
// @ts-expect-error: nodes are groups in a list (each with its node list), not a map by name
simulated?.nodes["worker-0"];
// @ts-expect-error: a result may be a comparison, which has no steps of its own
result.steps;
// @ts-expect-error: simulate takes the scenario's text only
simulate(yaml, options);
// @ts-expect-error: a host must be able to read files
run([], { stdout: () => {}, stderr: () => {} });

export { severity, line, field, paths, minutes, merged, ran, best, names, startup, bytes, crio, p95, mounted, text, docs, labels, status, wrong };
