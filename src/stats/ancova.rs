//! Linear models for a per-subject continuous endpoint (e.g. pain AUC): ANCOVA with LS-means,
//! treatment × subgroup interaction with per-subgroup effects (forest plot), and treatment ×
//! continuous moderator with the conditional effect θ(v) (Johnson–Neyman plot).
//!
//! # Model and coding (R's `lm()` conventions)
//! * Response `y`; treatment `arm` as a factor whose first level is the reference arm, the other
//!   arms following in their index order, coded by treatment contrasts (R's `contr.treatment`):
//!   the coefficient of arm a is the adjusted difference a − reference.
//! * Optional continuous baseline, then the covariates in the order given: a continuous covariate
//!   enters as one column; a categorical one as a factor with treatment contrasts, its levels
//!   sorted as R's `factor()` sorts strings — here in plain byte (C-locale) order, which equals
//!   R's locale collation for e.g. lowercase ASCII or zero-padded codes — the first level being the
//!   reference. Levels are those present among the subjects used (R's `drop.unused.levels`).
//! * Complete cases: a subject with a missing value in any model variable is left out (R's
//!   `na.omit`); the result reports the number used and the indices left out.
//! * Columns in R's order for `y ~ arm + baseline + cov…` and `y ~ arm * sub + baseline + cov…`
//!   (main effects, then interaction columns with the arm varying fastest), so that aliased
//!   (collinear) columns are detected and dropped exactly where R reports `NA`; each drop is
//!   reported in `warnings`. Term names are R's: `(Intercept)`, `armB`, `baseline`, `sitec`,
//!   `age`, `armB:anesthspinal`, `armB:volume`.
//!
//! # LS-means (R's `emmeans`, SAS's `LSMEANS`)
//! The LS-mean of an arm is the model prediction at the mean of each continuous covariate (and of
//! the baseline) over the subjects used, averaged with *equal* weights over the levels of each
//! categorical covariate: `emmeans(fit, "arm")` with its defaults (`cov.reduce = mean`,
//! `weights = "equal"`), and SAS PROC GLM `LSMEANS arm / CL` (also equal weights, covariates at
//! their means). In a main-effects model the LS-mean difference active − reference equals the arm
//! coefficient. SAS's `PDIFF` p-values are unadjusted, as ours; `emmeans(fit, pairwise ~ arm)`
//! applies Tukey's adjustment when there are three or more arms (with two arms there is nothing to
//! adjust). A linear function that is not estimable (aliasing) is reported as such, as emmeans's
//! `nonEst`, never as a number. Where emmeans detects *nesting* (a factor whose levels each occur
//! within a single level of another factor, or of the arm) it re-weights the grid or compares
//! cells instead; we do not: nested covariates make the LS-means "not estimable" unless the equal
//! weights happen to be estimable, and a covariate nested in the arm makes the treatment effect
//! not estimable (an error).
//!
//! References: Searle S.R., Speed F.M., Milliken G.A. (1980), "Population marginal means in the
//! linear model: an alternative to least squares means", *The American Statistician* 34:216–221;
//! Lenth R.V., `emmeans` (CRAN); SAS/STAT User's Guide, "The GLM Procedure: LSMEANS Statement";
//! Altman D.G., Bland J.M. (2003), "Interaction revisited", *BMJ* 326:219; Johnson P.O.,
//! Neyman J. (1936), *Statistical Research Memoirs* 1:57–93.

use serde::Serialize;

use crate::error::StatError;
use crate::stats::dist::{f_sf, t_quantile, t_two_sided_p};
use crate::stats::linear::{least_squares, LinearFit};

/// Values of one covariate, one per subject (`None` = missing).
#[derive(Debug, Clone, PartialEq)]
pub enum CovariateColumn {
    /// A factor; levels are the distinct strings.
    Categorical(Vec<Option<String>>),
    /// A numeric covariate.
    Continuous(Vec<Option<f64>>),
}

/// A named covariate column.
#[derive(Debug, Clone, PartialEq)]
pub struct Covariate {
    pub name: String,
    pub values: CovariateColumn,
}

/// The data of a model, one entry per subject in every slice.
#[derive(Debug, Clone, Copy)]
pub struct ModelData<'a> {
    /// Per-subject endpoint (`None` = missing).
    pub y: &'a [Option<f64>],
    /// Arm index of each subject, into `arms`.
    pub arm: &'a [usize],
    /// Arm labels (at least two).
    pub arms: &'a [String],
    /// Index of the reference arm in `arms`.
    pub reference: usize,
    /// Baseline value per subject, if the model adjusts for it (term `baseline`).
    pub baseline: Option<&'a [Option<f64>]>,
    /// Further covariates, in model order.
    pub covariates: &'a [Covariate],
}

/// A t-based estimate of a linear function of the coefficients.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TEstimate {
    pub estimate: f64,
    pub std_err: f64,
    /// t = estimate / std_err.
    pub statistic: f64,
    /// Residual degrees of freedom of the model.
    pub df: f64,
    /// Two-sided p-value 2·P(T_df > |t|), unadjusted.
    pub p_value: f64,
    /// estimate ∓ t_{1−α/2, df} · std_err.
    pub conf_int: [f64; 2],
}

/// Adjusted difference of one active arm against the reference arm.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ArmDifference {
    /// The active arm (label).
    pub arm: String,
    /// The difference active − reference (its fields appear at this level in the JSON).
    #[serde(flatten)]
    pub effect: TEstimate,
}

/// LS-mean (estimated marginal mean) of one arm.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LsMean {
    pub arm: String,
    pub estimate: f64,
    pub std_err: f64,
    pub df: f64,
    pub conf_int: [f64; 2],
}

