#![no_main]
//! See `analgesic_endpoints_fuzz::sas7bdat`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| analgesic_endpoints_fuzz::sas7bdat(data));
