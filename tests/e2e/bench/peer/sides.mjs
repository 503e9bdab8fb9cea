// What counts as catching a mistake, for each side, and the ctrcfg side's adapters: one function
// from a text to the parsed `{"valid", "diagnostics"}` that `ctrcfg validate --format json`
// prints, however it is reached (the page's `window.wasmBindings.ctrcfgValidate`, or in Node the
// npm package once it lands: ctrcfg-node.mjs).

/** ctrcfg catches a mistake when it reports an error or a warning (a clean config has neither). */
export const ctrcfgCatches = (result) => result.diagnostics.some((d) => d.severity !== 'info');
/** The peer catches it when it reports any problem. */
export const peerCatches = (problems) => problems.length > 0;
