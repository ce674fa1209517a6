//! Resampling engine: permutation tests and bootstrap confidence intervals, in fixed blocks of
//! replicates so that several workers (Web Workers) can share a run and still return the same
//! numbers, to the bit, whatever the split.
//!
//! # Blocks and seeds
//! A run of `B` replicates with seed `seed` is cut into [`block_count`]`(B) = ⌈B / BLOCK⌉`
//! blocks of [`BLOCK`] replicates (the last one shorter, [`block_len`]). Block `b` draws from
//! its own generator [`rng::Xoshiro256::for_block`]`(seed, b)` and starts from the data in their
//! input order (grouped by stratum and arm), so its replicates depend on `(seed, b)` and the
//! data only. A worker computes a contiguous range of blocks ([`worker_blocks`] splits
//! `0..block_count(B)` evenly); the lead combines the results in block order: permutation counts
//! are summed ([`permutation::PermutationCounts::combine`]), bootstrap replicates concatenated.
//! Same data, seed and `B` ⇒ the same result for any number of workers.
//!
//! ```text
//! worker w of W:  p = PermutationProblem::mean_difference(values, active, strata)?;
//!                 counts_w = p.monte_carlo_blocks(seed, worker_blocks(B, W, w)?, B)?;
//! lead:           test = p.monte_carlo_summary(&(counts_0.combine(counts_1)...))?;
//! worker w of W:  b = BootstrapProblem::continuous(stat, values, active, strata)?;
//!                 t_w = b.blocks(seed, worker_blocks(B, W, w)?, B)?;
//! lead:           t = t_0 ++ t_1 ++ …;  L = b.influence()?;
//!                 ci = bootstrap_summary(stat, b.estimate(), &t, &L, conf)?;
//! ```
//!
//! The generator is pure integer arithmetic and every statistic uses +, −, ×, ÷, √ and libm's
//! `log`/`exp` in a fixed order, so a wasm32 build gives the same numbers as a native one (a
//! pinned Monte Carlo count was checked in both).
//!
//! # Caps
//! `1 ≤ B ≤` [`MAX_REPLICATES`]; complete enumeration of a permutation distribution when the
//! number of distinct assignments is at most [`permutation::ENUMERATION_CAP`]; group sizes at
//! most `u32::MAX`.

pub mod bootstrap;
pub mod permutation;
pub mod rng;

use crate::error::StatError;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// Options of a resampling run (for [`permutation::PermutationProblem::run`] and
/// [`bootstrap::bootstrap`]); default: 10 000 replicates, seed 20 240 101, 95 %, exact when
/// feasible.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct ResampleOptions {
    /// Replicates `B` (Monte Carlo permutations or bootstrap resamples), 1 to
    /// [`MAX_REPLICATES`].
    pub replicates: u64,
    /// Seed of the run (from JavaScript, an integer below 2⁵³).
    pub seed: u64,
    /// Confidence level of the bootstrap intervals, strictly between 0 and 1.
    pub conf_level: f64,
    /// Permutation tests: the exact test when feasible (binary endpoint, or at most
    /// [`permutation::ENUMERATION_CAP`] assignments), else Monte Carlo.
    pub exact_when_feasible: bool,
}

impl Default for ResampleOptions {
    fn default() -> Self {
        ResampleOptions {
            replicates: 10_000,
            seed: 20_240_101,
            conf_level: 0.95,
            exact_when_feasible: true,
        }
    }
}

/// Replicates per block.
pub const BLOCK: u64 = 1000;

/// Largest number of replicates of a run (10⁷).
pub const MAX_REPLICATES: u64 = 10_000_000;

/// `⌈replicates / BLOCK⌉`; an error unless `1 ≤ replicates ≤ MAX_REPLICATES`.
pub fn block_count(replicates: u64) -> Result<u64, StatError> {
    check_replicates(replicates)?;
    Ok(replicates.div_ceil(BLOCK))
}

