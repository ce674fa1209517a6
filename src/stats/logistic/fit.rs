//! The numerical core: R's `glm.fit` IRLS for the binomial family with logit link, the
//! linear-programming check for separation, profile-likelihood limits and Firth's penalised
//! likelihood. Columns are `Vec<f64>` per design column (as `ancova::Design`).

use crate::error::StatError;
use crate::stats::linear::least_squares;
use crate::stats::logistic::Det;

/// R's `glm.control()` defaults: `epsilon = 1e-8`, `maxit = 25`.
pub(crate) const GLM_EPSILON: f64 = 1e-8;
pub(crate) const GLM_MAXIT: usize = 25;

/// R's `logit_linkinv` thresholds (`src/library/stats/src/family.c`).
const THRESH: f64 = 30.0;
const MTHRESH: f64 = -30.0;

/// R's `binomial()$linkinv` (logit), with the same clamping at |η| > 30.
pub(crate) fn expit(eta: f64) -> f64 {
    let tmp = if eta < MTHRESH {
        f64::EPSILON
    } else if eta > THRESH {
        1.0 / f64::EPSILON
    } else {
        eta.exp_d()
    };
    tmp / (1.0 + tmp)
}

/// R's `binomial()$mu.eta` (logit): dμ/dη, `DBL_EPSILON` beyond |η| > 30.
fn mu_eta(eta: f64) -> f64 {
    if !(MTHRESH..=THRESH).contains(&eta) {
        f64::EPSILON
    } else {
        let opexp = 1.0 + eta.exp_d();
        eta.exp_d() / (opexp * opexp)
    }
}

/// Binomial deviance contribution of one binary outcome (R's `binomial()$dev.resids`).
pub(crate) fn dev_resid(y: f64, mu: f64) -> f64 {
    let ylogy = |a: f64, m: f64| if a > 0.0 { a * (a / m).ln_d() } else { 0.0 };
    2.0 * (ylogy(y, mu) + ylogy(1.0 - y, 1.0 - mu))
}

pub(crate) fn deviance(y: &[f64], mu: &[f64]) -> f64 {
    y.iter().zip(mu).map(|(&a, &m)| dev_resid(a, m)).sum()
}

/// η = Xβ (+ offset), aliased coefficients counted as 0.
pub(crate) fn linear_predictor(
    cols: &[Vec<f64>],
    beta: &[f64],
    offset: Option<&[f64]>,
) -> Vec<f64> {
    let n = cols
        .first()
        .map_or(offset.map_or(0, |o| o.len()), |c| c.len());
    let mut eta = match offset {
        Some(o) => o.to_vec(),
        None => vec![0.0; n],
    };
    for (c, b) in cols.iter().zip(beta) {
        if *b != 0.0 {
            for (e, x) in eta.iter_mut().zip(c) {
                *e += b * x;
            }
        }
    }
    eta
}

/// Result of an IRLS fit.
#[derive(Debug, Clone)]
pub(crate) struct GlmFit {
    /// Coefficients; `None` for aliased columns.
    pub(crate) beta: Vec<Option<f64>>,
    /// (X'WX)⁻¹ with W from the last IRLS iteration (R's `summary.glm` `cov.unscaled`), p × p
    /// row-major, zero rows/columns for aliased columns.
    pub(crate) cov: Vec<f64>,
    pub(crate) mu: Vec<f64>,
    pub(crate) deviance: f64,
    pub(crate) iterations: usize,
    pub(crate) converged: bool,
    pub(crate) rank: usize,
}

impl GlmFit {
    pub(crate) fn p(&self) -> usize {
        self.beta.len()
    }

    pub(crate) fn beta0(&self) -> Vec<f64> {
        self.beta.iter().map(|b| b.unwrap_or(0.0)).collect()
    }

    pub(crate) fn cov(&self, i: usize, j: usize) -> f64 {
        self.cov.get(i * self.p() + j).copied().unwrap_or(f64::NAN)
    }