/// One row of the coefficient table (R's `summary(lm)$coefficients`); all `None` for an aliased
/// column (R's `NA`).
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CoefficientRow {
    /// R's coefficient name, e.g. `armLidocaine patch`, `baseline`, `anesthspinal`.
    pub term: String,
    pub estimate: Option<f64>,
    pub std_err: Option<f64>,
    pub statistic: Option<f64>,
    pub p_value: Option<f64>,
}

/// ANCOVA of the endpoint on arm, baseline and covariates.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Ancova {
    /// Subjects used (complete cases).
    pub n_used: usize,
    /// Indices (into the input slices) of subjects left out for a missing value.
    pub excluded: Vec<usize>,
    /// Subjects used per arm, in the order of `arms`.
    pub n_per_arm: Vec<usize>,
    pub reference: String,
    pub df_residual: f64,
    /// Residual standard error σ̂ (R's `sigma(fit)`).
    pub sigma: f64,
    /// Adjusted differences active − reference (= LS-mean differences), arms in input order.
    pub differences: Vec<ArmDifference>,
    /// LS-means of all arms in input order; empty if not estimable (see `warnings`).
    pub ls_means: Vec<LsMean>,
    pub coefficients: Vec<CoefficientRow>,
    pub conf_level: f64,
    /// Aliased columns dropped, LS-means not estimable, …
    pub warnings: Vec<String>,
}

/// F test of the interaction: reduced model (main effects) against the full model (with the
/// treatment × modifier columns), as R's `anova(m0, m1)`.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InteractionTest {
    /// F = [(RSS₀ − RSS₁)/df1] / [RSS₁/df2].
    pub statistic: f64,
    /// Difference in residual df (number of estimable interaction columns).
    pub df1: f64,
    /// Residual df of the full model.
    pub df2: f64,
    pub p_value: f64,
    pub rss_reduced: f64,
    pub rss_full: f64,
}

/// Treatment effects within one level of a categorical subgroup variable.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SubgroupLevel {
    pub level: String,
    /// Subjects used in this level.
    pub n: usize,
    /// Subjects used in this level per arm, in the order of `arms`.
    pub n_per_arm: Vec<usize>,
    /// Effect of each active arm vs the reference within this level (estimable ones).
    pub effects: Vec<ArmDifference>,
    /// Active arms whose effect in this level is not estimable (e.g. no subject of that arm or of
    /// the reference arm in the level).
    pub not_estimable: Vec<String>,
}

/// Treatment × categorical subgroup analysis (data of a forest plot).
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SubgroupAnalysis {
    pub subgroup: String,
    pub n_used: usize,
    pub excluded: Vec<usize>,
    pub reference: String,
    pub interaction: InteractionTest,
    /// Levels in sorted (factor) order.
    pub levels: Vec<SubgroupLevel>,
    /// Coefficients of the interaction model.
    pub coefficients: Vec<CoefficientRow>,
    pub df_residual: f64,
    pub conf_level: f64,
    pub warnings: Vec<String>,
}

/// The effect of one active arm at one value of the moderator.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ModeratorPoint {
    /// Moderator value v.
    pub value: f64,
    /// Whether v was requested by the caller (otherwise a grid point).
    pub user: bool,
    /// θ(v), the effect at v (its fields appear at this level in the JSON).
    #[serde(flatten)]
    pub effect: TEstimate,
}

/// θ(v) for one active arm.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ModeratorCurve {
    pub arm: String,
    /// The interaction coefficient β_int: change in the effect per unit of the moderator.
    pub slope: TEstimate,
    /// θ(v) on the grid and the requested values, v ascending.
    pub points: Vec<ModeratorPoint>,
    /// Johnson–Neyman points: the values of v (ascending; none, one or two) at which a limit
    /// of the pointwise confidence interval of θ(v) crosses 0, i.e. the boundaries of the region
    /// where the effect differs significantly from 0 at 1 − conf_level. Not restricted to the
    /// observed range.
    pub johnson_neyman: Vec<f64>,
}

/// Treatment × continuous moderator analysis.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ModeratorAnalysis {
    pub moderator: String,
    pub n_used: usize,
    pub excluded: Vec<usize>,
    pub reference: String,
    pub interaction: InteractionTest,
    /// Observed range [min, max] of the moderator among the subjects used.
    pub range: [f64; 2],
    /// One curve per active arm, in input order.
    pub curves: Vec<ModeratorCurve>,
    pub coefficients: Vec<CoefficientRow>,
    pub df_residual: f64,
    pub conf_level: f64,
    pub warnings: Vec<String>,
}

/// Largest number of design-matrix columns accepted (bounds the O(n·p²) work).
pub const MAX_COLUMNS: usize = 1000;

const S_ANCOVA: &str = "ANCOVA";
const S_SUBGROUP: &str = "subgroup interaction";
const S_MODERATOR: &str = "moderator interaction";

/// A model variable restricted to the complete cases.
pub(crate) enum Var {
    Cat {
        name: String,
        levels: Vec<String>,
        /// Level index per used subject.
        codes: Vec<usize>,
    },
    Cont {
        name: String,
        values: Vec<f64>,
    },
}

/// The complete-case data of a model.
pub(crate) struct Frame {
    pub(crate) excluded: Vec<usize>,
    pub(crate) y: Vec<f64>,
    /// Arm index (into `arms`) per used subject.
    pub(crate) arm: Vec<usize>,
    /// Arms in factor order: reference first, then the others in input order.
    pub(crate) arm_order: Vec<usize>,
    pub(crate) baseline: Option<Vec<f64>>,
    /// Covariates (in order) followed by the modifier, if any.
    pub(crate) vars: Vec<Var>,
}

pub(crate) fn check_len(
    stat: &'static str,
    what: &str,
    len: usize,
    n: usize,
) -> Result<(), StatError> {
    if len != n {
        return Err(StatError::new(
            stat,
            format!("{what} has {len} values, expected one per subject ({n})"),
        ));
    }
    Ok(())
}

