//! Validation and assembly of the [`Trial`] from the three opened tables.

use super::columns::{self, missing_message, overrides_of, Mapping, Role};
use super::pain::read_pain;
use super::rescue::read_rescue;
use super::subjects::{is_flag_name, read_subjects};
use super::table::{self, excerpt, Errors, Opened};
use super::timepoint::parse_timepoint;
use super::times::check_mapping;
use super::{
    ArmCount, InputCounts, InputNote, InputOptions, InputSummary, InputWarning, RoleColumn,
    ScaleChoice, TableMapping, TableSource, TimeSource, TimepointUse, ValueCount,
};
use crate::error::{InputError, Table};
use crate::progress::{Phase, Reporter};
use crate::trial::{CovariateValue, PainObs, Scale, Subject, Trial};
use std::collections::HashMap;

/// A table opened and its columns mapped.
pub(super) struct Prepared<'a> {
    pub opened: Opened<'a>,
    pub mapping: Mapping,
}

impl Prepared<'_> {
    pub(super) fn header(&self, role: Role) -> String {
        self.mapping
            .get(role)
            .and_then(|c| self.opened.headers.get(c))
            .cloned()
            .unwrap_or_else(|| role.name().to_string())
    }

    pub(super) fn describe(&self, table: Table, rows: usize) -> TableMapping {
        let time_source = [
            (Role::Time, TimeSource::Hours),
            (Role::Timepoint, TimeSource::Timepoint),
            (Role::Datetime, TimeSource::Datetime),
        ]
        .into_iter()
        .find(|(r, _)| table != Table::Subjects && self.mapping.get(*r).is_some())
        .map(|(_, s)| s);
        TableMapping {
            headers: self.opened.headers.clone(),
            roles: self
                .mapping
                .assigned(table)
                .into_iter()
                .map(|(role, c)| RoleColumn {
                    role,
                    header: self.opened.headers.get(c).cloned().unwrap_or_default(),
                })
                .collect(),
            missing: self.mapping.missing.clone(),
            unassigned: columns::table_roles(table)
                .iter()
                .filter(|&&(r, _)| {
                    self.mapping.get(r).is_none() && !self.mapping.missing.contains(&r)
                })
                .map(|&(r, _)| r)
                .collect(),
            delimiter: self.opened.delimiter,
            decimal_comma: self.opened.decimal_comma,
            rows,
            time_source,
            params: Vec::new(),
            timepoints: Vec::new(),
            flags: self
                .opened
                .headers
                .iter()
                .filter(|h| is_flag_name(h))
                .cloned()
                .collect(),
        }
    }
}

/// Opens a table and maps its columns; `Ok(None)` for an empty table. Override defects and
/// duplicate column names go to `errs`; missing roles stay in the mapping.
pub(super) fn prepare<'a>(
    table: Table,
    source: &'a TableSource,
    opts: &InputOptions,
    errs: &mut Errors,
) -> Result<Option<Prepared<'a>>, ()> {
    let opened = match table::open(table, source, opts.decimal) {
        Ok(Some(o)) => o,
        Ok(None) => return Ok(None),
        Err(e) => {
            errs.push(e);
            return Err(());
        }
    };
    // Two columns of one name: which one a role or a covariate means would be a guess.
    let mut first: HashMap<&str, usize> = HashMap::new();
    let mut dup = false;
    for (c, h) in opened.headers.iter().enumerate() {
        if h.is_empty() {
            continue;
        }
        if let Some(&f) = first.get(h.as_str()) {
            dup = true;
            errs.push(
                InputError::new(
                    table,
                    format!(
                        "two columns are named \"{}\" (columns {} and {}); rename one",
                        excerpt(h, 40),
                        f + 1,
                        c + 1
                    ),
                )
                .line(opened.header_line)
                .column(h.as_str()),
            );
        } else {
            first.insert(h, c);
        }
    }
    if dup {
        return Err(());
    }
    let mut override_errs = Vec::new();
    let mapping = columns::resolve(
        table,
        &opened.headers,
        overrides_of(&opts.columns, table),
        opened.header_line,
        &mut override_errs,
    );
    let bad_overrides = !override_errs.is_empty();
    for e in override_errs {
        errs.push(e);
    }
    if bad_overrides {
        return Err(());
    }
    Ok(Some(Prepared { opened, mapping }))
}

