//! Correlations between two endpoints, to plan co-primary endpoints from earlier data.

use serde::Serialize;

use crate::error::StatError;
use crate::stats::dist::norm_quantile;

const STAT: &str = "endpoint correlation";

fn check_len(n1: usize, n2: usize) -> Result<(), StatError> {
    if n1 != n2 {
        return Err(StatError::new(
            STAT,
            "the two endpoints need the same subjects",
        ));
    }
    if n1 < 3 {
        return Err(StatError::new(STAT, "at least 3 subjects are needed"));
    }
    Ok(())
}

/// Pearson's product-moment correlation Σ(x − x̄)(y − ȳ)/√(Σ(x − x̄)²·Σ(y − ȳ)²), R's
/// `cor(x, y)` (two-pass). Errors for unequal lengths, fewer than 3 pairs, non-finite values
/// or a constant variable.
pub fn pearson(x: &[f64], y: &[f64]) -> Result<f64, StatError> {
    check_len(x.len(), y.len())?;
    if x.iter().chain(y).any(|v| !v.is_finite()) {
        return Err(StatError::new(STAT, "the values must be finite numbers"));
    }
    let n = x.len() as f64;
    let mx = x.iter().sum::<f64>() / n;
    let my = y.iter().sum::<f64>() / n;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        let (dx, dy) = (a - mx, b - my);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    if !(sxx > 0.0 && syy > 0.0) {
        return Err(StatError::new(
            STAT,
            "a variable is constant: no correlation",
        ));
    }
    Ok((sxy / (sxx.sqrt() * syy.sqrt())).clamp(-1.0, 1.0))
}

/// Point-biserial and biserial correlation of a continuous and a binary endpoint.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Biserial {
    /// Pearson correlation of x with y coded 0/1.
    pub point_biserial: f64,
    /// r_b = r_pb·√(pq)/φ(Φ⁻¹(p)): the correlation of x with the latent normal variable whose
    /// dichotomisation is y (can exceed 1 in absolute value in a sample; see `warnings`).
    pub biserial: f64,
    /// p, the proportion of `true`.
    pub p: f64,
    pub warnings: Vec<String>,
}

/// Biserial correlation from the point-biserial one (Pearson 1909; Tate 1955, *Ann Math
/// Stat* 26:89): r_b = r_pb·√(p(1 − p))/φ(Φ⁻¹(p)), p the proportion of y = true, r_pb =
/// `cor(x, as.numeric(y))`. Not bounded by 1 in a sample; a value beyond ±1 is kept and a
/// warning given (clamp it before planning).
pub fn biserial_correlation(x: &[f64], y: &[bool]) -> Result<Biserial, StatError> {
    check_len(x.len(), y.len())?;
    let yn: Vec<f64> = y.iter().map(|&b| if b { 1.0 } else { 0.0 }).collect();
    let k = y.iter().filter(|&&b| b).count();
    if k == 0 || k == y.len() {
        return Err(StatError::new(
            STAT,
            "the binary endpoint has a single value: no correlation",
        ));
    }
    let rpb = pearson(x, &yn)?;
    let p = k as f64 / y.len() as f64;
    let z = norm_quantile(p);
    let dens = (-0.5 * z * z).exp() / (2.0 * std::f64::consts::PI).sqrt();
    let rb = rpb * (p * (1.0 - p)).sqrt() / dens;
    let mut warnings = Vec::new();
    if rb.abs() > 1.0 {
        warnings.push(format!(
            "the biserial correlation {rb:.3} is beyond ±1 (the latent-normal model fits poorly)"
        ));
    }
    Ok(Biserial {
        point_biserial: rpb,
        biserial: rb,
        p,
        warnings,
    })
}
