//! Tests and estimates: pure functions of slices and small structs. None knows where its
//! numbers came from. Distributions come from statrs through survival functions only (see
//! [`dist`]); statrs's ready-made tests are not used (wrong two-sided Fisher, exact
//! Mann-Whitney and `1 - cdf` tails).

pub mod ancova;
pub mod anova_tables;
pub mod contingency;
pub mod descriptive;
pub mod dist;
pub mod effect_size;
pub mod kgroups;
pub mod linear;
pub mod logistic;
pub mod lsmeans;
pub mod meta;
pub mod multiplicity;
pub mod mvt;
pub mod natural;
pub mod power;
pub mod propci;
pub mod ptukey;
pub mod resample;
pub mod riskdiff;
pub mod smd;
pub mod stratified;
pub mod stratified_rd;
pub mod survival;
pub mod ttest;
pub mod wilcoxon;
pub mod wilcoxon_exact;
