//! Ordinary least squares by Householder QR with R's rank-deficiency rule, the numerical core
//! of R's `lm()` (`lm.fit` → LINPACK `dqrdc2`), plus the estimability test of R's
//! `estimability` package (used by `emmeans`).
//!
//! The design matrix is column-major (`x[j * n + i]` is row `i` of column `j`). A column whose
//! norm, after projecting out the columns kept before it, falls below [`RANK_TOL`] times its
//! original norm is *aliased*: it is moved behind the others, as `dqrdc2`'s limited column
//! pivoting does, and its coefficient is `None` (R prints `NA`). The fit of the remaining
//! columns is then exactly the fit R reports.

use crate::error::StatError;

/// R's `lm()` tolerance for rank detection (`lm.fit(tol = 1e-7)`).
pub const RANK_TOL: f64 = 1e-7;

/// Tolerance of the estimability test (`estimability::is.estble(tol = 1e-8)`).
pub const ESTIMABILITY_TOL: f64 = 1e-8;

const STAT: &str = "least squares";

/// A least-squares fit y = Xβ + ε (column order as given).
#[derive(Debug, Clone, PartialEq)]
pub struct LinearFit {
    /// Number of observations (rows).
    pub n: usize,
    /// Number of columns of X.
    pub p: usize,
    /// Numerical rank (number of columns kept).
    pub rank: usize,
    /// β̂ in column order; `None` for aliased columns (R's `NA`).
    pub coefficients: Vec<Option<f64>>,
    /// Unscaled covariance (X'X)⁻¹ of the kept columns, p × p row-major, with zero rows and
    /// columns for aliased columns (R's `summary(fit)$cov.unscaled`, padded).
    pub cov_unscaled: Vec<f64>,
    /// Residual degrees of freedom n − rank.
    pub df_residual: usize,
    /// Residual sum of squares Σ eᵢ² (R's `deviance(fit)`).
    pub rss: f64,
    /// σ̂² = RSS / (n − rank); NaN when n = rank.
    pub sigma2: f64,
    /// Residuals y − Xβ̂ (R's `residuals(fit)`).
    pub residuals: Vec<f64>,
    /// Orthonormal basis of the null space of X (p-vectors), empty at full rank (R's
    /// `estimability::nonest.basis(fit$qr)`).
    pub null_basis: Vec<Vec<f64>>,
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Euclidean norm with scaling against overflow/underflow (as BLAS `dnrm2`).
fn norm2(v: &[f64]) -> f64 {
    let scale = v.iter().fold(0.0_f64, |m, a| m.max(a.abs()));
    if scale == 0.0 || !scale.is_finite() {
        return scale;
    }
    let s: f64 = v.iter().map(|a| (a / scale) * (a / scale)).sum();
    scale * s.sqrt()
}

/// Ordinary least squares of `y` on the columns of `x` (n × p, column-major), as R's
/// `lm.fit(x, y)` with `tol = 1e-7`.
///
/// Householder QR with `dqrdc2`'s limited pivoting: columns are processed left to right; before
/// reflecting column l its remaining norm ‖x_l[l..n]‖ is compared with [`RANK_TOL`] × its
/// original norm, and a negligible column is moved to the end and marked aliased (a zero column
/// is always aliased; when n < p only the first n kept columns are used, as in R). With
/// X P = Q R, R₁₁ the rank × rank leading block:
///
/// * β̂ = R₁₁⁻¹ (Q'y)[..rank] for the kept columns, `None` for aliased ones;
/// * (X'X)⁻¹ = R₁₁⁻¹ R₁₁⁻ᵀ (kept columns);
/// * residuals e = y − Xβ̂ = Q (0, (Q'y)[rank..]); RSS = Σ eᵢ²; σ̂² = RSS/(n − rank);
/// * null space of X: for each aliased column j, the vector with −R₁₁⁻¹R₁₂[·, j] on the kept
///   columns and 1 at j, orthonormalised (spans the same space as `estimability::nonest.basis`).
///
/// Reference: Golub & Van Loan, *Matrix Computations* (4th ed.), §5.2 and §5.5; LINPACK
/// `dqrdc2` (R's `src/appl/dqrdc2.f`).
///
/// Errors: dimensions that do not match, no rows or columns, non-finite values.
pub fn least_squares(x: &[f64], n: usize, p: usize, y: &[f64]) -> Result<LinearFit, StatError> {
    if n == 0 || p == 0 {
        return Err(StatError::new(STAT, "empty design matrix"));
    }
    match n.checked_mul(p) {
        Some(np) if np == x.len() => {}
        _ => {
            return Err(StatError::new(
                STAT,
                format!(
                    "design matrix has {} values, expected {n} rows × {p} columns",
                    x.len()
                ),
            ))
        }
    }
    if y.len() != n {
        return Err(StatError::new(
            STAT,
            format!("response has {} values, design matrix {n} rows", y.len()),
        ));
    }
    if x.iter().chain(y).any(|v| !v.is_finite()) {
        return Err(StatError::new(STAT, "non-finite value in the data"));
    }

    // Working copy, one Vec per column (pivoted order), and the original column index of each.
    let mut cols: Vec<Vec<f64>> = x.chunks(n).map(|c| c.to_vec()).collect();
    let mut perm: Vec<usize> = (0..p).collect();
    let orig_norm: Vec<f64> = cols
        .iter()
        .map(|c| {
            let s = norm2(c);
            if s == 0.0 {
                1.0
            } else {
                s
            }
        })
        .collect();
    let mut qy = y.to_vec();
    // Householder vectors: (start row l, vector v over rows l..n); H = I − v v'/v₀.
    let mut reflections: Vec<(usize, Vec<f64>)> = Vec::new();
    // Columns at positions ≥ k are aliased.
    let mut k = p;
    let mut l = 0;
    while l < n.min(k) {
        let rest = norm2(cols[l].get(l..).unwrap_or(&[]));
        if rest < orig_norm[perm[l]] * RANK_TOL {
            // Move column l to the end; columns l+1.. shift left.
            let c = cols.remove(l);
            cols.push(c);
            let j = perm.remove(l);
            perm.push(j);
            k -= 1;
            continue;
        }
        if l + 1 < n {
            let first = cols[l][l];
            let nrm = if first < 0.0 { -rest } else { rest };
            let mut v: Vec<f64> = cols[l][l..].iter().map(|a| a / nrm).collect();
            v[0] += 1.0;
            let v0 = v[0];
            for col in cols.iter_mut().skip(l + 1) {
                let seg = &mut col[l..];
                let t = -dot(&v, seg) / v0;
                for (s, vi) in seg.iter_mut().zip(&v) {
                    *s += t * vi;
                }
            }
            {
                let seg = &mut qy[l..];
                let t = -dot(&v, seg) / v0;
                for (s, vi) in seg.iter_mut().zip(&v) {
                    *s += t * vi;
                }
            }
            cols[l][l] = -nrm;
            for c in cols[l].iter_mut().skip(l + 1) {
                *c = 0.0;
            }
            reflections.push((l, v));
        }
        l += 1;
    }
    let rank = l;

    // Back substitution R₁₁ b = (Q'y)[..rank].
    let r = |i: usize, j: usize| cols[j][i];
    let solve_upper = |rhs: &[f64]| -> Vec<f64> {
        let mut b = rhs.to_vec();
        for i in (0..rank).rev() {
            let mut s = b[i];
            for (j, bj) in b.iter().enumerate().take(rank).skip(i + 1) {
                s -= r(i, j) * bj;
            }
            b[i] = s / r(i, i);
        }
        b
    };
    let b = solve_upper(&qy[..rank]);
    let mut coefficients = vec![None; p];
    for (i, bi) in b.iter().enumerate() {
        coefficients[perm[i]] = Some(*bi);
    }

    // R₁₁⁻¹ (upper triangular), column by column: R₁₁ z = e_c.
    let mut rinv = vec![vec![0.0; rank]; rank]; // rinv[i][c]
    for c in 0..rank {
        let mut z = vec![0.0; rank];
        z[c] = 1.0;
        for i in (0..=c).rev() {
            let mut s = z[i];
            for (j, zj) in z.iter().enumerate().take(c + 1).skip(i + 1) {
                s -= r(i, j) * zj;
            }
            z[i] = s / r(i, i);
        }
        for (i, zi) in z.into_iter().enumerate() {
            rinv[i][c] = zi;
        }
    }
    let mut cov_unscaled = vec![0.0; p * p];
    for i in 0..rank {
        for j in 0..rank {
            let s: f64 = (i.max(j)..rank).map(|c| rinv[i][c] * rinv[j][c]).sum();
            cov_unscaled[perm[i] * p + perm[j]] = s;
        }
    }

    // Residuals: Q (0, (Q'y)[rank..]), applying the reflections in reverse order.
    let mut res = qy.clone();
    for v in res.iter_mut().take(rank) {
        *v = 0.0;
    }
    for (start, v) in reflections.iter().rev() {
        let seg = &mut res[*start..];
        let t = -dot(v, seg) / v[0];
        for (s, vi) in seg.iter_mut().zip(v) {
            *s += t * vi;
        }
    }
    let rss: f64 = res.iter().map(|e| e * e).sum();
    let df_residual = n - rank;
    let sigma2 = if df_residual > 0 {
        rss / df_residual as f64
    } else {
        f64::NAN
    };

    // Null space: one vector per aliased column, then modified Gram–Schmidt (twice).
    let mut basis: Vec<Vec<f64>> = Vec::new();
    for m in rank..p {
        let rhs: Vec<f64> = (0..rank).map(|i| r(i, m)).collect();
        let z = solve_upper(&rhs);
        let mut v = vec![0.0; p];
        for (i, zi) in z.iter().enumerate() {
            v[perm[i]] = -zi;
        }
        v[perm[m]] = 1.0;
        for _ in 0..2 {
            for q in &basis {
                let t = dot(q, &v);
                for (a, qa) in v.iter_mut().zip(q) {
                    *a -= t * qa;
                }
            }
        }
        let s = norm2(&v);
        if s > 0.0 && s.is_finite() {
            for a in v.iter_mut() {
                *a /= s;
            }
            basis.push(v);
        }
    }

    Ok(LinearFit {
        n,
        p,
        rank,
        coefficients,
        cov_unscaled,
        df_residual,
        rss,
        sigma2,
        residuals: res,
        null_basis: basis,
    })
}

impl LinearFit {
    /// Whether column `j` is aliased (coefficient `NA` in R).
    pub fn is_aliased(&self, j: usize) -> bool {
        !matches!(self.coefficients.get(j), Some(Some(_)))
    }

