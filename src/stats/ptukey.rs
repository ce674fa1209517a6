//! The studentized range distribution (R's `ptukey` / `qtukey`) and the numerical tools it
//! shares with [`super::mvt`]: adaptive Gauss–Kronrod quadrature, the density of a scaled χ
//! variable and a bracketing root finder.
//!
//! # Definition
//! For k independent N(μ, σ²) means and an independent estimate s of σ with ν degrees of
//! freedom (νs²/σ² ~ χ²_ν), the studentized range is Q = (max − min)/s. With S = s/σ,
//! whose density is f_S(s) = 2(ν/2)^{ν/2}/Γ(ν/2) · s^{ν−1} e^{−νs²/2},
//!
//! P(Q > q) = ∫₀^∞ f_S(s) R̄_k(q s) ds,  R̄_k(w) = k ∫ φ(z) [Φ(z)^{k−1} − (Φ(z) − Φ(z − w))^{k−1}] dz,
//!
//! R̄_k being the upper tail of the range of k standard normals (Hartley's form; Copenhaver &
//! Holland 1988, *J. Statist. Comput. Simul.* 30:1–15, the method of R's `ptukey`). Both
//! integrals are computed by adaptive Gauss–Kronrod (7/15) quadrature (panels bisected until
//! the Kronrod − Gauss differences sum to 1e-8 of the integral; for these smooth integrands the
//! Kronrod value is then accurate to about 1e-13, checked against 30-digit values), the tails directly (never as 1 − cdf), so small p-values keep their relative
//! accuracy. R's `ptukey` uses fixed Gauss–Legendre rules whose absolute error is about 1e-12
//! to 1e-14: our values agree with R's to 1e-6 relative wherever R's value is well above that
//! (checked in `tests/ref_anova_tables.rs`); below it R's upper tail (computed as 1 − cdf) is
//! not reliable and ours is the accurate one. Like R, for ν > 25000 the χ factor is dropped
//! (the range distribution itself, ν = ∞).
//!
//! `qtukey` here is the root of P(Q > q) = 1 − p to a relative 1e-12; R's `qtukey` stops its
//! secant iteration when successive iterates differ by less than 1e-4, so R's quantile (and
//! emmeans's Tukey intervals) can differ from the exact one in about the sixth significant
//! digit.

use statrs::function::gamma::ln_gamma;

use crate::stats::dist::{norm_cdf, norm_sf};

/// Gauss–Kronrod 15-point nodes (non-negative half) and weights, with the embedded 7-point
/// Gauss weights (QUADPACK `qk15`).
const XGK: [f64; 8] = [
    0.991_455_371_120_812_6,
    0.949_107_912_342_758_5,
    0.864_864_423_359_769_1,
    0.741_531_185_599_394_4,
    0.586_087_235_467_691_1,
    0.405_845_151_377_397_2,
    0.207_784_955_007_898_5,
    0.0,
];
const WGK: [f64; 8] = [
    0.022_935_322_010_529_22,
    0.063_092_092_629_978_55,
    0.104_790_010_322_250_2,
    0.140_653_259_715_525_9,
    0.169_004_726_639_267_9,
    0.190_350_578_064_785_4,
    0.204_432_940_075_298_9,
    0.209_482_141_084_727_8,
];
const WG: [f64; 4] = [
    0.129_484_966_168_869_7,
    0.279_705_391_489_276_7,
    0.381_830_050_505_118_9,
    0.417_959_183_673_469_4,
];

/// One Gauss–Kronrod 15 panel: (Kronrod estimate, |Kronrod − Gauss|).
fn gk15(f: &mut dyn FnMut(f64) -> f64, a: f64, b: f64) -> (f64, f64) {
    let c = 0.5 * (a + b);
    let h = 0.5 * (b - a);
    let fc = f(c);
    let mut k = fc * WGK[7];
    let mut g = fc * WG[3];
    for (j, (&x, &w)) in XGK.iter().zip(&WGK).take(7).enumerate() {
        let f1 = f(c - h * x);
        let f2 = f(c + h * x);
        k += w * (f1 + f2);
        if j % 2 == 1 {
            g += WG[j / 2] * (f1 + f2);
        }
    }
    (k * h, ((k - g) * h).abs())
}