pub(crate) fn check_conf(stat: &'static str, conf_level: f64) -> Result<(), StatError> {
    if !(conf_level > 0.0 && conf_level < 1.0) {
        return Err(StatError::new(
            stat,
            format!("conf_level must be in (0, 1), got {conf_level}"),
        ));
    }
    Ok(())
}

/// Complete cases of y, arm, baseline, covariates and the optional modifier.
pub(crate) fn build_frame(
    stat: &'static str,
    data: &ModelData,
    modifier: Option<&Covariate>,
) -> Result<Frame, StatError> {
    let n = data.y.len();
    check_len(stat, "arm", data.arm.len(), n)?;
    let k = data.arms.len();
    if k < 2 {
        return Err(StatError::new(stat, "need at least two arms"));
    }
    if data.reference >= k {
        return Err(StatError::new(
            stat,
            format!("reference arm index {} out of range", data.reference),
        ));
    }
    if let Some(i) = data.arm.iter().position(|&a| a >= k) {
        return Err(StatError::new(
            stat,
            format!("subject {} has arm index out of range", i + 1),
        ));
    }
    if let Some(b) = data.baseline {
        check_len(stat, "baseline", b.len(), n)?;
    }
    // Covariates, without a duplicate of the modifier (R's formula keeps one term per name).
    let mut covs: Vec<&Covariate> = data
        .covariates
        .iter()
        .filter(|c| !matches!(modifier, Some(m) if m.name == c.name))
        .collect();
    if let Some(m) = modifier {
        covs.push(m);
    }
    for c in &covs {
        let len = match &c.values {
            CovariateColumn::Categorical(v) => v.len(),
            CovariateColumn::Continuous(v) => v.len(),
        };
        check_len(stat, &format!("covariate '{}'", c.name), len, n)?;
    }
    let finite = |v: Option<f64>, what: &str| -> Result<bool, StatError> {
        match v {
            None => Ok(false),
            Some(x) if x.is_finite() => Ok(true),
            Some(_) => Err(StatError::new(stat, format!("non-finite value in {what}"))),
        }
    };
    let mut used = Vec::with_capacity(n);
    let mut excluded = Vec::new();
    for i in 0..n {
        let mut ok = finite(data.y.get(i).copied().flatten(), "the endpoint")?;
        if let Some(b) = data.baseline {
            ok &= finite(b.get(i).copied().flatten(), "the baseline")?;
        }
        for c in &covs {
            ok &= match &c.values {
                CovariateColumn::Categorical(v) => matches!(v.get(i), Some(Some(_))),
                CovariateColumn::Continuous(v) => finite(
                    v.get(i).copied().flatten(),
                    &format!("covariate '{}'", c.name),
                )?,
            };
        }
        if ok {
            used.push(i);
        } else {
            excluded.push(i);
        }
    }
    let pick = |v: &[Option<f64>]| -> Vec<f64> {
        used.iter()
            .map(|&i| v.get(i).copied().flatten().unwrap_or(f64::NAN))
            .collect()
    };
    let y = pick(data.y);
    let arm: Vec<usize> = used
        .iter()
        .map(|&i| data.arm.get(i).copied().unwrap_or(0))
        .collect();
    let mut arm_order = vec![data.reference];
    arm_order.extend((0..k).filter(|&a| a != data.reference));
    for &a in &arm_order {
        if !arm.contains(&a) {
            return Err(StatError::new(
                stat,
                format!(
                    "arm '{}' has no subject with complete data",
                    data.arms.get(a).map_or("", |s| s.as_str())
                ),
            ));
        }
    }
    let baseline = data.baseline.map(pick);
    let mut vars = Vec::with_capacity(covs.len());
    for c in covs {
        vars.push(match &c.values {
            CovariateColumn::Continuous(v) => Var::Cont {
                name: c.name.clone(),
                values: pick(v),
            },
            CovariateColumn::Categorical(v) => {
                let vals: Vec<&str> = used
                    .iter()
                    .map(|&i| v.get(i).and_then(|s| s.as_deref()).unwrap_or(""))
                    .collect();
                let mut levels: Vec<String> = vals.iter().map(|s| s.to_string()).collect();
                crate::sort::sort_by(&mut levels, |a, b| super::natural::natural_cmp(a, b));
                levels.dedup();
                if levels.len() < 2 {
                    return Err(StatError::new(
                        stat,
                        format!(
                            "categorical covariate '{}' has fewer than two levels among the {} \
                             subjects with complete data",
                            c.name,
                            used.len()
                        ),
                    ));
                }
                // Refused here, before its design columns (n values per level) are built: a
                // column with a level per subject would need an n × n matrix (found by a
                // regression test of the fuzzing work: 6000 subjects took 300 MB).
                if levels.len() > MAX_COLUMNS {
                    return Err(StatError::new(
                        stat,
                        format!(
                            "categorical covariate '{}' has {} levels (at most {MAX_COLUMNS}): \
                             too many levels",
                            c.name,
                            levels.len()
                        ),
                    ));
                }
                let codes = vals
                    .iter()
                    .map(|s| {
                        levels
                            .binary_search_by(|l| super::natural::natural_cmp(l, s))
                            .unwrap_or(0)
                    })
                    .collect();
                Var::Cat {
                    name: c.name.clone(),
                    levels,
                    codes,
                }
            }
        });
    }
    let mut frame = Frame {
        excluded,
        y,
        arm,
        arm_order,
        baseline,
        vars,
    };
    frame.canonical_order();
    Ok(frame)
}

