//! Recognising a place in free text: the new commune or ward a citizen means, from a new
//! name or an old (before 2025) one, with or without diacritics and type words.
//!
//! Every run of up to [`MAX_WORDS`] words is looked up as a key (folded, no spaces):
//! provinces (new and old names), new wards, old communes and old districts. Each new
//! ward a run can mean is scored by how the text supports it (a type word, the province
//! or old district named beside it); the best-supported wards win. One ward is the
//! answer; an old commune split between several, or a name several provinces share,
//! gives a choice.

use std::collections::BTreeMap;

use super::data::{accented_key, key_of, strip_type, Units, DISTRICT_TYPES, WARD_TYPES};
use crate::text::{folded_words, words};

/// Longest run of words read as one name ("thanh pho ho chi minh").
const MAX_WORDS: usize = 7;
/// Shortest untyped key taken as a name ("an" or "ha" alone are not).
const MIN_UNTYPED_KEY: usize = 5;

/// Support for a candidate: a name matched, with its type word, next to its province or
/// old district; a current name beats an old one at equal support.
const NAME: u32 = 10;
const TYPED: u32 = 10;
const IN_PROVINCE: u32 = 20;
const IN_DISTRICT: u32 = 20;
const CURRENT_NAME: u32 = 1;
const SAME_DIACRITICS: u32 = 5;

/// What the text names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// One ward; `old` is the old name as the citizen wrote it, when that is how it
    /// was found.
    Ward { ward: usize, old: Option<String> },
    /// An old commune split between these wards (the default first): ask which.
    Split { old: String, wards: Vec<usize> },
    /// A name that fits these wards equally well (several provinces, or both a new and
    /// an old name): ask which.
    Ambiguous { wards: Vec<usize> },
    /// Only a province.
    Province(usize),
    /// Nothing recognised.
    Unknown,
}

/// One way the text may name a ward.
#[derive(Debug, Clone)]
struct Candidate {
    wards: Vec<usize>,
    score: u32,
    /// The old name as written, for an old commune.
    old: Option<String>,
    /// The words of the name.
    span: (usize, usize),
}

/// A place and the words that name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub place: Place,
    /// Spans `[start, end)` of [`crate::text::words`] of the text that name the place:
    /// the best-supported names, the provinces and the typed old districts.
    pub spans: Vec<(usize, usize)>,
}

impl Units {
    /// The place `text` names, within `scope` (a province index) when set.
    pub fn find(&self, text: &str, scope: Option<usize>) -> Place {
        self.locate(text, scope).place
    }

    /// [`find`](Self::find), with the words that name the place.
    pub fn locate(&self, text: &str, scope: Option<usize>) -> Found {
        let folded = folded_words(text);
        let written = words(text);
        let runs = runs(&folded);
        let province_runs: Vec<(&Run, usize)> = runs
            .iter()
            .filter_map(|r| Some((r, self.province_named(&r.key)?)))
            .collect();
        let context = Context {
            provinces: named_provinces(&province_runs, scope),
            province_spans: province_runs
                .iter()
                .map(|(r, _)| (r.start, r.end))
                .collect(),
            districts: runs
                .iter()
                .map(|r| (strip_type(&r.key, &DISTRICT_TYPES), r.start, r.end))
                .filter(|(district, _, _)| self.old_districts.contains(*district))
                .collect(),
        };
        let mut candidates = Vec::new();
        let named = |r: &&Run| {
            self.ward_keys.contains_key(&r.key)
                || self
                    .old_ward_keys
                    .contains_key(strip_type(&r.key, &WARD_TYPES))
        };
        for run in runs
            .iter()
            .filter(named)
            .filter(|r| !context.in_province_name(r))
        {
            let name = written[run.start..run.end].join(" ");
            self.new_ward_candidates(run, &name, &context, &mut candidates);
            self.old_ward_candidates(run, &name, &context, &mut candidates);
        }
        candidates.retain(|c| c.wards.iter().all(|&w| self.in_scope(w, scope)));
        let top = candidates.iter().map(|c| c.score).max();
        let mut spans: Vec<(usize, usize)> = candidates
            .iter()
            .filter(|c| Some(c.score) == top)
            .map(|c| c.span)
            .collect();
        spans.extend(context.province_spans.iter().copied());
        spans.extend(
            runs.iter()
                .filter(|r| strip_type(&r.key, &DISTRICT_TYPES) != r.key)
                .filter(|r| {
                    context
                        .districts
                        .iter()
                        .any(|d| (d.1, d.2) == (r.start, r.end))
                })
                .map(|r| (r.start, r.end)),
        );
        Found {
            place: self.best(candidates, &context.provinces, scope),
            spans,
        }
    }

    fn in_scope(&self, ward: usize, scope: Option<usize>) -> bool {
        scope.is_none_or(|p| self.wards[ward].province == p)
    }

