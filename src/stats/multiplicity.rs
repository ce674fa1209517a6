//! Multiplicity adjustment of p-values, as R's `p.adjust(p, method)` (R 4.2, `stats`).
//!
//! Adjusted p-values: a hypothesis is rejected at family-wise (or false-discovery) level α when its
//! adjusted p-value is ≤ α. With `n` the number of p-values that are not NaN (R's default
//! `n = length(p)` is evaluated after the `NA`s are dropped) and `p₍₁₎ ≤ … ≤ p₍ₙ₎`:
//!
//! | method | adjusted `p₍ᵢ₎` | controls |
//! |---|---|---|
//! | Bonferroni | `min(1, n p₍ᵢ₎)` | FWER |
//! | Holm (step-down) | `min(1, max_{j ≤ i} (n − j + 1) p₍ⱼ₎)` | FWER |
//! | Hochberg (step-up) | `min(1, min_{j ≥ i} (n − j + 1) p₍ⱼ₎)` | FWER (independent / PRDS tests) |
//! | Hommel | closed testing with Simes tests (R's algorithm) | FWER (as Hochberg), more powerful |
//! | Benjamini–Hochberg | `min(1, min_{j ≥ i} n p₍ⱼ₎ / j)` | FDR (independent / PRDS) |
//! | Benjamini–Yekutieli | BH × `Σₖ₌₁ⁿ 1/k` | FDR (any dependence) |
//!
//! SAS PROC MULTTEST gives the same adjusted p-values (`BONFERRONI`, `HOLM`/`STEPBON`,
//! `HOCHBERG`, `HOMMEL`, `FDR`, `DEPENDENTFDR`) [not checked against SAS output here].
//!
//! References: Holm S (1979), Scand J Stat 6:65–70; Hochberg Y (1988), Biometrika 75:800–802;
//! Hommel G (1988), Biometrika 75:383–386; Wright SP (1992), Biometrics 48:1005–1013;
//! Benjamini Y, Hochberg Y (1995), J R Stat Soc B 57:289–300; Benjamini Y, Yekutieli D (2001),
//! Ann Stat 29:1165–1188; R Core Team, `stats::p.adjust`.

use serde::{Deserialize, Serialize};

/// Adjustment method, named as in R's `p.adjust`.
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Adjustment {
    /// R `"bonferroni"`.
    Bonferroni,
    /// R `"holm"` (R's default).
    #[default]
    Holm,
    /// R `"hochberg"`.
    Hochberg,
    /// R `"hommel"` (R uses Hochberg's when n = 2, where the two coincide).
    Hommel,
    /// R `"BH"` (alias `"fdr"`): Benjamini–Hochberg false discovery rate.
    Bh,
    /// R `"BY"`: Benjamini–Yekutieli false discovery rate under arbitrary dependence.
    By,
    /// R `"none"`: the p-values unchanged.
    None,
}

impl Adjustment {
    /// R's name of the method (the `method` argument of `p.adjust`).
    pub fn r_name(self) -> &'static str {
        match self {
            Adjustment::Bonferroni => "bonferroni",
            Adjustment::Holm => "holm",
            Adjustment::Hochberg => "hochberg",
            Adjustment::Hommel => "hommel",
            Adjustment::Bh => "BH",
            Adjustment::By => "BY",
            Adjustment::None => "none",
        }
    }
}

/// Adjusted p-values, element by element in the order given, exactly as R's
/// `p.adjust(p, method)` with its default `n`.
///
/// * NaN entries (R's `NA`) are left out of the family and come back as NaN; `n` is the number of
///   the others (R evaluates its default `n = length(p)` after dropping the `NA`s).
/// * With `n ≤ 1` the input is returned unchanged (as R).
/// * Formulas: see the [module documentation](self); each is evaluated in R's order of
///   operations (`(n + 1 − i)·p`, `n / i · p`, `q·n / i · p` with `q = Σ 1/k`, Hommel's loop), so
///   results agree with R to the last bit or two.
/// * Ties get equal adjusted values in every method (as in R, whatever their order).
/// * Values are not checked to lie in [0, 1]: as R, the formulas are applied to whatever is given
///   (±∞ included).
///
/// Never panics; O(n log n) except Hommel's, which is O(n²) as R's.
pub fn p_adjust(p: &[f64], method: Adjustment) -> Vec<f64> {
    let idx: Vec<usize> = (0..p.len()).filter(|&i| !p[i].is_nan()).collect();
    let vals: Vec<f64> = idx.iter().map(|&i| p[i]).collect();
    let n = vals.len();
    let mut out = p.to_vec();
    if n <= 1 {
        return out;
    }
    let adj = match method {
        Adjustment::None => vals,
        Adjustment::Bonferroni => vals.iter().map(|&v| (n as f64 * v).min(1.0)).collect(),
        Adjustment::Holm => holm(&vals),
        Adjustment::Hochberg => step_up(&vals, |i| (n + 1 - i) as f64),
        Adjustment::Hommel if n == 2 => step_up(&vals, |i| (n + 1 - i) as f64),
        Adjustment::Hommel => hommel(&vals),
        Adjustment::Bh => step_up(&vals, |i| n as f64 / i as f64),
        Adjustment::By => {
            let q: f64 = (1..=n).map(|k| 1.0 / k as f64).sum();
            step_up(&vals, |i| q * n as f64 / i as f64)
        }
    };
    for (&i, v) in idx.iter().zip(adj) {
        out[i] = v;
    }
    out
}