/// ∫ f over [breaks[0], breaks[last]] by globally adaptive Gauss–Kronrod (7/15), starting from
/// the panels between consecutive `breaks` and bisecting the panel of largest error until the
/// total error estimate is at most `rel`·|integral| (or `abs_tol`), or `max_panels` panels are
/// in use. Returns (integral, error estimate). Non-finite integrand values propagate as NaN.
pub(crate) fn integrate(
    f: &mut dyn FnMut(f64) -> f64,
    breaks: &[f64],
    rel: f64,
    abs_tol: f64,
    max_panels: usize,
) -> (f64, f64) {
    let mut panels: Vec<(f64, f64, f64, f64)> = Vec::new();
    for w in breaks.windows(2) {
        if let [a, b] = *w {
            if b > a {
                let (v, e) = gk15(f, a, b);
                panels.push((a, b, v, e));
            }
        }
    }
    loop {
        let total: f64 = panels.iter().map(|p| p.2).sum();
        let err: f64 = panels.iter().map(|p| p.3).sum();
        if !total.is_finite() || !err.is_finite() {
            return (f64::NAN, f64::NAN);
        }
        if err <= (rel * total.abs()).max(abs_tol) || panels.len() >= max_panels {
            return (total, err);
        }
        // Bisect the panel with the largest error.
        let mut worst = 0;
        for (i, p) in panels.iter().enumerate() {
            if p.3 > panels.get(worst).map_or(0.0, |w| w.3) {
                worst = i;
            }
        }
        let (a, b, _, _) = panels.swap_remove(worst);
        let m = 0.5 * (a + b);
        if !(m > a && m < b) {
            // The panel cannot be split further in floating point.
            let total: f64 = panels.iter().map(|p| p.2).sum();
            return (total, err);
        }
        let (v1, e1) = gk15(f, a, m);
        let (v2, e2) = gk15(f, m, b);
        panels.push((a, m, v1, e1));
        panels.push((m, b, v2, e2));
    }
}

/// Relative bound on the summed Kronrod − Gauss differences (the error estimate of the 7-point
/// rule; the 15-point Kronrod value returned is far more accurate).
pub(crate) const REL_TOL: f64 = 1e-8;
/// Panels allowed per integral (bounds the work).
pub(crate) const MAX_PANELS: usize = 600;

/// Above this many degrees of freedom R's `ptukey` uses the range distribution (ν = ∞).
pub const DF_LARGE: f64 = 25_000.0;

/// Density of S = √(χ²_ν/ν) at s.
pub(crate) fn chi_scaled_density(s: f64, nu: f64) -> f64 {
    if s <= 0.0 {
        return if s == 0.0 && nu == 1.0 {
            (2.0 / std::f64::consts::PI).sqrt()
        } else {
            0.0
        };
    }
    let h = 0.5 * nu;
    (std::f64::consts::LN_2 + h * h.ln() - ln_gamma(h) + (nu - 1.0) * s.ln() - h * s * s).exp()
}

/// E[g(S)] for S = √(χ²_ν/ν), by adaptive quadrature over the bulk of its density (from its
/// mode ± 40 standard deviations, truncated at 0).
pub(crate) fn chi_expectation(g: &mut dyn FnMut(f64) -> f64, nu: f64, rel: f64) -> f64 {
    let mode = ((nu - 1.0).max(0.0) / nu).sqrt();
    let sd = (0.5 / nu).sqrt().max(1e-300);
    let mut breaks: Vec<f64> = [
        -40.0, -10.0, -5.0, -2.5, -1.0, 0.0, 1.0, 2.5, 5.0, 10.0, 40.0,
    ]
    .iter()
    .map(|d| (mode + d * sd).max(0.0))
    .collect();
    breaks.dedup();
    let mut f = |s: f64| {
        let d = chi_scaled_density(s, nu);
        if d == 0.0 {
            0.0
        } else {
            d * g(s)
        }
    };
    integrate(&mut f, &breaks, rel, 1e-300, MAX_PANELS).0
}

