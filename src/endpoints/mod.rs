//! Per-subject endpoints. (in progress)
