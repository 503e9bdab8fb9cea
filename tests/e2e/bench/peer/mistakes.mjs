// The eight common mistakes of the side-by-side benchmark, each one edit of the typical config
// (the playground's example: two image stores, /mnt/nfs-images and /mnt/ssd-images). Which side
// catches each is computed by running both validators on it (peer.mjs), never written down here.
const STORES = '    additionalImageStores:\n    - path: /mnt/nfs-images\n    - path: /mnt/ssd-images\n';
const CONFIG = '  containerRuntimeConfig:\n';

/** `typical` with its image-store list replaced by `lines`, or `settings` added above it. */
function storesOf(typical, lines) {
  if (!typical.includes(STORES)) throw new Error('the typical config no longer has the two image stores');
  return typical.replace(STORES, `    additionalImageStores:\n${lines.map((p) => `    - path: ${p}\n`).join('')}`);
}
function withSetting(typical, setting) {
  return typical.replace(CONFIG, `${CONFIG}    ${setting}\n`);
}

/** [name, text] for each mistake. */
export function mistakes(typical) {
  return [
    ['more than maxItems (11 image stores, at most 10)',
      storesOf(typical, Array.from({ length: 11 }, (_, i) => `/mnt/images-${i}`))],
    ['duplicate paths', storesOf(typical, ['/mnt/nfs-images', '/mnt/nfs-images'])],
    ['a relative path', storesOf(typical, ['mnt/nfs-images', '/mnt/ssd-images'])],
    ['a path with //', storesOf(typical, ['/mnt//nfs-images', '/mnt/ssd-images'])],
    ["a typo'd field (additionalImageStore)", typical.replace('additionalImageStores:', 'additionalImageStore:')],
    ['pidsLimit: 5', withSetting(typical, 'pidsLimit: 5')],
    ['logSizeMax: 8Ki', withSetting(typical, 'logSizeMax: 8Ki')],
    ['an unknown logLevel (verbose)', withSetting(typical, 'logLevel: verbose')],
  ];
}
