//! Morphine milligram equivalents (MME) of rescue administrations.
//!
//! MME of one administration = its MME column value when given and `use_column` is on;
//! otherwise dose × factor of its drug (matched case-insensitively, surrounding blanks ignored)
//! when the drug is in the factor table; otherwise 0 for an administration flagged non-opioid;
//! otherwise missing (the subject's total is then missing too).
//!
//! The default table is the oral conversion factors of the CDC Clinical Practice Guideline for
//! Prescribing Opioids for Pain, 2022 (Dowell et al., MMWR Recomm Rep 2022;71(3), Table):
//! codeine 0.15, hydrocodone 1, hydromorphone 5, morphine 1, oxycodone 1.5, oxymorphone 3,
//! tapentadol 0.4, tramadol 0.2 (methadone and fentanyl need dose- and form-dependent factors
//! and are left out: enter their MME in the table's MME column). Factors are for oral dosing;
//! a parenteral morphine dose is about 3 × its oral equivalent — edit the table for other routes.
//! Non-opioid analgesics (paracetamol, NSAIDs) have factor 0 when listed.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The MME conversion table and how to use it; editable on the page, its version shown in the
/// results.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct MmeOptions {
    /// Take an administration's MME from the table's MME column when it is given.
    pub use_column: bool,
    /// Name of the factor table, shown with the results.
    pub version: String,
    /// Drug name → MME per unit of dose (mg).
    pub factors: BTreeMap<String, f64>,
}

impl Default for MmeOptions {
    fn default() -> Self {
        let factors = [
            ("codeine", 0.15),
            ("hydrocodone", 1.0),
            ("hydromorphone", 5.0),
            ("morphine", 1.0),
            ("oxycodone", 1.5),
            ("oxymorphone", 3.0),
            ("tapentadol", 0.4),
            ("tramadol", 0.2),
            ("paracetamol", 0.0),
            ("acetaminophen", 0.0),
            ("ibuprofen", 0.0),
        ];
        MmeOptions {
            use_column: true,
            version: "CDC 2022 oral MME conversion factors".into(),
            factors: factors.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
        }
    }
}

impl MmeOptions {
    /// Checks the table: finite, non-negative factors.
    pub fn validate(&self) -> Result<(), String> {
        for (drug, f) in &self.factors {
            if !f.is_finite() || *f < 0.0 {
                return Err(format!(
                    "MME factor of \"{drug}\" must be a number ≥ 0 (got {f})"
                ));
            }
        }
        Ok(())
    }

    /// Infers the opioid status of administrations that carry none (no opioid column, or an
    /// empty cell) from the drug name: a drug in the factor table with a factor > 0 is an
    /// opioid, one with factor 0 is not; a drug not in the table (or no drug name) stays
    /// unknown. Returns what was decided, for the report and the methods text.
    pub fn infer_opioid_status(&self, trial: &mut crate::trial::Trial) -> OpioidInference {
        let mut out = OpioidInference::default();
        for e in trial.subjects.iter_mut().flat_map(|s| s.rescue.iter_mut()) {
            if e.opioid.is_some() {
                continue;
            }
            let factor = e.drug.as_deref().and_then(|d| self.factor(d));
            let name = e.drug.clone().unwrap_or_else(|| "(no drug name)".into());
            let (count, names) = match factor {
                Some(f) if f > 0.0 => (&mut out.opioid, &mut out.opioid_drugs),
                Some(_) => (&mut out.non_opioid, &mut out.non_opioid_drugs),
                None => (&mut out.unknown, &mut out.unknown_drugs),
            };
            *count += 1;
            if names.len() < 12 && !names.contains(&name) {
                names.push(name);
            }
            e.opioid = factor.map(|f| f > 0.0);
        }
        out
    }

    fn factor(&self, drug: &str) -> Option<f64> {
        let d = drug.trim();
        self.factors
            .iter()
            .find(|(k, _)| k.trim().eq_ignore_ascii_case(d))
            .map(|(_, v)| *v)
    }

    /// MME of one administration (see the module docs).
    pub fn mme(&self, e: &crate::trial::RescueEvent) -> Option<f64> {
        if self.use_column {
            if let Some(m) = e.mme {
                return Some(m);
            }
        }
        let by_factor = match (&e.drug, e.dose) {
            (Some(drug), Some(dose)) => self.factor(drug).map(|f| f * dose),
            _ => None,
        };
        by_factor.or(match e.opioid {
            Some(false) => Some(0.0),
            _ => None,
        })
    }
}

/// What [`MmeOptions::infer_opioid_status`] decided: counts of administrations and their drugs
/// (at most 12 names each).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OpioidInference {
    pub opioid: usize,
    pub non_opioid: usize,
    pub unknown: usize,
    pub opioid_drugs: Vec<String>,
    pub non_opioid_drugs: Vec<String>,
    pub unknown_drugs: Vec<String>,
}

impl OpioidInference {
    /// Administrations whose status was decided or left unknown here.
    pub fn total(&self) -> usize {
        self.opioid + self.non_opioid + self.unknown
    }

    /// The statement for the report.
    pub fn describe(&self, table_name: &str) -> String {
        let list = |v: &[String]| v.join(", ");
        let mut m = format!(
            "Opioid status of {} rescue administrations without an opioid flag inferred from the drug name through the MME table ({table_name}): {} opioid",
            self.total(),
            self.opioid
        );
        if self.opioid > 0 {
            m += &format!(" ({})", list(&self.opioid_drugs));
        }
        m += &format!(", {} not opioid", self.non_opioid);
        if self.non_opioid > 0 {
            m += &format!(" ({})", list(&self.non_opioid_drugs));
        }
        if self.unknown > 0 {
            m += &format!(
                ", {} of unknown status (drug not in the table: {}); add them to the MME table or give an opioid column",
                self.unknown,
                list(&self.unknown_drugs)
            );
        }
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trial::RescueEvent;

    fn ev(drug: &str, dose: Option<f64>, opioid: Option<bool>, mme: Option<f64>) -> RescueEvent {
        RescueEvent {
            time: 5.0,
            drug: Some(drug.into()),
            dose,
            opioid,
            mme,
        }
    }

    #[test]
    fn column_then_factor_then_flag() {
        let o = MmeOptions::default();
        assert_eq!(o.mme(&ev("Oxycodone ", Some(5.0), None, None)), Some(7.5));
        assert_eq!(
            o.mme(&ev("oxycodone", Some(5.0), None, Some(9.0))),
            Some(9.0)
        );
        let no_col = MmeOptions {
            use_column: false,
            ..MmeOptions::default()
        };
        assert_eq!(
            no_col.mme(&ev("oxycodone", Some(5.0), None, Some(9.0))),
            Some(7.5)
        );
        assert_eq!(
            o.mme(&ev("metamizole", Some(500.0), Some(false), None)),
            Some(0.0)
        );
        assert_eq!(o.mme(&ev("nalbuphine", Some(10.0), Some(true), None)), None);
        assert!(MmeOptions {
            factors: [("x".to_string(), -1.0)].into(),
            ..MmeOptions::default()
        }
        .validate()
        .is_err());
    }
}
