//! Words that exclude each other, from the `[[opposites]]` sets of `knowledge/synonyms.toml`.
//!
//! A set lists the sides of one distinction a procedure is made for: an age ("dưới 14
//! tuổi" / "từ đủ 14 tuổi"), a means of transport (hàng không / đường bộ / đường thủy),
//! a place (trong nước / ở nước ngoài), a seat (trụ sở chính / chi nhánh). A name that
//! holds one side and not the side a question names is about something else: "Cấp thẻ
//! căn cước cho người dưới 14 tuổi" does not answer "làm căn cước cho người trên 14 tuổi".
//! Terms match on folded words, longest first, so "chưa đủ 14 tuổi" is not "đủ 14 tuổi".

use serde::{Deserialize, Serialize};

use super::folded_words;

/// One distinction and its sides, as written in the knowledge base.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct OppositeSet {
    /// Each side lists terms that mean the same side.
    pub sides: Vec<Vec<String>>,
}

/// The sides a text names: for each set, a bit per side (sets beyond 32 sides are cut).
pub type SidesNamed = Vec<u32>;

/// All opposite sets, folded for matching.
#[derive(Debug, Clone, Default)]
pub struct Opposites {
    /// (folded term, set, side), longest terms first.
    terms: Vec<(Vec<String>, usize, usize)>,
    sets: usize,
}

impl Opposites {
    pub fn new(sets: &[OppositeSet]) -> Opposites {
        let mut terms: Vec<(Vec<String>, usize, usize)> = sets
            .iter()
            .enumerate()
            .flat_map(|(set, s)| {
                s.sides
                    .iter()
                    .take(32)
                    .enumerate()
                    .flat_map(move |(side, terms)| {
                        terms.iter().map(move |t| (folded_words(t), set, side))
                    })
            })
            .filter(|(words, _, _)| !words.is_empty())
            .collect();
        terms.sort_by_key(|t| std::cmp::Reverse(t.0.len()));
        Opposites {
            terms,
            sets: sets.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The sides `words` (folded) name, longest term first, without overlaps.
    pub fn named(&self, words: &[String]) -> SidesNamed {
        let mut named = vec![0u32; self.sets];
        let mut i = 0;
        while i < words.len() {
            let found = self
                .terms
                .iter()
                .find(|(term, _, _)| words[i..].starts_with(term));
            match found {
                Some((term, set, side)) => {
                    named[*set] |= 1 << side;
                    i += term.len();
                }
                None => i += 1,
            }
        }
        named
    }

    /// True when `name` names another side of a set whose one side `question` names,
    /// and not the question's side. A question naming two sides of a set settles nothing.
    pub fn contradicts(question: &SidesNamed, name: &SidesNamed) -> bool {
        question
            .iter()
            .zip(name)
            .any(|(&q, &n)| q.count_ones() == 1 && n != 0 && n & q == 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opposites() -> Opposites {
        let side = |terms: &[&str]| terms.iter().map(|t| t.to_string()).collect();
        Opposites::new(&[
            OppositeSet {
                sides: vec![
                    side(&["dưới 14 tuổi", "chưa đủ 14 tuổi"]),
                    side(&["đủ 14 tuổi", "trên 14 tuổi"]),
                ],
            },
            OppositeSet {
                sides: vec![side(&["trụ sở chính"]), side(&["chi nhánh"])],
            },
        ])
    }

    fn named(text: &str) -> SidesNamed {
        opposites().named(&folded_words(text))
    }

    #[test]
    fn a_name_on_the_other_side_contradicts_the_question() {
        let question = named("lam the can cuoc cho nguoi tren 14 tuoi");
        assert!(Opposites::contradicts(
            &question,
            &named("Cấp thẻ căn cước cho người dưới 14 tuổi")
        ));
        assert!(!Opposites::contradicts(
            &question,
            &named("Cấp thẻ căn cước")
        ));
        assert!(!Opposites::contradicts(
            &question,
            &named("Cấp thẻ căn cước cho người từ đủ 14 tuổi trở lên")
        ));
    }

    #[test]
    fn the_longest_term_decides_its_side() {
        let question = named("con tôi chưa đủ 14 tuổi");
        assert!(Opposites::contradicts(
            &question,
            &named("người từ đủ 14 tuổi")
        ));
        assert!(!Opposites::contradicts(
            &question,
            &named("người dưới 14 tuổi")
        ));
    }

    #[test]
    fn a_question_naming_both_sides_or_a_name_holding_both_settles_nothing() {
        let both = named("chuyển trụ sở chính, không mở chi nhánh");
        assert!(!Opposites::contradicts(
            &both,
            &named("Đăng ký hoạt động chi nhánh")
        ));
        let question = named("đổi địa chỉ trụ sở chính");
        assert!(!Opposites::contradicts(
            &question,
            &named("Thay đổi địa chỉ trụ sở chính, vốn cấp cho chi nhánh")
        ));
        assert!(Opposites::contradicts(
            &question,
            &named("Đăng ký hoạt động chi nhánh")
        ));
    }
}
