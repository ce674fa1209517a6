//! Bivariate normal upper orthant probability P(X > h, Y > k) for standard normals with
//! correlation r: Genz's BVND (Genz 2004, "Numerical computation of rectangular bivariate and
//! trivariate normal and t probabilities", *Statistics and Computing* 14:251–260; TVPACK), the
//! algorithm behind `mvtnorm::pmvnorm(algorithm = TVPACK())` for two dimensions: Drezner &
//! Wesolowsky's (1990) Gauss–Legendre integration of Plackett's formula for |r| < 0.925 and an
//! asymptotic expansion about |r| = 1 otherwise. Absolute accuracy about 1e-15.

use crate::stats::dist::norm_cdf;

const TWOPI: f64 = std::f64::consts::TAU;

// Gauss–Legendre half-rules with 6, 12 and 20 points (TVPACK's tables).
const W6: [f64; 3] = [
    0.171_324_492_379_170_5,
    0.360_761_573_048_138_4,
    0.467_913_934_572_690_4,
];
const X6: [f64; 3] = [
    -0.932_469_514_203_152_2,
    -0.661_209_386_466_264_7,
    -0.238_619_186_083_197,
];
const W12: [f64; 6] = [
    0.471_753_363_865_117_7e-1,
    0.106_939_325_995_318_3,
    0.160_078_328_543_346_4,
    0.203_167_426_723_065_9,
    0.233_492_536_538_354_7,
    0.249_147_045_813_402_9,
];
const X12: [f64; 6] = [
    -0.981_560_634_246_719_1,
    -0.904_117_256_370_475,
    -0.769_902_674_194_305,
    -0.587_317_954_286_617_1,
    -0.367_831_498_998_180_2,
    -0.125_233_408_511_469_2,
];
const W20: [f64; 10] = [
    0.176_140_071_391_521_2e-1,
    0.406_014_298_003_869_4e-1,
    0.626_720_483_341_090_6e-1,
    0.832_767_415_767_047_5e-1,
    0.101_930_119_817_240_4,
    0.118_194_531_961_518_4,
    0.131_688_638_449_176_6,
    0.142_096_109_318_382_1,
    0.149_172_986_472_603_7,
    0.152_753_387_130_725_9,
];
const X20: [f64; 10] = [
    -0.993_128_599_185_094_9,
    -0.963_971_927_277_913_8,
    -0.912_234_428_251_326,
    -0.839_116_971_822_218_8,
    -0.746_331_906_460_150_8,
    -0.636_053_680_726_515,
    -0.510_867_001_950_827_1,
    -0.373_706_088_715_419_6,
    -0.227_785_851_141_645_1,
    -0.765_265_211_334_973_3e-1,
];

