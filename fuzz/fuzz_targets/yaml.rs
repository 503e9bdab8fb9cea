#![no_main]
//! libFuzzer entry point; the body and its checks are `ctrcfg_fuzz::yaml`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| ctrcfg_fuzz::yaml(data));
