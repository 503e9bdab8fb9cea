// The benchmarks' inputs on the JavaScript side, the same texts core/benches/workload.rs
// measures natively and in the wasm benchmark.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from '../harness.mjs';

/** A typical config: the example the playground opens with (workload.rs `TYPICAL`). */
export const TYPICAL = readFileSync(join(root, 'tests/vectors/render/image-stores.yaml'), 'utf8');

/** The 10 KB multi-document file, exactly as core/benches/workload.rs `multi_document` writes it. */
export function multiDocument(targetBytes) {
  let text = '';
  for (let i = 0; text.length < targetBytes; i++) {
    text += '---\napiVersion: machineconfiguration.openshift.io/v1\nkind: ContainerRuntimeConfig\nmetadata:\n'
      + `  name: config-${i}\nspec:\n  machineConfigPoolSelector:\n    matchLabels:\n`
      + '      pools.operator.machineconfiguration.openshift.io/worker: ""\n  containerRuntimeConfig:\n'
      + '    logSizeMax: 64Mi\n    pidsLimit: 4096\n    additionalLayerStores:\n    - path: /var/lib/stargz-store\n'
      + '    additionalImageStores:\n';
    for (let s = 0; s < 6; s++) text += `    - path: /mnt/images-${s}${s === 5 && i % 3 === 0 ? '//typo' : ''}\n`;
    text += '    additionalArtifactStores:\n    - path: /mnt/models\n';
  }
  return text;
}