pub(super) fn describe_table(
    table: Table,
    source: &TableSource,
    opts: &InputOptions,
) -> Result<TableMapping, Vec<InputError>> {
    let mut errs = Errors::default();
    match prepare(table, source, opts, &mut errs) {
        Ok(Some(mut p)) => {
            let mut ignored = Errors::default();
            // Parameters and text time points, for the page to offer choices.
            let param_col = p.mapping.get(Role::Param);
            let tp_col = p
                .mapping
                .get(Role::Timepoint)
                .filter(|_| p.mapping.get(Role::Time).is_none());
            let mut params: Vec<ValueCount> = Vec::new();
            let mut tps: Vec<ValueCount> = Vec::new();
            let mut buf = String::new();
            let count = |list: &mut Vec<ValueCount>, v: &str| {
                if let Some(x) = list.iter_mut().find(|x| x.value == v) {
                    x.rows += 1;
                } else if list.len() < 200 {
                    list.push(ValueCount {
                        value: v.to_string(),
                        rows: 1,
                    });
                }
            };
            let rows = p
                .opened
                .for_each_row(table, &mut ignored, &mut |_| {}, |_, _, row| {
                    if let Some(c) = param_col {
                        count(&mut params, row.cell(c).text(&mut buf));
                    }
                    if let Some(c) = tp_col {
                        count(&mut tps, row.cell(c).text(&mut buf).trim());
                    }
                });
            let mut m = p.describe(table, rows);
            m.params = params;
            m.timepoints = tps
                .into_iter()
                .map(|v| {
                    let given = opts
                        .timepoints
                        .iter()
                        .find(|(k, _)| k.trim().eq_ignore_ascii_case(&v.value));
                    let tp = match given {
                        Some((_, g)) => super::timepoint::parse_mapping_value(g),
                        None => parse_timepoint(&v.value),
                    };
                    let (hours, meaning) = match tp {
                        Some(super::timepoint::Timepoint::Hours(h)) => (Some(h), "hours"),
                        Some(super::timepoint::Timepoint::Baseline) => (None, "baseline"),
                        Some(super::timepoint::Timepoint::Exclude) => (None, "exclude"),
                        None => (None, "unknown"),
                    };
                    TimepointUse {
                        text: v.value,
                        hours,
                        meaning: meaning.into(),
                        given: given.is_some(),
                        rows: v.rows,
                    }
                })
                .collect();
            Ok(m)
        }
        Ok(None) => Err(vec![InputError::new(
            table,
            format!("the {} table is empty", table.name()),
        )]),
        Err(()) => Err(errs.finish()),
    }
}

pub(super) fn push_missing(p: &Prepared<'_>, table: Table, errs: &mut Errors) {
    for &role in &p.mapping.missing {
        errs.push(
            InputError::new(table, missing_message(table, role, &p.opened.headers))
                .line(p.opened.header_line)
                .column(role.name()),
        );
    }
}

fn scale_label(s: Scale) -> String {
    if s == Scale::NRS {
        "NRS 0–10".to_string()
    } else if s == Scale::VAS {
        "VAS 0–100".to_string()
    } else {
        format!("custom {}–{}", s.min, s.max)
    }
}