    /// ℓ'V ℓ.
    pub(crate) fn quad(&self, l: &[f64]) -> f64 {
        let p = self.p();
        let mut s = 0.0;
        for i in 0..p {
            let li = l.get(i).copied().unwrap_or(0.0);
            if li == 0.0 {
                continue;
            }
            for j in 0..p {
                s += li * self.cov(i, j) * l.get(j).copied().unwrap_or(0.0);
            }
        }
        s
    }

    pub(crate) fn is_aliased(&self, j: usize) -> bool {
        !matches!(self.beta.get(j), Some(Some(_)))
    }
}

/// Weighted least squares of `z` on the columns scaled by `w` (column-major copy).
fn wls(
    stat: &'static str,
    cols: &[Vec<f64>],
    w: &[f64],
    z: &[f64],
) -> Result<crate::stats::linear::LinearFit, StatError> {
    let n = z.len();
    let p = cols.len();
    let mut x = Vec::with_capacity(n * p);
    for c in cols {
        x.extend(c.iter().zip(w).map(|(a, b)| a * b));
    }
    let zw: Vec<f64> = z.iter().zip(w).map(|(a, b)| a * b).collect();
    least_squares(&x, n, p, &zw).map_err(|e| StatError::new(stat, e.message))
}

/// R's `glm.fit(x, y, family = binomial(), offset)` (prior weights 1): IRLS from
/// `mustart = (y + 0.5)/2`, convergence |dev − dev_old|/(|dev| + 0.1) < `epsilon`, at most
/// `maxit` iterations, step halving when the deviance is not finite. `eta_start` replaces the
/// start by a linear predictor (R's `etastart`), for the profile fits. Aliased columns are those
/// `least_squares` drops (tolerance 1e-7 on the weighted design; R's `glm.fit` uses
/// `min(1e-7, epsilon/1000)`: the two differ only for columns collinear to within 1e-7..1e-11).
pub(crate) fn irls(
    stat: &'static str,
    cols: &[Vec<f64>],
    y: &[f64],
    offset: Option<&[f64]>,
    eta_start: Option<&[f64]>,
    epsilon: f64,
    maxit: usize,
) -> Result<GlmFit, StatError> {
    let n = y.len();
    let p = cols.len();
    if p == 0 || n == 0 {
        return Err(StatError::new(stat, "empty model"));
    }
    let off = |i: usize| offset.and_then(|o| o.get(i)).copied().unwrap_or(0.0);
    let (mut mu, mut eta): (Vec<f64>, Vec<f64>) = match eta_start {
        Some(e) if e.len() == n => (e.iter().map(|&v| expit(v)).collect(), e.to_vec()),
        _ => {
            let mu: Vec<f64> = y.iter().map(|&v| (v + 0.5) / 2.0).collect();
            let eta = mu.iter().map(|&m| (m / (1.0 - m)).ln_d()).collect();
            (mu, eta)
        }
    };
    let mut devold = deviance(y, &mu);
    let mut coefold: Option<Vec<f64>> = None;
    let mut last = None;
    let mut converged = false;
    let mut iterations = 0;
    let mut dev = devold;
    let mut start = vec![0.0; p];
    for iter in 1..=maxit {
        iterations = iter;
        let me: Vec<f64> = eta.iter().map(|&e| mu_eta(e)).collect();
        let mut z = Vec::with_capacity(n);
        let mut w = Vec::with_capacity(n);
        for i in 0..n {
            let m = mu[i];
            let d = me[i];
            z.push(eta[i] - off(i) + (y[i] - m) / d);
            w.push((d * d / (m * (1.0 - m))).sqrt());
        }
        let fit = wls(stat, cols, &w, &z)?;
        start = fit.coefficients.iter().map(|b| b.unwrap_or(0.0)).collect();
        eta = linear_predictor(cols, &start, offset);
        mu = eta.iter().map(|&e| expit(e)).collect();
        dev = deviance(y, &mu);
        let mut halvings = 0;
        while !dev.is_finite() {
            let Some(old) = &coefold else {
                return Err(StatError::new(
                    stat,
                    "no valid set of coefficients has been found (the deviance is not finite)",
                ));
            };
            if halvings >= maxit {
                return Err(StatError::new(stat, "inner loop: cannot correct step size"));
            }
            halvings += 1;
            start = start.iter().zip(old).map(|(a, b)| (a + b) / 2.0).collect();
            eta = linear_predictor(cols, &start, offset);
            mu = eta.iter().map(|&e| expit(e)).collect();
            dev = deviance(y, &mu);
        }
        last = Some(fit);
        if (dev - devold).abs() / (dev.abs() + 0.1) < epsilon {
            converged = true;
            break;
        }
        devold = dev;
        coefold = Some(start.clone());
    }
    let fit = last.ok_or_else(|| StatError::new(stat, "no iteration was run"))?;
    let beta = fit
        .coefficients
        .iter()
        .zip(&start)
        .map(|(c, &b)| c.map(|_| b))
        .collect();
    Ok(GlmFit {
        beta,
        cov: fit.cov_unscaled,
        mu,
        deviance: dev,
        iterations,
        converged,
        rank: fit.rank,
    })
}

