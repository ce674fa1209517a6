//! A small reproducible pseudo-random generator for the power simulations: xoshiro256**
//! (Blackman & Vigna 2021, *ACM TOMS* 47(4):36) seeded through SplitMix64 (Steele, Lea &
//! Flood 2014), integer operations only; uniforms are the top 53 bits / 2⁵³; normals by the
//! Box–Muller transform with `libm`'s log, sin and cos (the same code on every target), so the
//! native and the WebAssembly builds draw identical numbers from a seed.

/// xoshiro256** state.
#[derive(Debug, Clone)]
pub struct Xoshiro256 {
    s: [u64; 4],
    spare: Option<f64>,
}

fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

impl Xoshiro256 {
    /// State from four SplitMix64 outputs of `seed`.
    pub fn new(seed: u64) -> Self {
        let mut sm = seed;
        let s = [
            splitmix64(&mut sm),
            splitmix64(&mut sm),
            splitmix64(&mut sm),
            splitmix64(&mut sm),
        ];
        Xoshiro256 { s, spare: None }
    }

    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// Uniform on [0, 1): (bits >> 11)·2⁻⁵³.
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / 9_007_199_254_740_992.0)
    }

    /// Uniform integer in 0..n (n ≥ 1) by Lemire's multiply-shift with rejection (unbiased).
    pub fn below(&mut self, n: u64) -> u64 {
        if n <= 1 {
            return 0;
        }
        let threshold = n.wrapping_neg() % n;
        // each try succeeds with probability > 1/2; 64 tries bound the loop
        for _ in 0..64 {
            let m = (self.next_u64() as u128) * (n as u128);
            if (m as u64) >= threshold {
                return (m >> 64) as u64;
            }
        }
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }

    /// Standard normal by Box–Muller (pairs; the second value is kept for the next call).
    pub fn normal(&mut self) -> f64 {
        if let Some(z) = self.spare.take() {
            return z;
        }
        // u1 in (0, 1]
        let u1 = 1.0 - self.uniform();
        let u2 = self.uniform();
        let r = libm::sqrt(-2.0 * libm::log(u1));
        let th = std::f64::consts::TAU * u2;
        self.spare = Some(r * libm::sin(th));
        r * libm::cos(th)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOLD_U64: [u64; 3] = [
        1_546_998_764_402_558_742,
        6_990_951_692_964_543_102,
        12_544_586_762_248_559_009,
    ];
    const GOLD_NORMAL: [u64; 3] = [
        4_612_296_859_478_074_073,
        13_816_472_109_171_524_491,
        13_822_969_882_619_371_617,
    ];

    #[test]
    fn golden_stream() {
        // pinned values: a change of algorithm or of libm shows here (and on wasm32)
        let mut g = Xoshiro256::new(42);
        let a = [g.next_u64(), g.next_u64(), g.next_u64()];
        let z = [g.normal(), g.normal(), g.normal()];
        assert_eq!(a, GOLD_U64);
        assert_eq!(z.map(f64::to_bits), GOLD_NORMAL);
    }

    #[test]
    fn reference_stream_and_moments() {
        // SplitMix64 from 0: the published first output 0xe220a8397b1dcdaf
        let mut s = 0u64;
        assert_eq!(splitmix64(&mut s), 0xe220_a839_7b1d_cdaf);
        let mut g = Xoshiro256::new(42);
        let mut h = Xoshiro256::new(42);
        for _ in 0..10 {
            assert_eq!(g.next_u64(), h.next_u64());
        }
        let n = 20_000;
        let (mut s1, mut s2) = (0.0, 0.0);
        for _ in 0..n {
            let z = g.normal();
            s1 += z;
            s2 += z * z;
        }
        let m = s1 / n as f64;
        let v = s2 / n as f64 - m * m;
        assert!(
            m.abs() < 0.03 && (v - 1.0).abs() < 0.04,
            "mean {m}, var {v}"
        );
        for _ in 0..1000 {
            assert!(g.below(7) < 7);
        }
    }
}