fn quoted_list(ids: &[&str], total: usize) -> String {
    let shown: Vec<String> = ids.iter().map(|s| format!("\"{s}\"")).collect();
    if total > ids.len() {
        format!("{}, …", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

// ----------------------------------------------------------------------------------------------
// Scale, ordering, assembly.

/// The declared scale, or the one inferred from the largest value (`None` if there is none).
fn decide_scale(
    choice: ScaleChoice,
    max: Option<f64>,
    score_h: &str,
    errs: &mut Errors,
) -> Option<(Scale, bool)> {
    match choice {
        ScaleChoice::Nrs => Some((Scale::NRS, false)),
        ScaleChoice::Vas => Some((Scale::VAS, false)),
        ScaleChoice::Custom { min, max } => Some((Scale { min, max }, false)),
        ScaleChoice::Infer => match max {
            None => Some((Scale::NRS, true)),
            Some(m) if m <= 10.0 => Some((Scale::NRS, true)),
            Some(m) if m <= 100.0 => Some((Scale::VAS, true)),
            Some(m) => {
                errs.push(
                    InputError::new(
                        Table::Pain,
                        format!(
                            "the largest score is {m}, above 100: declare the scale (NRS 0–10, VAS 0–100 or a custom range)"
                        ),
                    )
                    .column(score_h),
                );
                None
            }
        },
    }
}

/// Size of a table for progress reports: bytes of text, or rows of typed columns.
fn source_size(source: &TableSource) -> usize {
    match source {
        TableSource::Text(text) => text.len(),
        TableSource::Columns(cols) => cols.first().map_or(0, |(_, c)| c.len()),
    }
}

/// Sorts one subject's observations by time, ties in line order, with their lines (rows
/// usually come sorted already: then nothing moves).
fn sort_by_time(obs: &mut [PainObs], lines: &mut [u32]) {
    let sorted = obs
        .windows(2)
        .zip(lines.windows(2))
        .all(|(o, l)| match (o, l) {
            ([a, b], [la, lb]) => a.time.total_cmp(&b.time).then(la.cmp(lb)).is_le(),
            _ => true,
        });
    if sorted || obs.len() != lines.len() {
        return;
    }
    let order = crate::sort::order_by(obs.len(), &mut |a, b| {
        obs[a]
            .time
            .total_cmp(&obs[b].time)
            .then(lines[a].cmp(&lines[b]))
    });
    crate::sort::apply_order(order, &mut |a, b| {
        obs.swap(a, b);
        lines.swap(a, b);
    });
}

pub(crate) fn build_trial(
    subjects: &TableSource,
    pain: &TableSource,
    rescue: Option<&TableSource>,
    opts: &InputOptions,
    reporter: &mut Reporter<'_>,
) -> Result<(Trial, InputSummary), Vec<InputError>> {
    let sizes = [
        source_size(subjects),
        source_size(pain),
        rescue.map_or(0, source_size),
    ];
    reporter.start(Phase::Parsing, sizes.iter().sum::<usize>() as u64);
    let mut errs = Errors::default();
    let mut custom_ok = true;
    if let ScaleChoice::Custom { min, max } = opts.scale {
        if !(min.is_finite() && max.is_finite() && min < max) {
            custom_ok = false;
            errs.push(
                InputError::new(
                    Table::Pain,
                    format!(
                        "the custom scale needs finite limits with min < max (got {min}–{max})"
                    ),
                )
                .column("scale"),
            );
        }
    }
    check_mapping(opts, &mut errs);
    let mut subj = read_subjects(subjects, opts, &mut errs, &mut |d| {
        reporter.update(d as u64)
    });
    let at = sizes[0];
    let mut pain_st = read_pain(pain, opts, &mut subj, &mut errs, &mut |d| {
        reporter.update((at + d) as u64)
    });
    let at = sizes[0] + sizes[1];
    let mut resc = read_rescue(rescue, opts, &mut subj, &mut errs, &mut |d| {
        reporter.update((at + d) as u64)
    });

    // Scale: declared, or inferred from every score and baseline.
    let mut max: Option<f64> = None;
    let mut upd = |x: f64| max = Some(max.map_or(x, |m: f64| m.max(x)));
    subj.drafts
        .iter()
        .filter_map(|d| d.baseline)
        .for_each(&mut upd);
    pain_st
        .baselines
        .iter()
        .flatten()
        .for_each(|&(x, _)| upd(x));
    pain_st
        .obs
        .iter()
        .flatten()
        .filter_map(|o| o.score)
        .for_each(&mut upd);
    let decided = if custom_ok {
        decide_scale(opts.scale, max, &pain_st.score_header, &mut errs)
    } else {
        None
    };
    if let Some((scale, inferred)) = decided {
        let label = scale_label(scale);
        let note = if inferred {
            " (inferred from the largest score; declare the scale if that is wrong)"
        } else {
            ""
        };
        let outside = |x: f64| x < scale.min || x > scale.max;
        for d in &subj.drafts {
            if let Some(x) = d.baseline.filter(|&x| outside(x)) {
                errs.push(InputError::at(
                    Table::Subjects,
                    d.line,
                    subj.baseline_header.as_str(),
                    format!("the baseline {x} is outside the {label} scale{note}"),
                ));
            }
        }
        for (d, b) in subj.drafts.iter().zip(&pain_st.baselines) {
            let Some((x, line)) = *b else { continue };
            if d.baseline.is_none() && outside(x) {
                errs.push(InputError::at(
                    Table::Pain,
                    line,
                    pain_st.baseline_header.as_str(),
                    format!("the baseline {x} is outside the {label} scale{note}"),
                ));
            }
        }
        let rows = pain_st.obs.iter().flatten();
        for (o, &line) in rows.zip(pain_st.lines.iter().flatten()) {
            if let Some(x) = o.score.filter(|&x| outside(x)) {
                errs.push(InputError::at(
                    Table::Pain,
                    line as usize,
                    pain_st.score_header.as_str(),
                    format!("the score {x} is outside the {label} scale{note}"),
                ));
            }
        }
    }

    // Order by time; duplicated times are errors.
    for (i, (v, lines)) in pain_st
        .obs
        .iter_mut()
        .zip(pain_st.lines.iter_mut())
        .enumerate()
    {
        sort_by_time(v, lines);
        for (w, wl) in v.windows(2).zip(lines.windows(2)) {
            if let ([a, b], [la, lb]) = (w, wl) {
                if a.time == b.time {
                    let id = subj.drafts.get(i).map(|d| d.id.as_str()).unwrap_or("");
                    errs.push(InputError::at(
                        Table::Pain,
                        *lb as usize,
                        pain_st.time_header.as_str(),
                        format!("the subject \"{id}\" has two pain rows at time {} (lines {la} and {lb})", b.time),
                    ));
                }
            }
        }
    }
    for v in resc.events.iter_mut() {
        crate::sort::sort_by_f64(v, |e| e.time);
    }

    let Some((scale, scale_inferred)) = decided else {
        return Err(errs.finish());
    };
    if !errs.is_empty() {
        return Err(errs.finish());
    }
    let notes = notes(&subj, &pain_st, &resc, opts);
    let population = subj.population.clone();
    let (Some(subjects_map), Some(pain_map)) = (subj.mapping, pain_st.mapping) else {
        // Unreachable without errors; kept as an error rather than a panic.
        errs.push(InputError::new(
            Table::Subjects,
            "the tables could not be read",
        ));
        return Err(errs.finish());
    };

    // Warnings.
    let mut warnings = std::mem::take(&mut resc.warnings);
    let no_rows: Vec<&str> = subj
        .drafts
        .iter()
        .zip(&pain_st.obs)
        .filter(|(_, o)| o.is_empty())
        .map(|(d, _)| d.id.as_str())
        .collect();
    if !no_rows.is_empty() {
        warnings.push(InputWarning {
            table: Table::Pain,
            message: format!(
                "{} subject(s) have no rows in the pain table: {}",
                no_rows.len(),
                quoted_list(
                    no_rows.get(..no_rows.len().min(10)).unwrap_or(&[]),
                    no_rows.len()
                )
            ),
        });
    }
    let no_scores: Vec<&str> = subj
        .drafts
        .iter()
        .zip(&pain_st.obs)
        .filter(|(_, o)| !o.is_empty() && o.iter().all(|p| p.score.is_none()))
        .map(|(d, _)| d.id.as_str())
        .collect();
    if !no_scores.is_empty() {
        warnings.push(InputWarning {
            table: Table::Pain,
            message: format!(
                "{} subject(s) have only empty pain scores: {}",
                no_scores.len(),
                quoted_list(
                    no_scores.get(..no_scores.len().min(10)).unwrap_or(&[]),
                    no_scores.len()
                )
            ),
        });
    }

    let mut sizes = vec![0usize; subj.arms.len()];
    let n_subjects = subj.drafts.len();
    let mut cov_iters: Vec<std::vec::IntoIter<CovariateValue>> =
        subj.cov_values.into_iter().map(|c| c.into_iter()).collect();
    let mut out = Vec::with_capacity(n_subjects);
    for ((d, obs), (base_pain, events)) in subj
        .drafts
        .into_iter()
        .zip(pain_st.obs)
        .zip(pain_st.baselines.into_iter().zip(resc.events))
    {
        let arm = d.arm.unwrap_or(0);
        if let Some(s) = sizes.get_mut(arm) {
            *s += 1;
        }
        out.push(Subject {
            id: d.id,
            arm,
            baseline: d.baseline.or(base_pain.map(|(x, _)| x)),
            covariates: cov_iters
                .iter_mut()
                .map(|it| it.next().unwrap_or(CovariateValue::Missing))
                .collect(),
            pain: {
                let mut obs = obs;
                obs.shrink_to_fit();
                obs
            },
            rescue: events,
        });
    }
    let arms: Vec<ArmCount> = subj
        .arms
        .iter()
        .zip(&sizes)
        .map(|(a, &n)| ArmCount {
            arm: a.clone(),
            subjects: n,
        })
        .collect();
    let summary = InputSummary {
        subjects: subjects_map,
        pain: pain_map,
        rescue: resc.mapping,
        scale,
        scale_label: scale_label(scale),
        scale_inferred,
        counts: InputCounts {
            subjects: n_subjects,
            pain_rows: pain_st.rows,
            missing_scores: pain_st.missing_scores,
            rescue_rows: resc.rows,
        },
        arms,
        warnings,
        population,
        notes,
    };
    let trial = Trial {
        arms: subj.arms,
        covariates: subj.covariates,
        subjects: out,
        scale,
    };
    Ok((trial, summary))
}

/// What the input layer decided for the user, in words with counts.
fn notes(
    subj: &super::subjects::SubjectsStage,
    pain: &super::pain::PainStage,
    resc: &super::rescue::RescueStage,
    opts: &InputOptions,
) -> Vec<InputNote> {
    let mut out = Vec::new();
    let mut note = |table: Table, code: &str, count: usize, message: String| {
        out.push(InputNote {
            table,
            code: code.into(),
            message,
            count,
        })
    };
    let pop = &subj.population;
    let kept = pop
        .subjects_in_table
        .saturating_sub(pop.excluded_by_flag + pop.excluded_by_subset);
    let rows_out = |p: usize, r: usize| {
        if p + r == 0 {
            String::new()
        } else {
            format!(", with their {p} pain rows and {r} rescue rows")
        }
    };
    match &pop.flag {
        Some(f) => note(
            Table::Subjects,
            "population",
            pop.excluded_by_flag,
            format!(
                "Analysis population: {f} = Y{}: {} of {} subjects in the subjects table; {} left out",
                if pop.auto { " (chosen automatically; choose another flag or none)" } else { "" },
                pop.subjects_in_table - pop.excluded_by_flag,
                pop.subjects_in_table,
                pop.excluded_by_flag,
            ),
        ),
        None if opts.population.trim().eq_ignore_ascii_case("none") => note(
            Table::Subjects,
            "population",
            0,
            format!("Analysis population: every subject of the subjects table ({}); no population flag applied", pop.subjects_in_table),
        ),
        None => {}
    }
    if !pop.subset.is_empty() {
        note(
            Table::Subjects,
            "subset",
            pop.excluded_by_subset,
            format!(
                "Subset {}: {} subjects left out (including any with no value), {kept} analysed",
                pop.subset.join(" and "),
                pop.excluded_by_subset
            ),
        );
    }
    if pop.excluded_by_flag + pop.excluded_by_subset > 0 {
        note(
            Table::Subjects,
            "excludedRows",
            pop.pain_rows_excluded + pop.rescue_rows_excluded,
            format!(
                "Subjects outside the analysis set are left out of every table{}",
                rows_out(pop.pain_rows_excluded, pop.rescue_rows_excluded)
            ),
        );
    }
    let c = &pain.counts;
    if let Some((col, p)) = &pain.param {
        note(
            Table::Pain,
            "param",
            c.other_param_rows,
            format!(
                "Pain parameter {col} = {p}{}",
                if c.other_param_rows > 0 {
                    format!("; {} rows of other parameters left out", c.other_param_rows)
                } else {
                    String::new()
                }
            ),
        );
    }
    if !pain.conditions.is_empty() {
        note(
            Table::Pain,
            "rowFilter",
            c.filtered_rows,
            format!(
                "Pain rows meeting {}: {} rows left out",
                pain.conditions.join(" and "),
                c.filtered_rows
            ),
        );
    }
    if c.derived_rows > 0 {
        let col = pain.dtype_header.as_deref().unwrap_or("DTYPE");
        let message = if opts.derived_rows {
            format!(
                "{} derived rows (non-empty {col}) kept and analysed as if observed",
                c.derived_rows
            )
        } else {
            format!(
                "{} derived rows (non-empty {col}, e.g. LOCF) left out; the analysis's own imputation rules apply instead",
                c.derived_rows
            )
        };
        note(Table::Pain, "derived", c.derived_rows, message);
    }
    if c.baseline_rows > 0 {
        let how = match &pain.flag_header {
            Some(f) => format!("{f} = Y"),
            None => "a baseline time point".to_string(),
        };
        note(
            Table::Pain,
            "baselineRows",
            c.baseline_rows,
            format!(
                "{} baseline rows ({how}) give the baseline score ({}); they are not assessments after the origin",
                c.baseline_rows, pain.score_header
            ),
        );
    }
    if c.unflagged_baseline_rows > 0 {
        note(
            Table::Pain,
            "unflaggedBaseline",
            c.unflagged_baseline_rows,
            format!(
                "{} rows at a baseline time point not flagged as baseline left out",
                c.unflagged_baseline_rows
            ),
        );
    }
    if c.before_origin > 0 {
        note(
            Table::Pain,
            "beforeOrigin",
            c.before_origin,
            format!(
                "{} pain rows before the subject's reference datetime left out",
                c.before_origin
            ),
        );
    }
    if c.excluded_timepoint_rows > 0 {
        note(
            Table::Pain,
            "excludedTimepoint",
            c.excluded_timepoint_rows,
            format!(
                "{} pain rows at time points mapped to \"exclude\" left out",
                c.excluded_timepoint_rows
            ),
        );
    }
    if let (Some(words), Some(m)) = (&pain.time_words, &pain.mapping) {
        if m.time_source != Some(TimeSource::Hours) {
            note(Table::Pain, "timeSource", pain.rows, words.clone());
        }
    }
    if !resc.conditions.is_empty() {
        note(
            Table::Rescue,
            "rowFilter",
            resc.filtered_rows,
            format!(
                "Rescue rows meeting {}: {} rows left out",
                resc.conditions.join(" and "),
                resc.filtered_rows
            ),
        );
    }
    if resc.before_origin > 0 {
        note(
            Table::Rescue,
            "beforeOrigin",
            resc.before_origin,
            format!(
                "{} rescue rows before the subject's reference datetime (prior medication) left out",
                resc.before_origin
            ),
        );
    }
    if let (Some(words), Some(m)) = (&resc.time_words, &resc.mapping) {
        if m.time_source == Some(TimeSource::Datetime) {
            note(Table::Rescue, "timeSource", resc.rows, words.clone());
        }
    }
    out
}