    /// Estimate of the linear function ℓ'β, with aliased coefficients taken as 0 (as `emmeans`);
    /// meaningful only when [`LinearFit::is_estimable`]. NaN if `l` has the wrong length.
    pub fn estimate(&self, l: &[f64]) -> f64 {
        if l.len() != self.p {
            return f64::NAN;
        }
        l.iter()
            .zip(&self.coefficients)
            .map(|(a, b)| a * b.unwrap_or(0.0))
            .sum()
    }

    /// Standard error √(σ̂² ℓ'(X'X)⁻¹ℓ) of ℓ'β̂ (aliased columns contribute nothing, as in
    /// `emmeans`). NaN if `l` has the wrong length or there are no residual degrees of freedom.
    pub fn std_err(&self, l: &[f64]) -> f64 {
        if l.len() != self.p {
            return f64::NAN;
        }
        let mut q = 0.0;
        for (i, li) in l.iter().enumerate() {
            if *li == 0.0 {
                continue;
            }
            let row = self.cov_unscaled.get(i * self.p..(i + 1) * self.p);
            if let Some(row) = row {
                q += li * dot(row, l);
            }
        }
        (self.sigma2 * q.max(0.0)).sqrt()
    }

    /// Whether ℓ'β is estimable: ℓ is (numerically) orthogonal to the null space of X,
    /// Σₖ(ℓ'nₖ)² < 10⁻⁸ · ℓ'ℓ (ℓ'ℓ replaced by 1 when below 10⁻⁸), exactly as
    /// `estimability::is.estble` (Searle, *Linear Models*, 1971, §5.4).
    pub fn is_estimable(&self, l: &[f64]) -> bool {
        if l.len() != self.p {
            return false;
        }
        if self.null_basis.is_empty() {
            return true;
        }
        let mut ssq = dot(l, l);
        if ssq < ESTIMABILITY_TOL {
            ssq = 1.0;
        }
        let chk: f64 = self
            .null_basis
            .iter()
            .map(|nb| {
                let c = dot(nb, l);
                c * c
            })
            .sum();
        chk < ESTIMABILITY_TOL * ssq
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simple_regression() {
        // y = 1 + 2x exactly plus a known residual pattern.
        let xs = [1.0, 2.0, 3.0, 4.0];
        let e = [0.1, -0.1, -0.1, 0.1];
        let y: Vec<f64> = xs.iter().zip(e).map(|(x, e)| 1.0 + 2.0 * x + e).collect();
        let mut design = vec![1.0; 4];
        design.extend_from_slice(&xs);
        let fit = least_squares(&design, 4, 2, &y).unwrap();
        assert_eq!(fit.rank, 2);
        assert!((fit.coefficients[0].unwrap() - 1.0).abs() < 1e-12);
        assert!((fit.coefficients[1].unwrap() - 2.0).abs() < 1e-12);
        assert!((fit.rss - 0.04).abs() < 1e-12);
        // (X'X)^-1 for x = 1..4: [[1.5, -0.5], [-0.5, 0.2]].
        let c = &fit.cov_unscaled;
        assert!((c[0] - 1.5).abs() < 1e-12 && (c[1] + 0.5).abs() < 1e-12);
        assert!((c[3] - 0.2).abs() < 1e-12);
    }

    #[test]
    fn aliased_column_is_dropped() {
        let xs = [1.0, 2.0, 4.0, 8.0, 3.0];
        let y = [2.0, 3.5, 9.0, 15.0, 7.0];
        let mut design = vec![1.0; 5];
        design.extend_from_slice(&xs);
        design.extend(xs.iter().map(|x| 2.0 * x + 1.0));
        design.extend_from_slice(&[0.0; 5]);
        let fit = least_squares(&design, 5, 4, &y).unwrap();
        assert_eq!(fit.rank, 2);
        assert!(fit.is_aliased(2) && fit.is_aliased(3) && !fit.is_aliased(1));
        assert_eq!(fit.df_residual, 3);
        assert_eq!(fit.null_basis.len(), 2);
        // A row of X is estimable; a single aliased coefficient is not.
        assert!(fit.is_estimable(&[1.0, 2.0, 5.0, 0.0]));
        assert!(!fit.is_estimable(&[0.0, 0.0, 1.0, 0.0]));
        assert!(!fit.is_estimable(&[0.0, 0.0, 0.0, 1.0]));
    }

    #[test]
    fn bad_dimensions() {
        assert!(least_squares(&[1.0, 2.0], 2, 2, &[1.0, 2.0]).is_err());
        assert!(least_squares(&[], 0, 0, &[]).is_err());
        assert!(least_squares(&[1.0, f64::NAN], 2, 1, &[1.0, 2.0]).is_err());
        let fit = least_squares(&[1.0, 1.0], 2, 1, &[1.0, 3.0]).unwrap();
        assert_eq!(fit.coefficients, vec![Some(2.0)]);
    }
}