/// Break points for an integral over z of φ(z)·(…): the normal's bulk plus points around `c`.
pub(crate) fn z_breaks(centres: &[f64]) -> Vec<f64> {
    let mut b = vec![-39.0, -9.0, -3.0, 0.0, 3.0, 9.0, 39.0];
    for &c in centres {
        if c.is_finite() && c > -39.0 && c < 39.0 {
            b.push(c);
        }
    }
    crate::sort::sort_f64(&mut b);
    b.dedup();
    b
}

fn phi(z: f64) -> f64 {
    (-0.5 * z * z).exp() / (2.0 * std::f64::consts::PI).sqrt()
}

/// (lower, upper) tails of the range W of k standard normals at w: P(W ≤ w), P(W > w), each
/// computed directly.
fn range_tails(w: f64, k: f64) -> (f64, f64) {
    if w <= 0.0 {
        return (0.0, 1.0);
    }
    if w.is_infinite() {
        return (1.0, 0.0);
    }
    let m = k - 1.0;
    // Upper: k ∫ φ(z) A^m (1 − (1 − D/A)^m), A = Φ(z), D = Φ(z − w).
    let mut upper_f = |z: f64| {
        let a = norm_cdf(z);
        if a <= 0.0 {
            return 0.0;
        }
        let d = norm_cdf(z - w);
        let r = (d / a).min(1.0);
        let tail = -(m * (-r).ln_1p()).exp_m1();
        k * phi(z) * a.powf(m) * tail
    };
    let breaks = z_breaks(&[0.5 * w, w]);
    let upper = integrate(&mut upper_f, &breaks, REL_TOL, 1e-300, MAX_PANELS)
        .0
        .clamp(0.0, 1.0);
    if upper < 0.5 {
        return (1.0 - upper, upper);
    }
    // Lower: k ∫ φ(z) (Φ(z) − Φ(z − w))^m, with Φ(z) − Φ(z − w) = P(z − w < Z ≤ z) accurately.
    let mut lower_f = |z: f64| {
        let b = if z - w > 0.0 {
            norm_sf(z - w) - norm_sf(z)
        } else {
            norm_cdf(z) - norm_cdf(z - w)
        };
        if b <= 0.0 {
            0.0
        } else {
            k * phi(z) * b.powf(m)
        }
    };
    let lower = integrate(&mut lower_f, &breaks, REL_TOL, 1e-300, MAX_PANELS)
        .0
        .clamp(0.0, 1.0);
    (lower, 1.0 - lower)
}

/// (lower, upper) tails of the studentized range: (P(Q ≤ q), P(Q > q)) for `k` means and `df`
/// degrees of freedom; NaN for k < 2, df ≤ 0 or NaN input.
pub fn ptukey_tails(q: f64, k: f64, df: f64) -> (f64, f64) {
    if q.is_nan() || k.is_nan() || df.is_nan() || k < 2.0 || df <= 0.0 {
        return (f64::NAN, f64::NAN);
    }
    if q <= 0.0 {
        return (0.0, 1.0);
    }
    if q.is_infinite() {
        return (1.0, 0.0);
    }
    if df > DF_LARGE {
        return range_tails(q, k);
    }
    let upper = chi_expectation(&mut |s| range_tails(q * s, k).1, df, REL_TOL).clamp(0.0, 1.0);
    if upper < 0.5 {
        return (1.0 - upper, upper);
    }
    let lower = chi_expectation(&mut |s| range_tails(q * s, k).0, df, REL_TOL).clamp(0.0, 1.0);
    (lower, 1.0 - lower)
}

/// P(Q ≤ q), as R's `ptukey(q, k, df)`.
pub fn ptukey(q: f64, k: f64, df: f64) -> f64 {
    ptukey_tails(q, k, df).0
}

/// P(Q > q), as R's `ptukey(q, k, df, lower.tail = FALSE)` (computed directly). The Tukey
/// (Tukey–Kramer) p-value of a pairwise difference with statistic t among k means is
/// `ptukey_sf(√2·|t|, k, df)` (emmeans's `adjust = "tukey"`; SAS `ADJUST=TUKEY`).
pub fn ptukey_sf(q: f64, k: f64, df: f64) -> f64 {
    ptukey_tails(q, k, df).1
}

