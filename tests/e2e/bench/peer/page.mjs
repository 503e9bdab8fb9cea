// The peer's bundle for the page (esbuild, an IIFE): the validator and the timing loop, on
// `window.ctrcfgBench`, beside the release page's own `window.wasmBindings`.
import { peerValidator } from './peer.mjs';
import { rounds } from './rounds.mjs';

globalThis.ctrcfgBench = { peerValidator, rounds };
