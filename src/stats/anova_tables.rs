//! Analysis-of-variance tables of the ANCOVA `y ~ arm + baseline + cov…` and of the interaction
//! models `y ~ arm * m + baseline + cov…`: F tests of each term with sequential (type I),
//! hierarchical (type II) and marginal (type III) sums of squares.
//!
//! # Definitions
//! The model frame and the columns are those of [`crate::stats::ancova`] (complete cases, the
//! reference arm as the first factor level, R's column order). Terms in R's order: `arm`, the
//! modifier `m` (interaction models), `baseline`, the covariates, then `arm:m`. With RSS(·) the
//! residual sum of squares of a least-squares fit and MSE = RSS(full)/df_res the full model's
//! residual mean square, each row is SS, df, MS = SS/df, F = MS/MSE, p = P(F_{df, df_res} > F).
//!
//! * **Type I** (sequential; R's `anova(fit)`, SAS PROC GLM "Type I SS"): SS of term i =
//!   RSS(terms before i) − RSS(terms up to i); df = the increase in rank. Depends on the order.
//! * **Type II** (R's `car::Anova(fit, type = "II")`, SAS "Type II SS"): SS of term T =
//!   RSS(all terms not containing T, without T) − RSS(all terms not containing T), where a term
//!   *contains* T if its variables include T's (`arm:m` contains `arm` and `m`). Independent of
//!   the coding. In a main-effects model it is the drop-one test of each term (R's
//!   `drop1(fit, test = "F")`).
//! * **Type III** (R's `car::Anova(fit, type = "III")` with `contrasts = list(arm = "contr.sum",
//!   …)` on every factor; SAS "Type III SS"): SS of T = RSS(full model without T's columns) −
//!   RSS(full), the factors coded by sum-to-zero contrasts (level j − last level). Each main
//!   effect is then tested averaged over the levels of the other factors (and at 0 of a
//!   continuous modifier it interacts with: centre it to test at its mean). R also prints a
//!   `(Intercept)` row (SAS does not): the equally weighted average of the cell means at 0 of the
//!   continuous variables. With R's default treatment contrasts `car::Anova(type = "III")`
//!   tests the main effects at the *reference* level of the other factor instead (not offered).
//!
//! **When they differ.** In a main-effects model type II = type III (each = drop one term; the
//! coding does not matter), and type I differs from them except for the last term (or with
//! orthogonal, e.g. balanced, designs). With an interaction, type II tests a main effect
//! ignoring the interaction (assuming it is absent, the more powerful test then), type III
//! tests it averaged over the other factor's levels in the presence of the interaction; they
//! coincide for the interaction itself and for balanced data.
//!
//! Aliasing: the df of a term is its rank increase; a term with df 0 has no F. Type III needs a
//! full-rank model (R's `car::Anova` refuses aliased coefficients; SAS computes its own
//! estimable functions): with aliased columns the type III table is not given (warning).
//!
//! References: Searle S.R. (1987), *Linear Models for Unbalanced Data*, Wiley, ch. 4 and 10;
//! Fox J., Weisberg S. (2019), *An R Companion to Applied Regression*, 3rd ed., §5.3.4;
//! SAS/STAT User's Guide, "The Four Types of Estimable Functions".

use serde::Serialize;

use crate::error::StatError;
use crate::stats::ancova::{build_frame, Covariate, Frame, ModelData, Var, MAX_COLUMNS};
use crate::stats::dist::f_sf;
use crate::stats::linear::{least_squares, LinearFit};

const STAT: &str = "ANOVA table";

/// One row of an ANOVA table. `mean_sq`, `statistic` and `p_value` are `None` for a term with
/// no degrees of freedom (all its columns aliased).
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AnovaRow {
    /// R's term label: `arm`, `baseline`, a covariate's name, `arm:m`, `(Intercept)`.
    pub term: String,
    /// SAS's source label: `arm`, `baseline`, …, `arm*m`, `Intercept`.
    pub sas_term: String,
    pub df: f64,
    pub sum_sq: f64,
    pub mean_sq: Option<f64>,
    /// F = (SS/df)/MSE.
    pub statistic: Option<f64>,
    /// P(F_{df, df_res} > F).
    pub p_value: Option<f64>,
}

