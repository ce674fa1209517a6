#![no_main]
//! See `analgesic_endpoints_fuzz::tables`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| analgesic_endpoints_fuzz::tables(data));