/// The root of a decreasing function `g` on (lo, hi) with g(lo) > 0 > g(hi), by bisection
/// safeguarded secant (Illinois) steps, to |Δx| ≤ `tol`·x; at most 200 evaluations.
pub(crate) fn decreasing_root(g: &mut dyn FnMut(f64) -> f64, lo: f64, hi: f64, tol: f64) -> f64 {
    let (mut a, mut b) = (lo, hi);
    let (mut ga, mut gb) = (g(a), g(b));
    if !(ga.is_finite() && gb.is_finite()) || ga < 0.0 || gb > 0.0 {
        return f64::NAN;
    }
    let mut side = 0i8;
    for _ in 0..200 {
        if (b - a).abs() <= tol * b.abs().max(a.abs()) {
            break;
        }
        let mut x = if ga != gb {
            b - gb * (b - a) / (gb - ga)
        } else {
            0.5 * (a + b)
        };
        if !(x > a.min(b) && x < a.max(b)) {
            x = 0.5 * (a + b);
        }
        let gx = g(x);
        if !gx.is_finite() {
            return f64::NAN;
        }
        if gx == 0.0 {
            return x;
        }
        if gx > 0.0 {
            a = x;
            ga = gx;
            if side == 1 {
                gb *= 0.5;
            }
            side = 1;
        } else {
            b = x;
            gb = gx;
            if side == -1 {
                ga *= 0.5;
            }
            side = -1;
        }
    }
    0.5 * (a + b)
}

/// Quantile of the studentized range: q with P(Q ≤ q) = p, to 1e-12 relative (R's `qtukey(p,
/// k, df)` is within about 1e-6 of it, see the module notes). The Tukey simultaneous interval of
/// a pairwise difference is estimate ∓ qtukey(conf, k, df)/√2 · SE. NaN for p outside (0, 1),
/// k < 2 or df ≤ 0.
pub fn qtukey(p: f64, k: f64, df: f64) -> f64 {
    if !(p > 0.0 && p < 1.0) || k.is_nan() || k < 2.0 || df.is_nan() || df <= 0.0 {
        return f64::NAN;
    }
    let alpha = 1.0 - p;
    // Work with log tail probabilities: g(q) = ln P(Q > q) − ln α, decreasing in q.
    let mut g = |q: f64| {
        let (lo, up) = ptukey_tails(q, k, df);
        if alpha < 0.5 {
            up.ln() - alpha.ln()
        } else {
            p.ln() - lo.ln()
        }
    };
    let mut hi = 4.0;
    let mut n = 0;
    while g(hi) > 0.0 {
        hi *= 2.0;
        n += 1;
        if n > 60 {
            return f64::NAN;
        }
    }
    let mut lo = hi * 0.5;
    let mut n = 0;
    while g(lo) < 0.0 {
        lo *= 0.5;
        n += 1;
        if n > 60 {
            return 0.0;
        }
    }
    decreasing_root(&mut g, lo, hi, 1e-13)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_of_two_is_folded_normal() {
        // W = |Z1 − Z2| ~ √2|Z|: P(W > w) = 2 P(Z > w/√2).
        for w in [0.1, 1.0, 3.0, 8.0] {
            let (_, up) = range_tails(w, 2.0);
            let want = 2.0 * norm_sf(w / std::f64::consts::SQRT_2);
            assert!((up / want - 1.0).abs() < 1e-10, "{w}: {up} vs {want}");
        }
    }

    #[test]
    fn two_means_is_t() {
        // Q for k = 2 is √2·|T_ν|.
        for (t, df) in [(1.0, 5.0), (2.5, 20.0), (6.0, 10.0)] {
            let p = ptukey_sf(std::f64::consts::SQRT_2 * t, 2.0, df);
            let want = crate::stats::dist::t_two_sided_p(t, df);
            assert!((p / want - 1.0).abs() < 1e-9, "{t} {df}: {p} vs {want}");
        }
    }

    #[test]
    fn quantile_inverts() {
        let q = qtukey(0.95, 3.0, 26.0);
        assert!((ptukey(q, 3.0, 26.0) - 0.95).abs() < 1e-12);
        assert!(qtukey(1.0, 3.0, 26.0).is_nan());
        assert!(ptukey(1.0, 1.0, 26.0).is_nan());
        assert_eq!(ptukey_sf(0.0, 3.0, 5.0), 1.0);
    }
}