/// The residual (SAS "Error") row.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResidualRow {
    pub df: f64,
    pub sum_sq: f64,
    pub mean_sq: f64,
}

/// Type I, II and III tables of one linear model.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AnovaTables {
    /// The model, R style, e.g. `y ~ arm + baseline + age`.
    pub formula: String,
    pub n_used: usize,
    /// Indices of subjects left out for a missing value.
    pub excluded: Vec<usize>,
    /// SAS's "Model" row: all terms against the intercept-only model (overall F test).
    pub model: AnovaRow,
    pub residual: ResidualRow,
    /// Corrected total: df n − 1 and Σ(y − ȳ)².
    pub total_df: f64,
    pub total_sum_sq: f64,
    /// R² = 1 − RSS / total SS.
    pub r_squared: f64,
    /// Sequential: R's `anova(fit)`, SAS "Type I SS".
    pub type1: Vec<AnovaRow>,
    /// R's `car::Anova(fit, type = "II")`, SAS "Type II SS".
    pub type2: Vec<AnovaRow>,
    /// R's `car::Anova(fit, type = "III")` with sum-to-zero contrasts, SAS "Type III SS"
    /// (without the intercept); empty when the model has aliased columns.
    pub type3: Vec<AnovaRow>,
    /// The `(Intercept)` row R's `car::Anova(type = "III")` prints (sum-to-zero contrasts).
    pub type3_intercept: Option<AnovaRow>,
    pub warnings: Vec<String>,
}

/// A variable of the model: its columns under treatment and sum-to-zero coding.
struct Variable {
    /// Treatment-coded columns (R's `contr.treatment`).
    treatment: Vec<Vec<f64>>,
    /// Sum-to-zero coded columns (R's `contr.sum`).
    sum: Vec<Vec<f64>>,
}

fn factor_columns(codes: &[usize], n_levels: usize) -> Variable {
    let ind =
        |l: usize| -> Vec<f64> { codes.iter().map(|&c| f64::from(u8::from(c == l))).collect() };
    let treatment = (1..n_levels).map(ind).collect();
    let last = n_levels.saturating_sub(1);
    let sum = (0..last)
        .map(|l| {
            codes
                .iter()
                .map(|&c| {
                    if c == l {
                        1.0
                    } else if c == last {
                        -1.0
                    } else {
                        0.0
                    }
                })
                .collect()
        })
        .collect();
    Variable { treatment, sum }
}

/// A term: the variables it multiplies (indices into the variable list), and its labels.
struct Term {
    vars: Vec<usize>,
    r_name: String,
    sas_name: String,
}

struct Model {
    n: usize,
    y: Vec<f64>,
    variables: Vec<Variable>,
    terms: Vec<Term>,
}

#[derive(Clone, Copy, PartialEq)]
enum Coding {
    Treatment,
    Sum,
}

impl Model {
    /// Columns of a term: products of its variables' columns, the first varying fastest.
    fn term_columns(&self, t: &Term, coding: Coding) -> Vec<Vec<f64>> {
        let mut cols: Vec<Vec<f64>> = vec![vec![1.0; self.n]];
        for &v in &t.vars {
            let Some(var) = self.variables.get(v) else {
                continue;
            };
            let vc = match coding {
                Coding::Treatment => &var.treatment,
                Coding::Sum => &var.sum,
            };
            let mut next = Vec::with_capacity(cols.len() * vc.len());
            for c in vc {
                for prev in &cols {
                    next.push(prev.iter().zip(c).map(|(a, b)| a * b).collect());
                }
            }
            cols = next;
        }
        cols
    }