impl Frame {
    /// Puts the used subjects in a canonical order (by arm, response, baseline and each model
    /// variable), so that no fit depends on the order of the rows in the data: the same data in
    /// another order gives bit-identical sums, iterations and, where a solution is not unique
    /// (a separating direction) or numerically fragile (a flat profile likelihood), the same
    /// answer. Rows equal in every variable are interchangeable. `excluded` (indices into the
    /// input) is unaffected.
    fn canonical_order(&mut self) {
        let n = self.y.len();
        let key = |i: usize, v: &Var| -> f64 {
            match v {
                Var::Cat { codes, .. } => codes.get(i).map_or(0.0, |&c| c as f64),
                Var::Cont { values, .. } => values.get(i).copied().unwrap_or(0.0),
            }
        };
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| {
            self.arm[a]
                .cmp(&self.arm[b])
                .then(self.y[a].total_cmp(&self.y[b]))
                .then_with(|| match &self.baseline {
                    Some(bl) => bl[a].total_cmp(&bl[b]),
                    None => std::cmp::Ordering::Equal,
                })
                .then_with(|| {
                    self.vars
                        .iter()
                        .map(|v| key(a, v).total_cmp(&key(b, v)))
                        .find(|o| o.is_ne())
                        .unwrap_or(std::cmp::Ordering::Equal)
                })
        });
        let pick = |v: &[f64]| -> Vec<f64> { order.iter().map(|&i| v[i]).collect() };
        self.y = pick(&self.y);
        self.arm = order.iter().map(|&i| self.arm[i]).collect();
        if let Some(b) = &self.baseline {
            self.baseline = Some(pick(b));
        }
        for v in &mut self.vars {
            match v {
                Var::Cat { codes, .. } => *codes = order.iter().map(|&i| codes[i]).collect(),
                Var::Cont { values, .. } => *values = order.iter().map(|&i| values[i]).collect(),
            }
        }
    }
}

/// Design matrix under construction, with R's column names.
pub(crate) struct Design {
    pub(crate) names: Vec<String>,
    pub(crate) cols: Vec<Vec<f64>>,
}

impl Design {
    pub(crate) fn push(&mut self, name: String, col: Vec<f64>) {
        self.names.push(name);
        self.cols.push(col);
    }

    pub(crate) fn add_var(&mut self, v: &Var) {
        match v {
            Var::Cont { name, values } => self.push(name.clone(), values.clone()),
            Var::Cat {
                name,
                levels,
                codes,
            } => {
                for (l, level) in levels.iter().enumerate().skip(1) {
                    let col = codes.iter().map(|&c| f64::from(u8::from(c == l))).collect();
                    self.push(format!("{name}{level}"), col);
                }
            }
        }
    }

    pub(crate) fn fit(&self, stat: &'static str, y: &[f64]) -> Result<LinearFit, StatError> {
        let n = y.len();
        let p = self.cols.len();
        if p >= n {
            return Err(StatError::new(
                stat,
                format!("no residual degrees of freedom ({n} subjects, {p} parameters)"),
            ));
        }
        if p > MAX_COLUMNS {
            return Err(StatError::new(
                stat,
                format!(
                    "the model has {p} columns (at most {MAX_COLUMNS}): a categorical covariate \
                     has too many levels"
                ),
            ));
        }
        let x: Vec<f64> = self.cols.iter().flatten().copied().collect();
        let fit = least_squares(&x, n, p, y).map_err(|e| StatError::new(stat, e.message))?;
        if fit.df_residual == 0 {
            return Err(StatError::new(
                stat,
                format!(
                    "no residual degrees of freedom ({n} subjects, {} parameters)",
                    fit.rank
                ),
            ));
        }
        // R's summary.lm "essentially perfect fit" check: resvar < (mean(f)² + var(f)) · 1e-30.
        let fitted: Vec<f64> = y.iter().zip(&fit.residuals).map(|(a, e)| a - e).collect();
        let mf = fitted.iter().sum::<f64>() / n as f64;
        let vf = if n > 1 {
            fitted.iter().map(|f| (f - mf) * (f - mf)).sum::<f64>() / (n - 1) as f64
        } else {
            0.0
        };
        let threshold = (mf * mf + vf) * 1e-30;
        let below = matches!(
            fit.sigma2.partial_cmp(&threshold),
            None | Some(std::cmp::Ordering::Less)
        );
        if below || fit.sigma2 == 0.0 {
            return Err(StatError::new(
                stat,
                "essentially perfect fit: the residual variance is zero",
            ));
        }
        Ok(fit)
    }

    pub(crate) fn aliased_warnings(&self, fit: &LinearFit, warnings: &mut Vec<String>) {
        for (j, name) in self.names.iter().enumerate() {
            if fit.is_aliased(j) {
                warnings.push(format!(
                    "column '{name}' is collinear with earlier columns and was dropped \
                     (R reports NA)"
                ));
            }
        }
    }

    pub(crate) fn unit(&self, j: usize) -> Vec<f64> {
        let mut l = vec![0.0; self.cols.len()];
        if let Some(x) = l.get_mut(j) {
            *x = 1.0;
        }
        l
    }
}

/// Columns common to all models: intercept, arm dummies (reference first), the modifier's main
/// effect (when `modifier_first`), baseline, covariates. Returns the design and the column of
/// each non-reference arm (in `arm_order[1..]` order).
pub(crate) fn main_effects(
    frame: &Frame,
    arms: &[String],
    modifier_first: bool,
) -> (Design, Vec<usize>) {
    let n = frame.y.len();
    let mut d = Design {
        names: Vec::new(),
        cols: Vec::new(),
    };
    d.push("(Intercept)".to_string(), vec![1.0; n]);
    let mut arm_cols = Vec::new();
    for &a in frame.arm_order.iter().skip(1) {
        arm_cols.push(d.cols.len());
        let col = frame
            .arm
            .iter()
            .map(|&x| f64::from(u8::from(x == a)))
            .collect();
        d.push(format!("arm{}", arm_label(arms, a)), col);
    }
    let (covs, modifier) = if modifier_first {
        let split = frame.vars.len().saturating_sub(1);
        (&frame.vars[..split], frame.vars.get(split))
    } else {
        (&frame.vars[..], None)
    };
    if let Some(m) = modifier {
        d.add_var(m);
    }
    if let Some(b) = &frame.baseline {
        d.push("baseline".to_string(), b.clone());
    }
    for v in covs {
        d.add_var(v);
    }
    (d, arm_cols)
}

