// The peer ctrcfg is timed against (issue 13, "Speed against the peer"): what a JavaScript
// playground would do with the npm packages `yaml` (the parser) and `ajv` (JSON Schema), given
// the ContainerRuntimeConfig CRD. Its validator is the CRD's own openAPIV3Schema, compiled once;
// each text is parsed as a YAML stream and each document checked against it.
//
// ajv knows JSON Schema, not Kubernetes' extensions, so it runs with `strict: false`: it ignores
// `x-kubernetes-validations` (the CEL rules: paths, `//`, duplicates), `x-kubernetes-*` list and
// map types, and the `int64` / `date-time` formats, as such a playground would. `allErrors` so
// that it reports every mistake, as ctrcfg does.
//
// esbuild bundles this file for the page (tests/e2e/bench/peer.mjs); Node imports it as it is.
import Ajv from 'ajv';
import { parseAllDocuments, parse } from 'yaml';

/** A validator for `crdText` (the CRD as YAML): `check(text)` returns the list of problems of
 * every document of `text` (YAML errors and schema errors), empty when it accepts it all. */
export function peerValidator(crdText) {
  const crd = parse(crdText);
  const schema = crd.spec.versions.find((v) => v.storage).schema.openAPIV3Schema;
  const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
  return function check(text) {
    const problems = [];
    for (const doc of parseAllDocuments(text)) {
      for (const e of doc.errors) problems.push({ message: e.message, line: e.linePos?.[0]?.line ?? null });
      if (doc.errors.length) continue;
      const object = doc.toJS();
      if (object === null || object === undefined) continue;
      if (!validate(object)) {
        for (const e of validate.errors) problems.push({ field: e.instancePath, message: e.message });
      }
    }
    return problems;
  };
}