    /// Least-squares fit with the intercept (if `intercept`) and the chosen terms.
    fn fit(&self, intercept: bool, terms: &[bool], coding: Coding) -> Result<LinearFit, StatError> {
        let mut x: Vec<f64> = Vec::new();
        let mut p = 0;
        if intercept {
            x.extend(std::iter::repeat(1.0).take(self.n));
            p += 1;
        }
        for (t, &keep) in self.terms.iter().zip(terms) {
            if keep {
                for c in self.term_columns(t, coding) {
                    x.extend(c);
                    p += 1;
                }
            }
        }
        if p == 0 {
            // The empty model: RSS = Σy², rank 0.
            let rss = self.y.iter().map(|v| v * v).sum();
            return Ok(LinearFit {
                n: self.n,
                p: 0,
                rank: 0,
                coefficients: Vec::new(),
                cov_unscaled: Vec::new(),
                df_residual: self.n,
                rss,
                sigma2: rss / self.n as f64,
                residuals: self.y.clone(),
                null_basis: Vec::new(),
            });
        }
        least_squares(&x, self.n, p, &self.y).map_err(|e| StatError::new(STAT, e.message))
    }

    /// Whether term `a` is contained in (a strict part of) term `b`.
    fn contained(&self, a: usize, b: usize) -> bool {
        match (self.terms.get(a), self.terms.get(b)) {
            (Some(ta), Some(tb)) => {
                a != b
                    && ta.vars.len() < tb.vars.len()
                    && ta.vars.iter().all(|v| tb.vars.contains(v))
            }
            _ => false,
        }
    }
}

fn row(term: &str, sas_term: &str, df: usize, ss: f64, mse: f64, df_res: usize) -> AnovaRow {
    if df == 0 {
        return AnovaRow {
            term: term.to_string(),
            sas_term: sas_term.to_string(),
            df: 0.0,
            sum_sq: 0.0,
            mean_sq: None,
            statistic: None,
            p_value: None,
        };
    }
    let ss = ss.max(0.0);
    let ms = ss / df as f64;
    let f = ms / mse;
    AnovaRow {
        term: term.to_string(),
        sas_term: sas_term.to_string(),
        df: df as f64,
        sum_sq: ss,
        mean_sq: Some(ms),
        statistic: Some(f),
        p_value: Some(f_sf(f, df as f64, df_res as f64)),
    }
}

fn build_model(frame: &Frame, with_modifier: bool) -> Model {
    let n = frame.y.len();
    let mut variables = Vec::new();
    let mut terms = Vec::new();
    // arm, codes = position in the factor order.
    let arm_codes: Vec<usize> = frame
        .arm
        .iter()
        .map(|a| frame.arm_order.iter().position(|x| x == a).unwrap_or(0))
        .collect();
    variables.push(factor_columns(&arm_codes, frame.arm_order.len()));
    terms.push(Term {
        vars: vec![0],
        r_name: "arm".to_string(),
        sas_name: "arm".to_string(),
    });
    let var_of = |v: &Var| -> (String, Variable) {
        match v {
            Var::Cont { name, values } => (
                name.clone(),
                Variable {
                    treatment: vec![values.clone()],
                    sum: vec![values.clone()],
                },
            ),
            Var::Cat {
                name,
                levels,
                codes,
            } => (name.clone(), factor_columns(codes, levels.len())),
        }
    };
    let split = if with_modifier {
        frame.vars.len().saturating_sub(1)
    } else {
        frame.vars.len()
    };
    let mut modifier_var = None;
    if with_modifier {
        if let Some(m) = frame.vars.get(split) {
            let (name, var) = var_of(m);
            modifier_var = Some((variables.len(), name.clone()));
            variables.push(var);
            terms.push(Term {
                vars: vec![variables.len() - 1],
                r_name: name.clone(),
                sas_name: name,
            });
        }
    }
    if let Some(b) = &frame.baseline {
        variables.push(Variable {
            treatment: vec![b.clone()],
            sum: vec![b.clone()],
        });
        terms.push(Term {
            vars: vec![variables.len() - 1],
            r_name: "baseline".to_string(),
            sas_name: "baseline".to_string(),
        });
    }
    for v in frame.vars.iter().take(split) {
        let (name, var) = var_of(v);
        variables.push(var);
        terms.push(Term {
            vars: vec![variables.len() - 1],
            r_name: name.clone(),
            sas_name: name,
        });
    }
    if let Some((mi, name)) = modifier_var {
        terms.push(Term {
            vars: vec![0, mi],
            r_name: format!("arm:{name}"),
            sas_name: format!("arm*{name}"),
        });
    }
    Model {
        n,
        y: frame.y.clone(),
        variables,
        terms,
    }
}