pub(crate) fn arm_label(arms: &[String], a: usize) -> &str {
    arms.get(a).map_or("", |s| s.as_str())
}

fn t_estimate(fit: &LinearFit, l: &[f64], q: f64) -> TEstimate {
    let estimate = fit.estimate(l);
    let std_err = fit.std_err(l);
    let statistic = estimate / std_err;
    let df = fit.df_residual as f64;
    TEstimate {
        estimate,
        std_err,
        statistic,
        df,
        p_value: t_two_sided_p(statistic, df),
        conf_int: [estimate - q * std_err, estimate + q * std_err],
    }
}

fn arm_difference(arm: &str, effect: TEstimate) -> ArmDifference {
    ArmDifference {
        arm: arm.to_string(),
        effect,
    }
}

fn quantile(fit: &LinearFit, conf_level: f64) -> f64 {
    t_quantile(1.0 - (1.0 - conf_level) / 2.0, fit.df_residual as f64)
}

fn coefficient_table(d: &Design, fit: &LinearFit) -> Vec<CoefficientRow> {
    d.names
        .iter()
        .enumerate()
        .map(
            |(j, term)| match fit.coefficients.get(j).copied().flatten() {
                Some(b) => {
                    let se = fit.std_err(&d.unit(j));
                    let t = b / se;
                    CoefficientRow {
                        term: term.clone(),
                        estimate: Some(b),
                        std_err: Some(se),
                        statistic: Some(t),
                        p_value: Some(t_two_sided_p(t, fit.df_residual as f64)),
                    }
                }
                None => CoefficientRow {
                    term: term.clone(),
                    estimate: None,
                    std_err: None,
                    statistic: None,
                    p_value: None,
                },
            },
        )
        .collect()
}

pub(crate) fn per_arm_counts(arm: &[usize], k: usize) -> Vec<usize> {
    let mut c = vec![0; k];
    for &a in arm {
        if let Some(x) = c.get_mut(a) {
            *x += 1;
        }
    }
    c
}

/// Check that every arm coefficient is estimable; the error names the arm.
fn check_arm_effects(
    stat: &'static str,
    d: &Design,
    fit: &LinearFit,
    arm_cols: &[usize],
) -> Result<(), StatError> {
    for &j in arm_cols {
        if !fit.is_estimable(&d.unit(j)) {
            return Err(StatError::new(
                stat,
                format!(
                    "the treatment effect '{}' is not estimable: it is confounded with the \
                     covariates",
                    d.names.get(j).map_or("", |s| s.as_str())
                ),
            ));
        }
    }
    Ok(())
}

/// ANCOVA `lm(y ~ arm + baseline + cov₁ + …)` with LS-means, as R's `summary(lm(...))`,
/// `confint()` and `emmeans::emmeans(fit, "arm")` (see the module documentation for the coding).
///
/// For each active arm a: the adjusted difference β̂_a (a − reference), SE = σ̂√[(X'X)⁻¹]_aa,
/// t = β̂_a/SE, two-sided p from Student's t with n − rank df, CI β̂_a ∓ t_{1−α/2} SE
/// (`confint(fit)`). LS-mean of arm a: ℓ_a'β̂ with ℓ_a = (1, arm dummies of a, mean baseline,
/// means of continuous covariates, 1/L_c for each non-reference level of a categorical covariate
/// with L_c levels), SE = σ̂√(ℓ_a'(X'X)⁻¹ℓ_a), same df; SAS PROC GLM `LSMEANS / CL` gives the same.
///
/// Errors: lengths that differ, fewer than two arms, an arm without complete data, a categorical
/// covariate with one level, non-finite values, no residual df, an essentially perfect fit, an
/// arm effect that is not estimable (confounded with covariates), `conf_level` outside (0, 1).
pub fn ancova(data: &ModelData, conf_level: f64) -> Result<Ancova, StatError> {
    check_conf(S_ANCOVA, conf_level)?;
    let frame = build_frame(S_ANCOVA, data, None)?;
    let (d, arm_cols) = main_effects(&frame, data.arms, false);
    let fit = d.fit(S_ANCOVA, &frame.y)?;
    let mut warnings = Vec::new();
    d.aliased_warnings(&fit, &mut warnings);
    check_arm_effects(S_ANCOVA, &d, &fit, &arm_cols)?;
    let q = quantile(&fit, conf_level);

    let mut differences = Vec::new();
    for (a, &j) in (0..data.arms.len())
        .filter(|&a| a != data.reference)
        .zip(&arm_cols)
    {
        differences.push(arm_difference(
            arm_label(data.arms, a),
            t_estimate(&fit, &d.unit(j), q),
        ));
    }

    // Reference grid row of each arm (emmeans defaults): baseline and continuous covariates at
    // their means, 1/L on each non-reference level of a categorical covariate with L levels.
    let mut base_l = vec![1.0];
    base_l.resize(1 + arm_cols.len(), 0.0);
    if let Some(b) = &frame.baseline {
        base_l.push(b.iter().sum::<f64>() / b.len() as f64);
    }
    for v in &frame.vars {
        match v {
            Var::Cont { values, .. } => {
                base_l.push(values.iter().sum::<f64>() / values.len() as f64)
            }
            Var::Cat { levels, .. } => {
                let w = 1.0 / levels.len() as f64;
                base_l.resize(base_l.len() + levels.len() - 1, w);
            }
        }
    }
    let mut ls_means = Vec::new();
    let mut estimable = true;
    for a in 0..data.arms.len() {
        let mut l = base_l.clone();
        if let Some(pos) = frame.arm_order.iter().position(|&x| x == a) {
            if pos > 0 {
                if let Some(&col) = arm_cols.get(pos - 1) {
                    if let Some(x) = l.get_mut(col) {
                        *x = 1.0;
                    }
                }
            }
        }
        if !fit.is_estimable(&l) {
            estimable = false;
            break;
        }
        let t = t_estimate(&fit, &l, q);
        ls_means.push(LsMean {
            arm: arm_label(data.arms, a).to_string(),
            estimate: t.estimate,
            std_err: t.std_err,
            df: t.df,
            conf_int: t.conf_int,
        });
    }
    if !estimable {
        ls_means.clear();
        warnings.push(
            "LS-means are not estimable (aliased covariate levels); only the adjusted \
             differences are reported"
                .to_string(),
        );
    }

    Ok(Ancova {
        n_used: frame.y.len(),
        n_per_arm: per_arm_counts(&frame.arm, data.arms.len()),
        excluded: frame.excluded,
        reference: arm_label(data.arms, data.reference).to_string(),
        df_residual: fit.df_residual as f64,
        sigma: fit.sigma2.sqrt(),
        differences,
        ls_means,
        coefficients: coefficient_table(&d, &fit),
        conf_level,
        warnings,
    })
}