/// Indices sorting `v` ascending (stable; `v` has no NaN).
fn order_ascending(v: &[f64]) -> Vec<usize> {
    crate::sort::order_f64(v)
}

/// R: `pmin(1, cummax((n + 1 - i) * p[o]))[ro]`, `o = order(p)`, `i = 1..n`.
fn holm(v: &[f64]) -> Vec<f64> {
    let n = v.len();
    let o = order_ascending(v);
    let mut out = vec![0.0; n];
    let mut run = f64::NEG_INFINITY;
    for (k, &j) in o.iter().enumerate() {
        let i = k + 1;
        let t = (n + 1 - i) as f64 * v[j];
        if t > run {
            run = t;
        }
        out[j] = run.min(1.0);
    }
    out
}

/// R's step-up form: `o = order(p, decreasing = TRUE)`, `i = n:1`,
/// `pmin(1, cummin(mult(i) * p[o]))[ro]`. `mult` gives the multiplier for rank `i` (1 = smallest
/// p).
fn step_up(v: &[f64], mult: impl Fn(usize) -> f64) -> Vec<f64> {
    let n = v.len();
    let mut o = order_ascending(v);
    o.reverse();
    let mut out = vec![0.0; n];
    let mut run = f64::INFINITY;
    for (k, &j) in o.iter().enumerate() {
        let i = n - k; // rank of v[j] from the smallest
        let t = mult(i) * v[j];
        if t < run {
            run = t;
        }
        out[j] = run.min(1.0);
    }
    out
}

/// Hommel's adjusted p-values by R's algorithm (n ≥ 3):
///
/// ```text
/// p sorted ascending;  q = pa = rep(min(n p[i] / i), n)
/// for j in (n-1):2 { i1 = 1..(n-j+1); i2 = (n-j+2)..n
///     q1 = min(j p[i2] / (2..j)); q[i1] = pmin(j p[i1], q1); q[i2] = q[n-j+1]
///     pa = pmax(pa, q) }
/// pmax(pa, p)  (in the original order)
/// ```
fn hommel(v: &[f64]) -> Vec<f64> {
    let n = v.len();
    let o = order_ascending(v);
    let p: Vec<f64> = o.iter().map(|&j| v[j]).collect();
    let nf = n as f64;
    let init = p
        .iter()
        .enumerate()
        .map(|(k, &x)| nf * x / (k + 1) as f64)
        .fold(f64::INFINITY, f64::min);
    let mut q = vec![init; n];
    let mut pa = vec![init; n];
    for j in (2..n).rev() {
        let jf = j as f64;
        // i2 = (n-j+2)..=n (1-based) -> 0-based n-j+1..n, divisors 2..=j
        let q1 = (n - j + 1..n)
            .enumerate()
            .map(|(t, k)| jf * p[k] / (t + 2) as f64)
            .fold(f64::INFINITY, f64::min);
        // i1 = 1..=(n-j+1) -> 0-based 0..=n-j
        for k in 0..=n - j {
            q[k] = (jf * p[k]).min(q1);
        }
        let fill = q[n - j];
        for qk in q.iter_mut().skip(n - j + 1) {
            *qk = fill;
        }
        for (a, &b) in pa.iter_mut().zip(&q) {
            if b > *a {
                *a = b;
            }
        }
    }
    let mut out = vec![0.0; n];
    for (k, &j) in o.iter().enumerate() {
        out[j] = pa[k].max(p[k]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_known_values() {
        let p = [0.01, 0.04, 0.03];
        let b = p_adjust(&p, Adjustment::Bonferroni);
        for (g, w) in b.iter().zip([0.03, 0.12, 0.09]) {
            assert!((g - w).abs() < 1e-15);
        }
        let h = p_adjust(&p, Adjustment::Holm);
        assert!((h[0] - 0.03).abs() < 1e-15 && (h[1] - 0.06).abs() < 1e-15);
        assert!((h[2] - 0.06).abs() < 1e-15);
        let bh = p_adjust(&p, Adjustment::Bh);
        for (g, w) in bh.iter().zip([0.03, 0.04, 0.04]) {
            assert!((g - w).abs() < 1e-15);
        }
    }

    #[test]
    fn nan_and_degenerate() {
        assert!(p_adjust(&[], Adjustment::Holm).is_empty());
        let r = p_adjust(&[f64::NAN, 0.2, f64::NAN], Adjustment::Bonferroni);
        assert!(r[0].is_nan() && r[2].is_nan());
        assert_eq!(r[1], 0.2);
        let r = p_adjust(&[f64::NAN, 0.2, 0.3], Adjustment::Hommel);
        assert!(r[0].is_nan());
        for m in [
            Adjustment::Bonferroni,
            Adjustment::Holm,
            Adjustment::Hochberg,
            Adjustment::Hommel,
            Adjustment::Bh,
            Adjustment::By,
            Adjustment::None,
        ] {
            let r = p_adjust(&[f64::INFINITY, -1.0, 0.5, f64::NAN, 0.0], m);
            assert_eq!(r.len(), 5);
            assert!(!m.r_name().is_empty());
        }
    }
}
