//! The validated trial: what the input layer produces and the endpoints consume. Plain data,
//! no parsing concerns; invariants (checked by `input`) are stated on each field.

use serde::Serialize;

/// The pain scale. Scores outside `[min, max]` are input errors.
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Scale {
    pub min: f64,
    pub max: f64,
}

impl Scale {
    /// 11-point numeric rating scale 0–10.
    pub const NRS: Scale = Scale {
        min: 0.0,
        max: 10.0,
    };
    /// Visual analogue scale 0–100 mm.
    pub const VAS: Scale = Scale {
        min: 0.0,
        max: 100.0,
    };
}

/// A covariate value of one subject (categorical or continuous; missing allowed).
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum CovariateValue {
    Number(f64),
    Level(String),
    Missing,
}

/// One pain assessment. `score == None` is a missing score (an empty cell).
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PainObs {
    /// Hours from the time origin (e.g. end of surgery / patch application); ≥ 0.
    pub time: f64,
    pub score: Option<f64>,
}

/// One administration of rescue medication.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RescueEvent {
    /// Hours from the time origin; ≥ 0.
    pub time: f64,
    pub drug: Option<String>,
    pub dose: Option<f64>,
    /// Whether the drug is an opioid, when given.
    pub opioid: Option<bool>,
    /// Morphine-equivalent dose (mg), when given.
    pub mme: Option<f64>,
}

#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Subject {
    pub id: String,
    /// Index into [`Trial::arms`].
    pub arm: usize,
    pub baseline: Option<f64>,
    /// Values in the order of [`Trial::covariates`].
    pub covariates: Vec<CovariateValue>,
    /// Sorted by time, times strictly increasing (duplicates are input errors).
    pub pain: Vec<PainObs>,
    /// Sorted by time (ties allowed: two drugs at once).
    pub rescue: Vec<RescueEvent>,
}

#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trial {
    /// Arm labels in order of first appearance in the subjects table.
    pub arms: Vec<String>,
    /// Covariate column names (as entered) in table order.
    pub covariates: Vec<String>,
    pub subjects: Vec<Subject>,
    pub scale: Scale,
}
