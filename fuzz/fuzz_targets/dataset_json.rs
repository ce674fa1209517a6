#![no_main]
//! See `analgesic_endpoints_fuzz::dataset_json`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| analgesic_endpoints_fuzz::dataset_json(data));
