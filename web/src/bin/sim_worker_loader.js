// Starts the simulation worker (sim_worker.rs): Trunk builds its wasm-bindgen glue (no-modules
// target, so a classic worker can load it) and wasm next to this file; the page starts the worker
// from here (hooks/use_simulation.rs). Trunk's own loader shim passes the wasm's path in a form
// wasm-bindgen 0.2.130 warns about, so this one passes it as an object.
importScripts('./sim_worker.js');
wasm_bindgen({ module_or_path: './sim_worker_bg.wasm' });