fn tables(frame: Frame, with_modifier: bool) -> Result<AnovaTables, StatError> {
    let model = build_model(&frame, with_modifier);
    let n = model.n;
    let nt = model.terms.len();
    let p: usize = 1 + model
        .terms
        .iter()
        .map(|t| model.term_columns(t, Coding::Treatment).len())
        .sum::<usize>();
    if p >= n || p > MAX_COLUMNS {
        return Err(StatError::new(
            STAT,
            format!("{p} model columns for {n} subjects: no residual degrees of freedom or too many columns (at most {MAX_COLUMNS})"),
        ));
    }
    let all = vec![true; nt];
    let full = model.fit(true, &all, Coding::Treatment)?;
    if full.df_residual == 0 {
        return Err(StatError::new(
            STAT,
            format!(
                "no residual degrees of freedom ({n} subjects, rank {})",
                full.rank
            ),
        ));
    }
    let df_res = full.df_residual;
    let mse = full.rss / df_res as f64;
    let mean = model.y.iter().sum::<f64>() / n as f64;
    let total_ss: f64 = model.y.iter().map(|v| (v - mean) * (v - mean)).sum();
    // R's summary.lm "essentially perfect fit" rule: σ̂² < (mean(f)² + var(f))·1e-30, f the
    // fitted values (as ancova's models).
    let fitted: Vec<f64> = model
        .y
        .iter()
        .zip(&full.residuals)
        .map(|(a, e)| a - e)
        .collect();
    let mf = fitted.iter().sum::<f64>() / n as f64;
    let vf = fitted.iter().map(|f| (f - mf) * (f - mf)).sum::<f64>() / (n as f64 - 1.0).max(1.0);
    let perfect = match mse.partial_cmp(&((mf * mf + vf) * 1e-30)) {
        Some(std::cmp::Ordering::Greater) => mse == 0.0,
        _ => true,
    };
    if perfect {
        return Err(StatError::new(
            STAT,
            "essentially perfect fit: the residual variance is zero",
        ));
    }
    let mut warnings = Vec::new();
    if full.rank < full.p {
        warnings.push(format!(
            "{} of the model's {} columns are aliased (collinear with earlier ones): terms \
             are tested on their estimable part",
            full.p - full.rank,
            full.p
        ));
    }

    // Type I: sequential fits.
    let mut type1 = Vec::with_capacity(nt);
    let mut prev = model.fit(true, &vec![false; nt], Coding::Treatment)?;
    let intercept_only = prev.clone();
    for (i, t) in model.terms.iter().enumerate() {
        let keep: Vec<bool> = (0..nt).map(|j| j <= i).collect();
        let cur = model.fit(true, &keep, Coding::Treatment)?;
        type1.push(row(
            &t.r_name,
            &t.sas_name,
            cur.rank.saturating_sub(prev.rank),
            prev.rss - cur.rss,
            mse,
            df_res,
        ));
        prev = cur;
    }

    // Type II.
    let mut type2 = Vec::with_capacity(nt);
    for (i, t) in model.terms.iter().enumerate() {
        let without_containing: Vec<bool> = (0..nt).map(|j| !model.contained(i, j)).collect();
        let mut without_t = without_containing.clone();
        if let Some(x) = without_t.get_mut(i) {
            *x = false;
        }
        let big = model.fit(true, &without_containing, Coding::Treatment)?;
        let small = model.fit(true, &without_t, Coding::Treatment)?;
        type2.push(row(
            &t.r_name,
            &t.sas_name,
            big.rank.saturating_sub(small.rank),
            small.rss - big.rss,
            mse,
            df_res,
        ));
    }

    // Type III: sum-to-zero coding, drop each term's columns from the full model.
    let mut type3 = Vec::new();
    let mut type3_intercept = None;
    if full.rank < full.p {
        warnings.push(
            "type III tests are not given for a model with aliased columns (R's car::Anova \
             refuses it)"
                .to_string(),
        );
    } else {
        let full_sum = model.fit(true, &all, Coding::Sum)?;
        let no_int = model.fit(false, &all, Coding::Sum)?;
        type3_intercept = Some(row(
            "(Intercept)",
            "Intercept",
            full_sum.rank.saturating_sub(no_int.rank),
            no_int.rss - full_sum.rss,
            mse,
            df_res,
        ));
        for (i, t) in model.terms.iter().enumerate() {
            let keep: Vec<bool> = (0..nt).map(|j| j != i).collect();
            let small = model.fit(true, &keep, Coding::Sum)?;
            type3.push(row(
                &t.r_name,
                &t.sas_name,
                full_sum.rank.saturating_sub(small.rank),
                small.rss - full_sum.rss,
                mse,
                df_res,
            ));
        }
    }

    let model_row = row(
        "Model",
        "Model",
        full.rank.saturating_sub(intercept_only.rank),
        intercept_only.rss - full.rss,
        mse,
        df_res,
    );
    let formula = {
        let mut parts: Vec<&str> = Vec::new();
        for t in &model.terms {
            if t.vars.len() == 1 {
                parts.push(&t.r_name);
            }
        }
        let mut f = format!("y ~ {}", parts.join(" + "));
        if with_modifier {
            if let Some(t) = model.terms.last() {
                f.push_str(" + ");
                f.push_str(&t.r_name);
            }
        }
        f
    };
    Ok(AnovaTables {
        formula,
        n_used: n,
        excluded: frame.excluded,
        model: model_row,
        residual: ResidualRow {
            df: df_res as f64,
            sum_sq: full.rss,
            mean_sq: mse,
        },
        total_df: (n - 1) as f64,
        total_sum_sq: total_ss,
        r_squared: 1.0 - full.rss / total_ss,
        type1,
        type2,
        type3,
        type3_intercept,
        warnings,
    })
}

