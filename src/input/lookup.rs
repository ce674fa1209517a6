//! Rows of the pain and rescue tables refer to subjects: finding them, and reporting ids that
//! are not in the subjects table and arms that disagree with it.

use super::subjects::SubjectDraft;
use super::table::{excerpt, Cell, Errors};
use crate::error::{InputError, Table};
use crate::hash::{FastMap, FastSet};

/// Most distinct unknown subject ids reported one error each; more are summarised in one
/// error naming the first [`EXAMPLES`] with the full list in its details.
const MAX_UNKNOWN_ONE_BY_ONE: usize = 5;
const EXAMPLES: usize = 5;

/// Finds the subject of a row, remembering the previous one (rows usually come grouped).
pub(super) struct Lookup<'s> {
    index: &'s FastMap<String, usize>,
    excluded: &'s FastSet<String>,
    buf: String,
    /// The previous row's id and its subject (`None`: left out of the analysis set).
    last: Option<(String, Option<usize>)>,
}

pub(super) enum Found {
    Subject(usize),
    /// In the subjects table but outside the analysis set (population flag, subset).
    Excluded,
    Unknown,
    Empty,
}

impl<'s> Lookup<'s> {
    pub(super) fn new(index: &'s FastMap<String, usize>, excluded: &'s FastSet<String>) -> Self {
        Lookup {
            index,
            excluded,
            buf: String::new(),
            last: None,
        }
    }

    fn found(i: Option<usize>) -> Found {
        i.map_or(Found::Excluded, Found::Subject)
    }

    pub(super) fn find(&mut self, cell: Cell<'_>) -> Found {
        // Fast path: the same subject as the previous row, compared without copying the cell
        // (a stored id is never a missing-value text such as "NA", so `text` would not change
        // a matching cell).
        if let (Cell::Str(s), Some((last, i))) = (cell, &self.last) {
            if last == s {
                return Self::found(*i);
            }
        }
        let id = cell.text(&mut self.buf);
        if id.is_empty() {
            return Found::Empty;
        }
        if let Some((last, i)) = &self.last {
            if last == id {
                return Self::found(*i);
            }
        }
        let hit = match self.index.get(id) {
            Some(&i) => Some(i),
            None if self.excluded.contains(id) => None,
            None => return Found::Unknown,
        };
        match &mut self.last {
            Some((s, j)) => {
                s.clear();
                s.push_str(id);
                *j = hit;
            }
            None => self.last = Some((id.to_string(), hit)),
        }
        Self::found(hit)
    }

    pub(super) fn id(&self) -> &str {
        &self.buf
    }
}

/// Ids of rows whose subject is not in the subjects table: (id, first line, rows), in order of
/// first appearance. Bounded by the table's rows.
#[derive(Default)]
pub(super) struct Unknown {
    ids: Vec<(String, usize, usize)>,
    pos: FastMap<String, usize>,
}

impl Unknown {
    pub(super) fn add(&mut self, id: &str, line: usize) {
        if let Some(&k) = self.pos.get(id) {
            if let Some(e) = self.ids.get_mut(k) {
                e.2 += 1;
            }
        } else {
            self.pos.insert(id.to_string(), self.ids.len());
            self.ids.push((id.to_string(), line, 1));
        }
    }

    /// One error per id when there are few; else one summary line for the table pair with
    /// the first examples, and every id in its details.
    pub(super) fn report(self, t: Table, column: &str, errs: &mut Errors) {
        let rows_of = |n: usize| {
            if n == 1 {
                String::new()
            } else {
                format!(" ({n} rows)")
            }
        };
        if self.ids.len() <= MAX_UNKNOWN_ONE_BY_ONE {
            for (id, line, n) in self.ids {
                errs.push(InputError::at(
                    t,
                    line,
                    column,
                    format!(
                        "the subject \"{}\" is not in the subjects table{}",
                        excerpt(&id, 40),
                        rows_of(n)
                    ),
                ));
            }
            return;
        }
        let rows: usize = self.ids.iter().map(|x| x.2).sum();
        let first = self.ids.first().map_or(0, |x| x.1);
        let examples: Vec<String> = self
            .ids
            .iter()
            .take(EXAMPLES)
            .map(|(id, line, _)| format!("\"{}\" (line {line})", excerpt(id, 40)))
            .collect();
        let mut e = InputError::at(
            t,
            first,
            column,
            format!(
                "{} subjects of the {} table ({rows} rows) are not in the subjects table: {}, …; is this table from the same trial as the subjects table? (the full list can be downloaded)",
                self.ids.len(),
                t.name(),
                examples.join(", ")
            ),
        );
        e.details = self
            .ids
            .into_iter()
            .map(|(id, line, n)| format!("{id}\tline {line}\t{n} rows"))
            .collect();
        errs.push(e);
    }
}

/// Checks an optional arm cell against the subject's arm (once per subject).
#[allow(clippy::too_many_arguments)]
pub(super) fn check_arm(
    cell: Cell<'_>,
    (drafts, arms): (&[SubjectDraft], &[String]),
    i: usize,
    reported: &mut [bool],
    buf: &mut String,
    t: Table,
    line: usize,
    col: &str,
    errs: &mut Errors,
) {
    let label = cell.text(buf);
    if label.is_empty() || reported.get(i).copied().unwrap_or(true) {
        return;
    }
    let Some(d) = drafts.get(i) else { return };
    let Some(expected) = d.arm.and_then(|a| arms.get(a)) else {
        return;
    };
    if expected != label {
        errs.push(InputError::at(
            t,
            line,
            col,
            format!(
                "the subject \"{}\" is in arm \"{label}\" here but in arm \"{expected}\" in the subjects table",
                d.id
            ),
        ));
        if let Some(r) = reported.get_mut(i) {
            *r = true;
        }
    }
}
