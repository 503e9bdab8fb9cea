// The `fleet(nodes, pulls)` scenario of core/benches/workload.rs, written the same way in
// JavaScript, so the browser tests and the long-task bench can open a 10,000-node scenario
// (a million node-steps) without a large file in the repository. Keep the two in step.
export function fleet(nodes, pulls) {
  let text = `kind: Scenario\nconfigs:\n- apiVersion: machineconfiguration.openshift.io/v1\n  kind: ContainerRuntimeConfig\n  metadata: {name: fleet}\n  spec:\n    machineConfigPoolSelector: {matchLabels: {pools.operator.machineconfiguration.openshift.io/worker: ''}}\n    containerRuntimeConfig:\n      additionalImageStores: [{path: /mnt/nfs-images}]\n      additionalLayerStores: [{path: /var/lib/stargz-store/store}]\npools:\n- {name: worker, nodeCount: ${nodes}}\nregistry:\n  images:\n`;
  const formats = ['oci', 'estargz', 'zstd:chunked'];
  for (let i = 0; i < 50; i++) {
    text += `  - {ref: quay.io/acme/app-${i}:1, format: ${formats[i % 3]}, size: ${100 + i}MiB, startupFraction: 0.1}\n`;
  }
  text += 'storage:\n- {path: /var/lib/stargz-store/store, plugin: stargz-store}\n- {path: /mnt/nfs-images, medium: nfs, shared: true, images: [';
  const cached = [];
  for (let i = 0; i < 50; i += 3) cached.push(`quay.io/acme/app-${i}:1`);
  text += cached.join(', ');
  text += ']}\nevents:\n';
  for (let p = 0; p < pulls; p++) {
    const policy = p % 10 === 9 ? ', pullPolicy: Always' : '';
    text += `- {pull: quay.io/acme/app-${p % 50}:1${policy}}\n`;
  }
  return text;
}