/// Whether the maximum-likelihood estimate exists, by the linear programme of Albert &
/// Anderson (1984) / Silvapulle (1981): with zᵢ = (2yᵢ − 1)xᵢ (kept columns only), the MLE is
/// finite iff some λ with every λᵢ > 0 has Σλᵢzᵢ = 0 (Stiemke's lemma); otherwise a direction d
/// with zᵢ'd ≥ 0 for all i and > 0 for some exists: (quasi-)complete separation. The feasibility
/// of {λ ≥ 1, Z'λ = 0} is decided by phase 1 of the simplex method (Bland's rule, capped);
/// `Some(d)` returns a separating direction (from the phase-1 duals), `None` when the MLE exists.
/// (Konis 2007's `detectseparation` solves an equivalent LP.)
pub(crate) fn separation_direction(cols: &[Vec<f64>], y: &[f64]) -> Option<Vec<f64>> {
    let n = y.len();
    let p = cols.len();
    if p == 0 || n == 0 {
        return None;
    }
    // Column scaling of Z (the constraint rows) for conditioning.
    let scale: Vec<f64> = cols
        .iter()
        .map(|c| {
            let m = c.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
            if m > 0.0 {
                m
            } else {
                1.0
            }
        })
        .collect();
    let s: Vec<f64> = y.iter().map(|&v| 2.0 * v - 1.0).collect();
    // The subjects enter the LP in a canonical order (by their row zᵢ, lexicographically), so
    // that the direction found (not unique under complete separation) and the terms it names
    // do not depend on the order of the rows in the data; equal rows are interchangeable.
    let z = |i: usize, j: usize| s[i] * cols[j].get(i).copied().unwrap_or(0.0);
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| {
        (0..p)
            .map(|j| z(a, j).total_cmp(&z(b, j)))
            .find(|o| o.is_ne())
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    // Rows j: Σᵢ μᵢ zᵢⱼ + aⱼ = cⱼ = −Σᵢ zᵢⱼ (sign-flipped so cⱼ ≥ 0).
    let width = n + p;
    let mut tab = vec![vec![0.0; width + 1]; p];
    let mut flip = vec![1.0; p];
    for j in 0..p {
        let mut c = 0.0;
        for (k, &i) in order.iter().enumerate() {
            let zij = s[i] * cols[j][i] / scale[j];
            tab[j][k] = zij;
            c -= zij;
        }
        if c < 0.0 {
            flip[j] = -1.0;
            for v in tab[j].iter_mut().take(n) {
                *v = -*v;
            }
            c = -c;
        }
        tab[j][n + j] = 1.0;
        tab[j][width] = c;
    }
    let mut basis: Vec<usize> = (n..n + p).collect();
    let total: f64 = tab.iter().map(|r| r[width]).sum();
    let tol = 1e-9;
    // Reduced costs of phase 1 (minimise Σ aⱼ): d_k = c_k − Σ_rows tab[r][k].
    let max_pivots = 50 * (n + p) + 100;
    for _ in 0..max_pivots {
        let mut enter = None;
        for k in 0..width {
            let cost = if k >= n { 1.0 } else { 0.0 };
            let rc = cost - basic_cost_dot(&tab, &basis, n, k);
            if rc < -tol {
                enter = Some(k);
                break;
            }
        }
        let Some(k) = enter else { break };
        let mut leave: Option<(usize, f64)> = None;
        for (r, row) in tab.iter().enumerate() {
            if row[k] > tol {
                let ratio = row[width] / row[k];
                let better = match leave {
                    None => true,
                    Some((lr, lv)) => {
                        ratio < lv - 1e-12 || ((ratio - lv).abs() <= 1e-12 && basis[r] < basis[lr])
                    }
                };
                if better {
                    leave = Some((r, ratio));
                }
            }
        }
        let Some((r, _)) = leave else { break };
        let piv = tab[r][k];
        for v in tab[r].iter_mut() {
            *v /= piv;
        }
        let prow = tab[r].clone();
        for (q, row) in tab.iter_mut().enumerate() {
            if q != r {
                let f = row[k];
                if f != 0.0 {
                    for (v, pv) in row.iter_mut().zip(&prow) {
                        *v -= f * pv;
                    }
                }
            }
        }
        basis[r] = k;
    }
    let objective: f64 = basis
        .iter()
        .zip(&tab)
        .filter(|(&b, _)| b >= n)
        .map(|(_, row)| row[width])
        .sum();
    if objective <= 1e-7 * (1.0 + total) {
        return None;
    }
    // Duals yⱼ = 1 − reduced cost of aⱼ; d = −y (unflipped, unscaled) separates.
    let d: Vec<f64> = (0..p)
        .map(|j| {
            let rc = 1.0 - basic_cost_dot(&tab, &basis, n, n + j);
            -(1.0 - rc) * flip[j] / scale[j]
        })
        .collect();
    Some(d)
}

/// Σ_r c_{B(r)} · tab[r][k] with phase-1 costs (1 for artificial columns ≥ n, else 0).
fn basic_cost_dot(tab: &[Vec<f64>], basis: &[usize], n: usize, k: usize) -> f64 {
    tab.iter()
        .zip(basis)
        .filter(|(_, &b)| b >= n)
        .map(|(r, _)| r.get(k).copied().unwrap_or(0.0))
        .sum()
}

/// Penalised (Firth 1993) fit: maximises l(β) + ½ log|X'WX| by Fisher scoring on the
/// modified score U*(β) = X'(y − μ + h(½ − μ)), h the diagonal of W½X(X'WX)⁻¹X'W½ (for the
/// logit link the `brglm2::brglmFit(type = "AS_mean")` adjustment equals Firth's Jeffreys-prior
/// penalty), steps capped at 5 in each coordinate and halved while the penalised
/// log-likelihood decreases (as `logistf`). Columns with `fixed[j] = Some(v)` are held at v (the
/// constrained fit of the penalised likelihood-ratio test, whose penalty still uses all columns,
/// Heinze & Schemper 2002). Converged when max|step| < 1e-11; at most 200 iterations.
pub(crate) struct FirthFit {
    pub(crate) beta: Vec<f64>,
    /// (X'WX)⁻¹ at β̂ (all columns), p × p row-major.
    pub(crate) cov: Vec<f64>,
    pub(crate) pen_loglik: f64,
    pub(crate) iterations: usize,
    pub(crate) converged: bool,
}

/// μ, (X'WX)⁻¹, hat values and penalised log-likelihood at one β.
type FirthState = (Vec<f64>, Vec<f64>, Vec<f64>, f64);

fn firth_state(
    stat: &'static str,
    cols: &[Vec<f64>],
    y: &[f64],
    beta: &[f64],
) -> Result<FirthState, StatError> {
    let n = y.len();
    let p = cols.len();
    let eta = linear_predictor(cols, beta, None);
    let mu: Vec<f64> = eta.iter().map(|&e| expit(e)).collect();
    let w: Vec<f64> = mu.iter().map(|m| (m * (1.0 - m)).sqrt()).collect();
    let fit = wls(stat, cols, &w, &vec![0.0; n])?;
    if fit.rank < p {
        return Err(StatError::new(
            stat,
            "the information matrix is singular (collinear columns or fitted probabilities of 0/1)",
        ));
    }
    // log|X'WX| = −log|(X'WX)⁻¹|, the latter by a Cholesky factorisation.
    let cov = fit.cov_unscaled;
    let logdet_inv = chol_logdet(&cov, p)
        .ok_or_else(|| StatError::new(stat, "the information matrix is not positive definite"))?;
    let mut h = vec![0.0; n];
    for (i, hi) in h.iter_mut().enumerate() {
        let mut s = 0.0;
        for a in 0..p {
            let xa = cols[a][i];
            if xa == 0.0 {
                continue;
            }
            for b in 0..p {
                s += xa * cov[a * p + b] * cols[b][i];
            }
        }
        *hi = s * w[i] * w[i];
    }
    let loglik: f64 = y
        .iter()
        .zip(&mu)
        .map(|(&a, &m)| if a > 0.5 { m.ln_d() } else { (1.0 - m).ln_d() })
        .sum();
    Ok((mu, cov, h, loglik - 0.5 * logdet_inv))
}

/// log det of a symmetric positive-definite p × p matrix (Cholesky); None if not PD.
pub(crate) fn chol_logdet(a: &[f64], p: usize) -> Option<f64> {
    let mut l = vec![0.0; p * p];
    let mut logdet = 0.0;
    for j in 0..p {
        let mut d = *a.get(j * p + j)?;
        for k in 0..j {
            d -= l[j * p + k] * l[j * p + k];
        }
        if d.is_nan() || d <= 0.0 {
            return None;
        }
        let djj = d.sqrt();
        l[j * p + j] = djj;
        logdet += 2.0 * djj.ln_d();
        for i in j + 1..p {
            let mut s = *a.get(i * p + j)?;
            for k in 0..j {
                s -= l[i * p + k] * l[j * p + k];
            }
            l[i * p + j] = s / djj;
        }
    }
    Some(logdet)
}

/// Solve A x = b for symmetric positive-definite A (p × p) by Gauss–Jordan with partial pivoting.
fn solve(a: &[f64], b: &[f64], p: usize) -> Option<Vec<f64>> {
    let mut m: Vec<Vec<f64>> = (0..p)
        .map(|i| {
            let mut r: Vec<f64> = a.get(i * p..(i + 1) * p).unwrap_or(&[]).to_vec();
            r.push(b.get(i).copied().unwrap_or(0.0));
            r
        })
        .collect();
    for c in 0..p {
        let piv = (c..p).max_by(|&x, &y| m[x][c].abs().total_cmp(&m[y][c].abs()))?;
        if m[piv][c].abs() < 1e-300 {
            return None;
        }
        m.swap(c, piv);
        let prow = m[c].clone();
        for (r, row) in m.iter_mut().enumerate() {
            if r != c {
                let f = row[c] / prow[c];
                if f != 0.0 {
                    for (v, pv) in row.iter_mut().zip(&prow) {
                        *v -= f * pv;
                    }
                }
            }
        }
    }
    Some((0..p).map(|i| m[i][p] / m[i][i]).collect())
}

pub(crate) fn firth(
    stat: &'static str,
    cols: &[Vec<f64>],
    y: &[f64],
    fixed: &[Option<f64>],
    start: Option<&[f64]>,
) -> Result<FirthFit, StatError> {
    let p = cols.len();
    let free: Vec<usize> = (0..p)
        .filter(|&j| fixed.get(j).copied().flatten().is_none())
        .collect();
    let mut beta = match start {
        Some(b) if b.len() == p => b.to_vec(),
        _ => vec![0.0; p],
    };
    for (b, f) in beta.iter_mut().zip(fixed) {
        if let Some(v) = f {
            *b = *v;
        }
    }
    let (mut mu, mut cov, mut h, mut pl) = firth_state(stat, cols, y, &beta)?;
    let mut converged = false;
    let mut iterations = 0;
    for iter in 1..=200 {
        iterations = iter;
        // Modified score and Fisher information on the free columns.
        let resid: Vec<f64> = y
            .iter()
            .zip(&mu)
            .zip(&h)
            .map(|((&a, &m), &hi)| a - m + hi * (0.5 - m))
            .collect();
        let q = free.len();
        let score: Vec<f64> = free
            .iter()
            .map(|&j| cols[j].iter().zip(&resid).map(|(x, r)| x * r).sum())
            .collect();
        let mut info = vec![0.0; q * q];
        for (a, &ja) in free.iter().enumerate() {
            for (b, &jb) in free.iter().enumerate().skip(a) {
                let s: f64 = cols[ja]
                    .iter()
                    .zip(&cols[jb])
                    .zip(&mu)
                    .map(|((xa, xb), m)| xa * xb * m * (1.0 - m))
                    .sum();
                info[a * q + b] = s;
                info[b * q + a] = s;
            }
        }
        let mut step = solve(&info, &score, q)
            .ok_or_else(|| StatError::new(stat, "singular information matrix in the Firth fit"))?;
        let mx = step.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
        if !mx.is_finite() {
            return Err(StatError::new(stat, "the Firth fit diverged"));
        }
        if mx > 5.0 {
            for s in step.iter_mut() {
                *s *= 5.0 / mx;
            }
        }
        let mut accepted = None;
        let mut f = 1.0;
        for _ in 0..30 {
            let mut nb = beta.clone();
            for (k, &j) in free.iter().enumerate() {
                nb[j] += f * step[k];
            }
            match firth_state(stat, cols, y, &nb) {
                Ok(st) if st.3 >= pl - 1e-12 * pl.abs().max(1.0) => {
                    accepted = Some((nb, st));
                    break;
                }
                _ => f /= 2.0,
            }
        }
        let Some((nb, st)) = accepted else {
            break;
        };
        beta = nb;
        (mu, cov, h, pl) = st;
        if mx * f < 1e-11 {
            converged = true;
            break;
        }
    }
    Ok(FirthFit {
        beta,
        cov,
        pen_loglik: pl,
        iterations,
        converged,
    })
}

/// Brent's root finder on [a, b] with f(a), f(b) of opposite signs; `None` if not bracketed.
pub(crate) fn brent<F: FnMut(f64) -> Option<f64>>(
    mut f: F,
    mut a: f64,
    mut b: f64,
    mut fa: f64,
    mut fb: f64,
    tol: f64,
) -> Option<f64> {
    if fa == 0.0 {
        return Some(a);
    }
    if fb == 0.0 {
        return Some(b);
    }
    if fa.signum() == fb.signum() {
        return None;
    }
    let mut c = a;
    let mut fc = fa;
    let mut d = b - a;
    let mut e = d;
    for _ in 0..300 {
        if fb.signum() == fc.signum() {
            c = a;
            fc = fa;
            d = b - a;
            e = d;
        }
        if fc.abs() < fb.abs() {
            a = b;
            b = c;
            c = a;
            fa = fb;
            fb = fc;
            fc = fa;
        }
        let tol1 = 2.0 * f64::EPSILON * b.abs() + 0.5 * tol;
        let xm = 0.5 * (c - b);
        if xm.abs() <= tol1 || fb == 0.0 {
            return Some(b);
        }
        if e.abs() >= tol1 && fa.abs() > fb.abs() {
            let s = fb / fa;
            let (mut pp, mut qq);
            if a == c {
                pp = 2.0 * xm * s;
                qq = 1.0 - s;
            } else {
                let q0 = fa / fc;
                let r = fb / fc;
                pp = s * (2.0 * xm * q0 * (q0 - r) - (b - a) * (r - 1.0));
                qq = (q0 - 1.0) * (r - 1.0) * (s - 1.0);
            }
            if pp > 0.0 {
                qq = -qq;
            }
            pp = pp.abs();
            if 2.0 * pp < (3.0 * xm * qq - (tol1 * qq).abs()).min((e * qq).abs()) {
                e = d;
                d = pp / qq;
            } else {
                d = xm;
                e = d;
            }
        } else {
            d = xm;
            e = d;
        }
        a = b;
        fa = fb;
        b += if d.abs() > tol1 {
            d
        } else {
            tol1 * xm.signum()
        };
        fb = f(b)?;
    }
    Some(b)
}