/// F test of nested fits (R's `anova(m0, m1)`).
fn f_test(
    stat: &'static str,
    reduced: &LinearFit,
    full: &LinearFit,
) -> Result<InteractionTest, StatError> {
    let df1 = reduced.df_residual.saturating_sub(full.df_residual);
    if df1 == 0 {
        return Err(StatError::new(
            stat,
            "no estimable interaction column (every level or value has a single arm)",
        ));
    }
    let (df1, df2) = (df1 as f64, full.df_residual as f64);
    let statistic = ((reduced.rss - full.rss) / df1) / (full.rss / df2);
    Ok(InteractionTest {
        statistic,
        df1,
        df2,
        p_value: f_sf(statistic, df1, df2),
        rss_reduced: reduced.rss,
        rss_full: full.rss,
    })
}

/// Treatment × categorical subgroup interaction (forest plot data).
///
/// Fits m0 = `lm(y ~ arm + sub + baseline + cov…)` and m1 = `lm(y ~ arm * sub + baseline +
/// cov…)` on the same complete cases (a covariate named like the subgroup is not repeated) and
/// reports R's `anova(m0, m1)`: F = [(RSS₀ − RSS₁)/(df₀ − df₁)]/(RSS₁/df₁) with p = P(F > f).
/// The effect of active arm a within level s of the subgroup is ℓ'β̂ from m1 with
/// ℓ = e(arm a) + e(arm a : sub s) (the second term absent for the first level), SE =
/// σ̂√(ℓ'(X'X)⁻¹ℓ), t with the residual df of m1, unadjusted two-sided p and CI — equal to
/// `emmeans(m1, trt.vs.ctrl ~ arm | sub, adjust = "none")` and to SAS PROC GLM
/// `LSMEANS arm*sub / SLICE=sub PDIFF CL` differences. A level in which an arm's effect is not
/// estimable (e.g. it has no subject of that arm) is listed under `not_estimable`.
///
/// Errors: as [`ancova`], plus a subgroup with fewer than two levels and no estimable interaction
/// column.
pub fn interaction_categorical(
    data: &ModelData,
    subgroup_name: &str,
    subgroup: &[Option<String>],
    conf_level: f64,
) -> Result<SubgroupAnalysis, StatError> {
    let stat = S_SUBGROUP;
    check_conf(stat, conf_level)?;
    let modifier = Covariate {
        name: subgroup_name.to_string(),
        values: CovariateColumn::Categorical(subgroup.to_vec()),
    };
    let frame = build_frame(stat, data, Some(&modifier))?;
    let (reduced, arm_cols) = main_effects(&frame, data.arms, true);
    let (levels, codes) = match frame.vars.last() {
        Some(Var::Cat { levels, codes, .. }) => (levels.clone(), codes.clone()),
        _ => return Err(StatError::new(stat, "internal: subgroup variable missing")),
    };
    let fit0 = reduced.fit(stat, &frame.y)?;
    let mut full = Design {
        names: reduced.names.clone(),
        cols: reduced.cols.clone(),
    };
    // Interaction columns: arm varying fastest within each non-reference level.
    let mut int_cols = vec![vec![None; arm_cols.len()]; levels.len()];
    for (s, level) in levels.iter().enumerate().skip(1) {
        for (i, &a) in frame.arm_order.iter().skip(1).enumerate() {
            let col = frame
                .arm
                .iter()
                .zip(&codes)
                .map(|(&x, &c)| f64::from(u8::from(x == a && c == s)))
                .collect();
            if let Some(slot) = int_cols.get_mut(s).and_then(|r| r.get_mut(i)) {
                *slot = Some(full.cols.len());
            }
            full.push(
                format!("arm{}:{}{}", arm_label(data.arms, a), subgroup_name, level),
                col,
            );
        }
    }
    let fit1 = full.fit(stat, &frame.y)?;
    let mut warnings = Vec::new();
    full.aliased_warnings(&fit1, &mut warnings);
    let interaction = f_test(stat, &fit0, &fit1)?;
    let q = quantile(&fit1, conf_level);

    let mut out_levels = Vec::new();
    for (s, level) in levels.iter().enumerate() {
        let in_level: Vec<usize> = frame
            .arm
            .iter()
            .zip(&codes)
            .filter(|(_, &c)| c == s)
            .map(|(&a, _)| a)
            .collect();
        let mut effects = Vec::new();
        let mut not_estimable = Vec::new();
        for (i, &a) in frame.arm_order.iter().skip(1).enumerate() {
            let mut l = vec![0.0; full.cols.len()];
            if let Some(x) = arm_cols.get(i).and_then(|&j| l.get_mut(j)) {
                *x = 1.0;
            }
            if let Some(Some(j)) = int_cols.get(s).and_then(|r| r.get(i)) {
                if let Some(x) = l.get_mut(*j) {
                    *x = 1.0;
                }
            }
            let label = arm_label(data.arms, a);
            if fit1.is_estimable(&l) {
                effects.push(arm_difference(label, t_estimate(&fit1, &l, q)));
            } else {
                not_estimable.push(label.to_string());
                warnings.push(format!(
                    "the effect of '{label}' is not estimable in {subgroup_name} = {level}"
                ));
            }
        }
        out_levels.push(SubgroupLevel {
            level: level.clone(),
            n: in_level.len(),
            n_per_arm: per_arm_counts(&in_level, data.arms.len()),
            effects,
            not_estimable,
        });
    }

    Ok(SubgroupAnalysis {
        subgroup: subgroup_name.to_string(),
        n_used: frame.y.len(),
        excluded: frame.excluded,
        reference: arm_label(data.arms, data.reference).to_string(),
        interaction,
        levels: out_levels,
        coefficients: coefficient_table(&full, &fit1),
        df_residual: fit1.df_residual as f64,
        conf_level,
        warnings,
    })
}

