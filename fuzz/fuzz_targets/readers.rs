#![no_main]
//! See `analgesic_endpoints_fuzz::readers`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| analgesic_endpoints_fuzz::readers(data));