/// P(X > h, Y > k) for (X, Y) standard bivariate normal with correlation r ∈ [−1, 1]
/// (TVPACK's `BVND(h, k, r)`; `pmvnorm(lower = c(h, k), upper = c(Inf, Inf), corr = ...)`).
/// r = ±1 gives the degenerate limits. NaN for NaN arguments or |r| > 1.
pub fn bvn_upper(h: f64, k: f64, r: f64) -> f64 {
    if h.is_nan() || k.is_nan() || r.is_nan() || r.abs() > 1.0 {
        return f64::NAN;
    }
    // infinite limits
    if h == f64::INFINITY || k == f64::INFINITY {
        return 0.0;
    }
    if h == f64::NEG_INFINITY {
        return norm_cdf(-k);
    }
    if k == f64::NEG_INFINITY {
        return norm_cdf(-h);
    }
    let (w, x): (&[f64], &[f64]) = if r.abs() < 0.3 {
        (&W6, &X6)
    } else if r.abs() < 0.75 {
        (&W12, &X12)
    } else {
        (&W20, &X20)
    };
    let h0 = h;
    let mut k = k;
    let mut hk = h0 * k;
    let mut bvn = 0.0;
    if r.abs() < 0.925 {
        let hs = (h0 * h0 + k * k) / 2.0;
        let asr = r.asin();
        for (wi, xi) in w.iter().zip(x) {
            let sn = (asr * (xi + 1.0) / 2.0).sin();
            bvn += wi * ((sn * hk - hs) / (1.0 - sn * sn)).exp();
            let sn = (asr * (-xi + 1.0) / 2.0).sin();
            bvn += wi * ((sn * hk - hs) / (1.0 - sn * sn)).exp();
        }
        bvn = bvn * asr / (2.0 * TWOPI) + norm_cdf(-h0) * norm_cdf(-k);
    } else {
        if r < 0.0 {
            k = -k;
            hk = -hk;
        }
        if r.abs() < 1.0 {
            let as_ = (1.0 - r) * (1.0 + r);
            let mut a = as_.sqrt();
            let bs = (h0 - k) * (h0 - k);
            let c = (4.0 - hk) / 8.0;
            let d = (12.0 - hk) / 16.0;
            bvn = a
                * (-(bs / as_ + hk) / 2.0).exp()
                * (1.0 - c * (bs - as_) * (1.0 - d * bs / 5.0) / 3.0 + c * d * as_ * as_ / 5.0);
            if hk > -160.0 {
                let b = bs.sqrt();
                bvn -= (-hk / 2.0).exp()
                    * TWOPI.sqrt()
                    * norm_cdf(-b / a)
                    * b
                    * (1.0 - c * bs * (1.0 - d * bs / 5.0) / 3.0);
            }
            a /= 2.0;
            for (wi, xi) in w.iter().zip(x) {
                let xs = (a * (xi + 1.0)) * (a * (xi + 1.0));
                let rs = (1.0 - xs).sqrt();
                bvn += a
                    * wi
                    * ((-bs / (2.0 * xs) - hk / (1.0 + rs)).exp() / rs
                        - (-(bs / xs + hk) / 2.0).exp() * (1.0 + c * xs * (1.0 + d * xs)));
                let xs = as_ * (-xi + 1.0) * (-xi + 1.0) / 4.0;
                let rs = (1.0 - xs).sqrt();
                bvn += a
                    * wi
                    * (-(bs / xs + hk) / 2.0).exp()
                    * ((-hk * (1.0 - rs) / (2.0 * (1.0 + rs))).exp() / rs
                        - (1.0 + c * xs * (1.0 + d * xs)));
            }
            bvn = -bvn / TWOPI;
        }
        if r > 0.0 {
            bvn += norm_cdf(-h0.max(k));
        } else {
            bvn = -bvn;
            if k > h0 {
                if h0 < 0.0 {
                    bvn += norm_cdf(k) - norm_cdf(h0);
                } else {
                    bvn += norm_cdf(-h0) - norm_cdf(-k);
                }
            }
        }
    }
    bvn.clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn special_values() {
        // independence: product of the margins
        let p = bvn_upper(0.3, -0.7, 0.0);
        assert!((p - norm_cdf(-0.3) * norm_cdf(0.7)).abs() < 1e-15);
        // P(X > 0, Y > 0) = 1/4 + asin(r)/(2π)
        for r in [-0.95, -0.5, 0.2, 0.8, 0.93, 0.999] {
            let want = 0.25 + f64::asin(r) / TWOPI;
            assert!((bvn_upper(0.0, 0.0, r) - want).abs() < 1e-14, "r = {r}");
        }
        // r = 1: P(X > max(h, k)); r = −1: P(h < X < −k)
        assert!((bvn_upper(0.5, 1.0, 1.0) - norm_cdf(-1.0)).abs() < 1e-15);
        assert!((bvn_upper(-1.0, -0.5, -1.0) - (norm_cdf(0.5) - norm_cdf(-1.0))).abs() < 1e-15);
        assert_eq!(bvn_upper(1.0, 1.0, -1.0), 0.0);
        assert!(bvn_upper(0.0, 0.0, 1.5).is_nan());
    }
}