/// Type I, II and III ANOVA tables of the ANCOVA `lm(y ~ arm + baseline + cov…)` (the model of
/// [`crate::stats::ancova::ancova`]); see the module documentation for the definitions. In this
/// main-effects model type II = type III (= `drop1(fit, test = "F")`).
///
/// R: `anova(fit)`; `car::Anova(fit, type = "II")`; `car::Anova(lm(..., contrasts =
/// list(arm = "contr.sum", <factors> = "contr.sum")), type = "III")`. SAS: `PROC GLM; CLASS arm
/// …; MODEL y = arm baseline … / SS1 SS2 SS3;`.
///
/// Errors: those of the model frame (lengths, fewer than two arms, an arm without complete data,
/// non-finite values), no residual df, an essentially perfect fit.
pub fn anova_tables(data: &ModelData) -> Result<AnovaTables, StatError> {
    let frame = build_frame(STAT, data, None)?;
    tables(frame, false)
}

/// Type I, II and III ANOVA tables of the interaction model `lm(y ~ arm * m + baseline + cov…)`
/// with a categorical or continuous modifier `m` (terms `arm`, `m`, `baseline`, covariates,
/// `arm:m`; SAS `MODEL y = arm m baseline … arm*m`). Here type II ≠ type III for the main
/// effects in unbalanced data (see the module documentation); the `arm:m` rows agree.
///
/// Errors: as [`anova_tables`]; a covariate named like the modifier is not repeated.
pub fn anova_tables_interaction(
    data: &ModelData,
    modifier: &Covariate,
) -> Result<AnovaTables, StatError> {
    let frame = build_frame(STAT, data, Some(modifier))?;
    tables(frame, true)
}