/// Number of replicates in block `block` of a run of `replicates`: [`BLOCK`], or the remainder
/// for the last block; an error for a block past the end.
pub fn block_len(replicates: u64, block: u64) -> Result<usize, StatError> {
    let blocks = block_count(replicates)?;
    if block >= blocks {
        return Err(StatError::new(
            "resampling",
            format!("block {block} does not exist: {replicates} replicates make {blocks} blocks"),
        ));
    }
    Ok((replicates - block * BLOCK).min(BLOCK) as usize)
}

/// The contiguous range of blocks of worker `worker` (0-based) of `workers`: block counts differ
/// by at most one, earlier workers take the larger share. Empty when there are more workers than
/// blocks.
pub fn worker_blocks(replicates: u64, workers: u64, worker: u64) -> Result<Range<u64>, StatError> {
    let blocks = block_count(replicates)?;
    if workers == 0 || worker >= workers {
        return Err(StatError::new(
            "resampling",
            format!("worker {worker} of {workers} does not exist"),
        ));
    }
    let (q, r) = (blocks / workers, blocks % workers);
    let start = worker * q + worker.min(r);
    let len = q + u64::from(worker < r);
    Ok(start..start + len)
}

/// Checks a block range against a run of `replicates`.
pub(crate) fn check_blocks(replicates: u64, blocks: &Range<u64>) -> Result<(), StatError> {
    let n = block_count(replicates)?;
    if blocks.start > blocks.end || blocks.end > n {
        return Err(StatError::new(
            "resampling",
            format!(
                "blocks {}..{} out of range: {replicates} replicates make {n} blocks",
                blocks.start, blocks.end
            ),
        ));
    }
    Ok(())
}

fn check_replicates(replicates: u64) -> Result<(), StatError> {
    if replicates == 0 || replicates > MAX_REPLICATES {
        return Err(StatError::new(
            "resampling",
            format!(
                "the number of replicates must be between 1 and {MAX_REPLICATES}, not {replicates}"
            ),
        ));
    }
    Ok(())
}

/// Groups subject indices by stratum label (ascending labels; input order within a stratum).
/// Checks the lengths of `strata` and that no stratum exceeds `u32::MAX` subjects.
pub(crate) fn group_by_stratum(
    n: usize,
    strata: Option<&[u32]>,
    stat: &'static str,
) -> Result<Vec<Vec<usize>>, StatError> {
    let groups = match strata {
        None => vec![(0..n).collect::<Vec<usize>>()],
        Some(s) => {
            if s.len() != n {
                return Err(StatError::new(
                    stat,
                    format!("{} stratum labels for {n} subjects", s.len()),
                ));
            }
            let mut map: std::collections::BTreeMap<u32, Vec<usize>> = Default::default();
            for (i, &k) in s.iter().enumerate() {
                map.entry(k).or_default().push(i);
            }
            map.into_values().collect()
        }
    };
    if groups.iter().any(|g| g.len() > u32::MAX as usize) {
        return Err(StatError::new(
            stat,
            "a stratum has more than 2³² − 1 subjects",
        ));
    }
    Ok(groups)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_cover_the_run() {
        assert_eq!(block_count(1).unwrap(), 1);
        assert_eq!(block_count(1000).unwrap(), 1);
        assert_eq!(block_count(1001).unwrap(), 2);
        assert_eq!(block_len(2500, 2).unwrap(), 500);
        assert_eq!(block_len(2500, 1).unwrap(), 1000);
        assert!(block_len(2500, 3).is_err());
        assert!(block_count(0).is_err());
        assert!(block_count(MAX_REPLICATES + 1).is_err());
        for workers in 1..12 {
            let mut next = 0;
            for w in 0..workers {
                let r = worker_blocks(7_500, workers, w).unwrap();
                assert_eq!(r.start, next);
                next = r.end;
            }
            assert_eq!(next, 8);
        }
        assert!(worker_blocks(7_500, 0, 0).is_err());
        assert!(worker_blocks(7_500, 3, 3).is_err());
    }
}