/// Real roots, ascending, of a·v² + 2b·v + c = 0 (numerically stable form).
pub(crate) fn quadratic_roots(a: f64, b: f64, c: f64) -> Vec<f64> {
    if !(a.is_finite() && b.is_finite() && c.is_finite()) {
        return Vec::new();
    }
    if a == 0.0 {
        return if b != 0.0 {
            vec![-c / (2.0 * b)]
        } else {
            Vec::new()
        };
    }
    let disc = b * b - a * c;
    if disc < 0.0 {
        return Vec::new();
    }
    let s = -(b + b.signum() * disc.sqrt());
    let mut r = if s == 0.0 {
        vec![0.0]
    } else {
        let mut r = vec![s / a, c / s];
        r.dedup();
        r
    };
    crate::sort::sort_f64(&mut r);
    r
}

/// Treatment × continuous moderator interaction with the conditional treatment effect θ(v).
///
/// Fits m0 = `lm(y ~ arm + v + baseline + cov…)` and m1 = `lm(y ~ arm * v + baseline + cov…)` on
/// the same complete cases and reports R's `anova(m0, m1)` F test. For each active arm,
/// θ(v) = β̂_arm + β̂_arm:v · v with Var θ̂(v) = Var β̂_arm + v² Var β̂_arm:v + 2v Cov(β̂_arm,
/// β̂_arm:v) from m1, t with the residual df of m1, unadjusted two-sided p and the pointwise CI
/// θ̂ ∓ t_{1−α/2} SE (the same as `emmeans(m1, trt.vs.ctrl ~ arm | v, at = list(v = …))`).
/// The values v are `n_grid` equally spaced points from the smallest to the largest observed
/// value (one point: the midpoint) together with `values` (flagged `user`), ascending, exact
/// duplicates merged. The Johnson–Neyman points solve θ̂(v)² = t²_{1−α/2} Var θ̂(v), a quadratic
/// in v (Johnson & Neyman 1936; Bauer & Curran 2005, *Multivariate Behavioral Research*
/// 40:373–400).
///
/// Errors: as [`ancova`], plus a moderator without variation (its interaction is not estimable)
/// and non-finite requested values.
pub fn interaction_continuous(
    data: &ModelData,
    moderator_name: &str,
    moderator: &[Option<f64>],
    n_grid: usize,
    values: &[f64],
    conf_level: f64,
) -> Result<ModeratorAnalysis, StatError> {
    let stat = S_MODERATOR;
    check_conf(stat, conf_level)?;
    if values.iter().any(|v| !v.is_finite()) {
        return Err(StatError::new(
            stat,
            "requested moderator values must be finite",
        ));
    }
    if n_grid > 100_000 {
        return Err(StatError::new(
            stat,
            "too many grid points (at most 100000)",
        ));
    }
    let modifier = Covariate {
        name: moderator_name.to_string(),
        values: CovariateColumn::Continuous(moderator.to_vec()),
    };
    let frame = build_frame(stat, data, Some(&modifier))?;
    let (reduced, arm_cols) = main_effects(&frame, data.arms, true);
    let v: Vec<f64> = match frame.vars.last() {
        Some(Var::Cont { values, .. }) => values.clone(),
        _ => return Err(StatError::new(stat, "internal: moderator variable missing")),
    };
    let fit0 = reduced.fit(stat, &frame.y)?;
    let mut full = Design {
        names: reduced.names.clone(),
        cols: reduced.cols.clone(),
    };
    let mut int_cols = Vec::new();
    for &a in frame.arm_order.iter().skip(1) {
        let col = frame
            .arm
            .iter()
            .zip(&v)
            .map(|(&x, &vi)| if x == a { vi } else { 0.0 })
            .collect();
        int_cols.push(full.cols.len());
        full.push(
            format!("arm{}:{}", arm_label(data.arms, a), moderator_name),
            col,
        );
    }
    let fit1 = full.fit(stat, &frame.y)?;
    let mut warnings = Vec::new();
    full.aliased_warnings(&fit1, &mut warnings);
    for &j in &int_cols {
        if !fit1.is_estimable(&full.unit(j)) {
            return Err(StatError::new(
                stat,
                format!(
                    "the interaction '{}' is not estimable (does the moderator vary within \
                     each arm?)",
                    full.names.get(j).map_or("", |s| s.as_str())
                ),
            ));
        }
    }
    check_arm_effects(stat, &full, &fit1, &arm_cols)?;
    let interaction = f_test(stat, &fit0, &fit1)?;
    let q = quantile(&fit1, conf_level);

    let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut grid: Vec<(f64, bool)> = match n_grid {
        0 => Vec::new(),
        1 => vec![(lo + (hi - lo) / 2.0, false)],
        // As R's seq(lo, hi, length.out = m): lo + i·by, by = (hi − lo)/(m − 1), last = hi.
        m => {
            let by = (hi - lo) / ((m - 1) as f64);
            (0..m)
                .map(|i| (if i + 1 == m { hi } else { lo + (i as f64) * by }, false))
                .collect()
        }
    };
    grid.extend(values.iter().map(|&x| (x, true)));
    crate::sort::sort_by(&mut grid, |a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
    grid.dedup_by(|b, a| a.0 == b.0);

    let mut curves = Vec::new();
    for (&a, (&jt, &ji)) in frame
        .arm_order
        .iter()
        .skip(1)
        .zip(arm_cols.iter().zip(&int_cols))
    {
        let slope = t_estimate(&fit1, &full.unit(ji), q);
        let points = grid
            .iter()
            .map(|&(x, user)| {
                let mut l = vec![0.0; full.cols.len()];
                if let Some(e) = l.get_mut(jt) {
                    *e = 1.0;
                }
                if let Some(e) = l.get_mut(ji) {
                    *e = x;
                }
                ModeratorPoint {
                    value: x,
                    user,
                    effect: t_estimate(&fit1, &l, q),
                }
            })
            .collect();
        // (b0 + b1 v)² = q² σ² (c00 + 2 v c01 + v² c11).
        let b0 = fit1.estimate(&full.unit(jt));
        let b1 = fit1.estimate(&full.unit(ji));
        let p = full.cols.len();
        let c = |r: usize, s: usize| {
            fit1.cov_unscaled
                .get(r * p + s)
                .copied()
                .unwrap_or(f64::NAN)
                * fit1.sigma2
        };
        let q2 = q * q;
        let johnson_neyman = quadratic_roots(
            b1 * b1 - q2 * c(ji, ji),
            b0 * b1 - q2 * c(jt, ji),
            b0 * b0 - q2 * c(jt, jt),
        );
        curves.push(ModeratorCurve {
            arm: arm_label(data.arms, a).to_string(),
            slope,
            points,
            johnson_neyman,
        });
    }

    Ok(ModeratorAnalysis {
        moderator: moderator_name.to_string(),
        n_used: frame.y.len(),
        excluded: frame.excluded,
        reference: arm_label(data.arms, data.reference).to_string(),
        interaction,
        range: [lo, hi],
        curves,
        coefficients: coefficient_table(&full, &fit1),
        df_residual: fit1.df_residual as f64,
        conf_level,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arms() -> Vec<String> {
        vec!["p".to_string(), "a".to_string()]
    }

    #[test]
    fn invalid_inputs_are_errors() {
        let arms = arms();
        let y = vec![Some(1.0), Some(2.0), Some(3.0), Some(5.0)];
        let arm = vec![0, 1, 0, 1];
        let ok = ModelData {
            y: &y,
            arm: &arm,
            arms: &arms,
            reference: 0,
            baseline: None,
            covariates: &[],
        };
        assert!(ancova(&ok, 0.95).is_ok());
        assert!(ancova(&ok, 1.0).is_err());
        assert!(ancova(&ModelData { reference: 2, ..ok }, 0.95).is_err());
        let bad_arm = vec![0, 1, 0, 2];
        assert!(ancova(
            &ModelData {
                arm: &bad_arm,
                ..ok
            },
            0.95
        )
        .is_err());
        let short = vec![Some(1.0)];
        assert!(ancova(
            &ModelData {
                baseline: Some(&short),
                ..ok
            },
            0.95
        )
        .is_err());
        let one_arm = vec![0, 0, 0, 0];
        assert!(ancova(
            &ModelData {
                arm: &one_arm,
                ..ok
            },
            0.95
        )
        .is_err());
        let inf = vec![Some(1.0), Some(f64::INFINITY), Some(3.0), Some(5.0)];
        assert!(ancova(&ModelData { y: &inf, ..ok }, 0.95).is_err());
        let missing = vec![None, None, Some(3.0), Some(5.0)];
        assert!(ancova(&ModelData { y: &missing, ..ok }, 0.95).is_err());
        // Perfect fit.
        let exact = vec![Some(1.0), Some(2.0), Some(1.0), Some(2.0)];
        assert!(ancova(&ModelData { y: &exact, ..ok }, 0.95).is_err());
        let sub = vec![Some("x".to_string()); 4];
        assert!(interaction_categorical(&ok, "s", &sub, 0.95).is_err());
        let v = vec![Some(1.0), Some(2.0), Some(3.0), Some(4.0)];
        assert!(interaction_continuous(&ok, "v", &v, 3, &[f64::NAN], 0.95).is_err());
        assert!(interaction_continuous(&ok, "v", &v[..3], 3, &[], 0.95).is_err());
    }

    #[test]
    fn grid_and_roots() {
        assert_eq!(quadratic_roots(1.0, 0.0, -4.0), vec![-2.0, 2.0]);
        assert_eq!(quadratic_roots(1.0, 0.0, 4.0), Vec::<f64>::new());
        assert_eq!(quadratic_roots(0.0, 1.0, -4.0), vec![2.0]);
        let arms = arms();
        let n = 12;
        let y: Vec<Option<f64>> = (0..n)
            .map(|i| Some(((i * 7) % 5) as f64 + i as f64))
            .collect();
        let arm: Vec<usize> = (0..n).map(|i| i % 2).collect();
        let v: Vec<Option<f64>> = (0..n).map(|i| Some((i * 3 % 7) as f64)).collect();
        let data = ModelData {
            y: &y,
            arm: &arm,
            arms: &arms,
            reference: 0,
            baseline: None,
            covariates: &[],
        };
        let m = interaction_continuous(&data, "v", &v, 4, &[2.0, 10.0], 0.95).unwrap();
        let values: Vec<f64> = m.curves[0].points.iter().map(|p| p.value).collect();
        assert_eq!(values, vec![0.0, 2.0, 4.0, 6.0, 10.0]);
        assert!(m.curves[0].points[1].user && !m.curves[0].points[2].user);
    }
}
