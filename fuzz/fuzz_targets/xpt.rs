#![no_main]
//! See `analgesic_endpoints_fuzz::xpt`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| analgesic_endpoints_fuzz::xpt(data));
