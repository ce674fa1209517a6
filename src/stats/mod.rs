//! Tests and estimates: pure functions of slices and small structs. None knows where its
//! numbers came from. Distributions come from statrs through survival functions only (see
//! [`dist`]); statrs's ready-made tests are not used (wrong two-sided Fisher, exact
//! Mann-Whitney and `1 - cdf` tails).

pub mod contingency;
pub mod descriptive;
pub mod dist;
pub mod effect_size;
pub mod riskdiff;
pub mod ttest;
pub mod wilcoxon;