    fn new_ward_candidates(
        &self,
        run: &Run,
        written: &str,
        context: &Context,
        out: &mut Vec<Candidate>,
    ) {
        let accented = accented_key(written);
        for &(ward, typed) in self.ward_keys.get(&run.key).into_iter().flatten() {
            if !typed && run.key.len() < MIN_UNTYPED_KEY {
                continue;
            }
            let in_province = context.provinces.contains(&self.wards[ward].province);
            // Only what the citizen typed with marks is compared with marks.
            let same_marks = accented != run.key && self.wards[ward].accented.contains(&accented);
            out.push(Candidate {
                wards: vec![ward],
                score: NAME
                    + CURRENT_NAME
                    + if typed { TYPED } else { 0 }
                    + if in_province { IN_PROVINCE } else { 0 }
                    + if same_marks { SAME_DIACRITICS } else { 0 },
                old: None,
                span: (run.start, run.end),
            });
        }
    }

    fn old_ward_candidates(
        &self,
        run: &Run,
        written: &str,
        context: &Context,
        out: &mut Vec<Candidate>,
    ) {
        let untyped = strip_type(&run.key, &WARD_TYPES);
        let typed = untyped != run.key;
        if !typed && untyped.len() < MIN_UNTYPED_KEY {
            return;
        }
        for &o in self.old_ward_keys.get(untyped).into_iter().flatten() {
            let old = &self.old_wards[o];
            let in_province = old
                .targets
                .iter()
                .any(|&w| context.provinces.contains(&self.wards[w].province));
            let in_district = context.names_district(&old.district, run);
            out.push(Candidate {
                wards: old.targets.clone(),
                score: NAME
                    + if typed { TYPED } else { 0 }
                    + if in_province { IN_PROVINCE } else { 0 }
                    + if in_district { IN_DISTRICT } else { 0 },
                old: Some(written.to_owned()),
                span: (run.start, run.end),
            });
        }
    }

    /// The best-supported candidates, as a place.
    fn best(&self, candidates: Vec<Candidate>, provinces: &[usize], scope: Option<usize>) -> Place {
        let Some(top) = candidates.iter().map(|c| c.score).max() else {
            return match (provinces, scope) {
                ([p], _) => Place::Province(*p),
                ([], Some(p)) => Place::Province(p),
                _ => Place::Unknown,
            };
        };
        // Distinct outcomes among the best: the same ward reached twice is one.
        let mut best: BTreeMap<Vec<usize>, Option<String>> = BTreeMap::new();
        for c in candidates.into_iter().filter(|c| c.score == top) {
            best.entry(c.wards).or_insert(c.old);
        }
        if best.len() == 1 {
            let (wards, old) = best.into_iter().next().expect("one");
            return match (wards.as_slice(), old) {
                ([ward], old) => Place::Ward { ward: *ward, old },
                (_, Some(old)) => Place::Split { old, wards },
                (_, None) => Place::Ambiguous { wards },
            };
        }
        // Two distinct non-empty ward lists always hold two wards or more together.
        let mut wards: Vec<usize> = best.into_keys().flatten().collect();
        wards.sort_unstable();
        wards.dedup();
        Place::Ambiguous { wards }
    }
}

/// What the whole text says besides a ward's name.
struct Context<'a> {
    /// Provinces named (new indices).
    provinces: Vec<usize>,
    /// Word spans that name a province: not read as an untyped ward name ("tỉnh Sóc
    /// Trăng" is the old province, not "Phường Sóc Trăng").
    province_spans: Vec<(usize, usize)>,
    /// Untyped old district names written, with their word spans.
    districts: Vec<(&'a str, usize, usize)>,
}

impl Context<'_> {
    /// The text names `district` outside `run` ("Tân Thạnh" is not its own district).
    fn names_district(&self, district: &str, run: &Run) -> bool {
        self.districts
            .iter()
            .any(|&(d, start, end)| d == district && (end <= run.start || run.end <= start))
    }

    /// The run lies inside a province's name and has no ward type word of its own.
    fn in_province_name(&self, run: &Run) -> bool {
        strip_type(&run.key, &WARD_TYPES) == run.key
            && self
                .province_spans
                .iter()
                .any(|&(start, end)| start <= run.start && run.end <= end)
    }
}

/// A run of adjacent words as a key.
struct Run {
    start: usize,
    end: usize,
    words: usize,
    key: String,
}

/// New province indices the runs name (old province names map to the new one), within
/// `scope`; a short key ("hn") counts only as a word of its own.
fn named_provinces(province_runs: &[(&Run, usize)], scope: Option<usize>) -> Vec<usize> {
    let mut found: Vec<usize> = province_runs
        .iter()
        .filter(|(r, _)| r.key.len() >= 4 || r.words == 1)
        .map(|&(_, p)| p)
        .filter(|&p| scope.is_none_or(|s| s == p))
        .collect();
    found.sort_unstable();
    found.dedup();
    found
}

fn runs(folded: &[String]) -> Vec<Run> {
    let keys: Vec<String> = folded.iter().map(|w| key_of(w)).collect();
    let mut runs = Vec::new();
    for start in 0..keys.len() {
        let mut key = String::new();
        for end in start + 1..=(start + MAX_WORDS).min(keys.len()) {
            key.push_str(&keys[end - 1]);
            runs.push(Run {
                start,
                end,
                words: end - start,
                key: key.clone(),
            });
        }
    }
    runs
}
