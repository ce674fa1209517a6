//! Distribution functions with accurate tails. TEMPORARY STUBS — to be replaced by the owner of
//! this file with accurate implementations (signatures are fixed).

use statrs::distribution::{ChiSquared, ContinuousCDF, FisherSnedecor, Normal, StudentsT};

/// Φ(x), the standard normal CDF.
pub fn norm_cdf(x: f64) -> f64 {
    norm_sf(-x)
}
/// 1 − Φ(x), accurate in the upper tail.
pub fn norm_sf(x: f64) -> f64 {
    Normal::new(0.0, 1.0).map(|n| n.sf(x)).unwrap_or(f64::NAN)
}
/// Φ⁻¹(p).
pub fn norm_quantile(p: f64) -> f64 {
    Normal::new(0.0, 1.0).map(|n| n.inverse_cdf(p)).unwrap_or(f64::NAN)
}
/// P(T > t), T ~ Student t with `df` degrees of freedom (df may be fractional).
pub fn t_sf(t: f64, df: f64) -> f64 {
    StudentsT::new(0.0, 1.0, df).map(|d| d.sf(t)).unwrap_or(f64::NAN)
}
/// P(T ≤ t).
pub fn t_cdf(t: f64, df: f64) -> f64 {
    t_sf(-t, df)
}
/// The p-quantile of Student's t with `df` degrees of freedom.
pub fn t_quantile(p: f64, df: f64) -> f64 {
    StudentsT::new(0.0, 1.0, df).map(|d| d.inverse_cdf(p)).unwrap_or(f64::NAN)
}
/// P(X > x), X ~ χ²(df).
pub fn chisq_sf(x: f64, df: f64) -> f64 {
    ChiSquared::new(df).map(|d| d.sf(x)).unwrap_or(f64::NAN)
}
/// P(F > x), F ~ F(df1, df2).
pub fn f_sf(x: f64, df1: f64, df2: f64) -> f64 {
    FisherSnedecor::new(df1, df2).map(|d| d.sf(x)).unwrap_or(f64::NAN)
}
