//! Deciding words among near-duplicate candidates.
//!
//! Two candidates whose titles share most of the shorter one's words ("Cấp hộ chiếu phổ
//! thông" and "Trình báo mất hộ chiếu phổ thông") differ in a few deciding words, compared
//! as syllable pairs so that a folded syllable shared by chance ("sổ đỏ" and "do bị mất")
//! decides nothing. When the question writes a deciding pair of one title and none of the
//! other's, the other is contradicted and never the answer; when it writes none on either
//! side, the question is unsettled and the citizen is asked to choose, unless one name fits
//! the action the question asks for and the other does not. A title that adds
//! nothing to a rival's (the general procedure next to its "lưu động" variant) is
//! preferred while the question writes none of the variant's extra pairs and asks for no
//! action only the variant fits ("xin cấp lại" and "Công bố lại"). "Writes" means at
//! least [`DECIDING_SHARE`] of a title's deciding pairs, and none of the other's. Titles
//! that share only common words ("Đăng ký …") are not near-duplicates: shared words
//! count by their rarity.

use super::matching::TitleIds;
use super::searcher::Hit;

/// Candidates compared with each other (the head of the ranking).
pub const RIVALS: usize = 6;
/// Two titles are near-duplicates when the words they share weigh (by rarity) at least
/// this share of the lighter title's words, and number at least [`CLOSE_MIN_WORDS`]:
/// sharing "đăng ký" alone does not make "Đăng ký khai sinh" a variant of "Đăng ký nhận
/// cha, mẹ, con".
const CLOSE_SHARE: f32 = 0.5;
const CLOSE_MIN_WORDS: usize = 2;

/// A title is favoured when the question writes at least this share of its deciding
/// pairs and none of the other's ("dưới 14 tuổi" is not favoured by "cho người trên 14
/// tuổi", which writes two of its five pairs).
const DECIDING_SHARE: f32 = 0.5;
/// A favoured rival replaces the top hit only when its ranking score (log-odds of being
/// right) is within this much of the top's.
const PROMOTE_MARGIN: f32 = 3.0;
/// A rival leaves the question unsettled only when its ranking score (log-odds of being
/// right) is within this much of the top's: a far weaker rival is not a real alternative.
const UNSETTLED_MARGIN: f32 = 1.5;

/// How two near-duplicate titles stand to the question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Relation {
    /// Not near-duplicates, or the question names deciding words on both sides.
    Neutral,
    /// The question favours the first title.
    First,
    /// The question favours the second title.
    Second,
    /// The second title is the general one and the question names nothing of the first
    /// title's extra words: preferred, but it contradicts nothing.
    SecondGeneral,
    /// Both titles have deciding words and the question names none of them.
    Unsettled,
}

/// What the deciding words say about the (re-ordered) top hit.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rivalry {
    /// A near-duplicate rival is favoured by the question's words over the top hit.
    pub contradicted: bool,
    /// Positions (in the hit list) of rivals the question does not tell apart from the top.
    pub unsettled: Vec<usize>,
    /// Position of the best hit whose title differs from the top's.
    pub runner_up: Option<usize>,
    /// Positions of the first hit of each distinct title (the same procedure at another
    /// level counts once), best first.
    pub distinct: Vec<usize>,
}

/// Moves a rival the question favours to the top, then describes the top's rivals.
/// `written` holds the question's sorted bigram ids; `title` gives an entry's title and
/// `rarity` a word id's weight.
pub fn settle<'a>(
    hits: &mut [Hit],
    written: &[u32],
    title: impl Fn(usize) -> TitleIds<'a>,
    rarity: impl Fn(u32) -> f32,
) -> Rivalry {
    let head = hits.len().min(RIVALS);
    if head == 0 {
        return Rivalry::default();
    }
    let relation = |a: &Hit, b: &Hit| {
        let fits = [a, b].map(|h| h.features.action_fits());
        relation(written, [title(a.ord), title(b.ord)], fits, &rarity)
    };
    let mut seen = vec![false; head];
    seen[0] = true;
    let floor = hits[0].score - PROMOTE_MARGIN;
    let favoured = |r: Relation| matches!(r, Relation::Second | Relation::SecondGeneral);
    for _ in 0..head {
        let better = (1..head).find(|&j| {
            !seen[j] && favoured(relation(&hits[0], &hits[j])) && hits[j].score >= floor
        });
        let Some(j) = better else { break };
        seen[j] = true;
        hits[..=j].rotate_right(1);
        seen[..=j].rotate_right(1);
    }
    let mut distinct: Vec<usize> = Vec::new();
    for j in 0..hits.len() {
        let words = title(hits[j].ord).words;
        if distinct.iter().all(|&k| title(hits[k].ord).words != words) {
            distinct.push(j);
        }
    }
    let mut rivalry = Rivalry {
        runner_up: distinct.get(1).copied(),
        distinct,
        ..Rivalry::default()
    };
    for j in 1..head {
        match relation(&hits[0], &hits[j]) {
            Relation::Second => rivalry.contradicted = true,
            Relation::SecondGeneral if hits[j].score >= floor => rivalry.contradicted = true,
            Relation::SecondGeneral => {}
            Relation::Unsettled if hits[j].score >= hits[0].score - UNSETTLED_MARGIN => {
                rivalry.unsettled.push(j)
            }
            Relation::Unsettled => {}
            Relation::Neutral | Relation::First => {}
        }
    }
    rivalry
}

/// How titles `a` and `b` stand to the question's `written` pairs. `fits` says whether
/// each name fits the action the question asks for
/// ([`super::ranker::RankFeatures::action_fits`]), which settles a pair whose deciding
/// words the question does not write ("xin giấy xác nhận khuyết tật" asks for the first
/// issue, not "Đổi, cấp lại …").
fn relation(
    written: &[u32],
    [a, b]: [TitleIds; 2],
    fits: [bool; 2],
    rarity: impl Fn(u32) -> f32,
) -> Relation {
    let shared: Vec<u32> = a
        .words
        .iter()
        .copied()
        .filter(|w| b.words.binary_search(w).is_ok())
        .collect();
    let weight = |ids: &[u32]| ids.iter().map(|&id| rarity(id)).sum::<f32>();
    let lighter = weight(a.words).min(weight(b.words));
    if shared.len() < CLOSE_MIN_WORDS || weight(&shared) < CLOSE_SHARE * lighter {
        return Relation::Neutral;
    }
    let only_a: Vec<u32> = difference(a.deciding, b.deciding);
    let only_b: Vec<u32> = difference(b.deciding, a.deciding);
    let written_share = |set: &[u32]| {
        let n = set
            .iter()
            .filter(|w| written.binary_search(w).is_ok())
            .count();
        if set.is_empty() {
            0.0
        } else {
            n as f32 / set.len() as f32
        }
    };
    let (share_a, share_b) = (written_share(&only_a), written_share(&only_b));
    // A title that adds no word to the other's is the general one ("Cấp giấy phép X"
    // beside "Cấp lại giấy phép X"), though their word pairs differ at the seam.
    let a_general = difference(a.words, b.words).is_empty();
    let b_general = difference(b.words, a.words).is_empty();
    match (share_a, share_b) {
        (a, 0.0) if a >= DECIDING_SHARE => Relation::First,
        (0.0, b) if b >= DECIDING_SHARE => Relation::Second,
        // The general title wins while the question names none of the variant's words,
        // nor an action only the variant fits ("xin cấp lại" for "Công bố lại …").
        (_, 0.0) if a_general && !b_general && fits != [false, true] => Relation::First,
        (0.0, _) if b_general && !a_general && fits != [true, false] => Relation::SecondGeneral,
        (0.0, 0.0) if only_a.is_empty() && only_b.is_empty() => Relation::Neutral,
        (0.0, 0.0) if fits == [true, false] => Relation::First,
        (0.0, 0.0) if fits == [false, true] => Relation::SecondGeneral,
        (0.0, 0.0) => Relation::Unsettled,
        _ => Relation::Neutral,
    }
}

/// Ids of sorted `a` missing from sorted `b`.
fn difference(a: &[u32], b: &[u32]) -> Vec<u32> {
    a.iter()
        .copied()
        .filter(|w| b.binary_search(w).is_err())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::ranker::RANK_FEATURE_NAMES;

    fn hit(ord: usize, coverage: f32) -> Hit {
        Hit {
            ord,
            score: 1.0 - ord as f32 * 0.1,
            coverage,
            named_share: 1.0,
            phrase: 1.0,
            precision: 1.0,
            title_recall: 1.0,
            title_phrase: 1.0,
            features: Default::default(),
        }
    }

    /// Titles in the tests use the same ids for words and pairs.
    fn title(ids: &'static [u32]) -> TitleIds<'static> {
        TitleIds {
            lead: &[],
            again: false,
            words: ids,
            bigrams: ids,
            deciding: ids,
            specificity: 1.0,
        }
    }

    // Word ids: 1 cấp, 2 hộ, 3 chiếu, 4 trình, 5 báo, 6 mất, 7 lại, 8 đổi, 9 lưu, 10 động.
    #[test]
    fn a_named_deciding_word_moves_its_title_to_the_top() {
        let titles = [title(&[1, 2, 3]), title(&[2, 3, 4, 5, 6])];
        let mut hits = vec![hit(0, 0.8), hit(1, 0.75)];
        let rivalry = settle(&mut hits, &[2, 3, 4, 5, 6], |ord| titles[ord], |_| 1.0);
        assert_eq!(hits[0].ord, 1, "trình báo mất hộ chiếu, not cấp hộ chiếu");
        assert!(!rivalry.contradicted);
    }

    #[test]
    fn a_contradicted_top_that_cannot_be_replaced_is_flagged() {
        let titles = [title(&[1, 2, 3]), title(&[2, 3, 4, 5, 6])];
        // The rival scores far lower: it is not promoted, but the top hit is still
        // contradicted by the words "trình báo mất" the question writes.
        let mut hits = vec![hit(0, 0.9), hit(1, 0.3)];
        hits[1].score = -5.0;
        let rivalry = settle(&mut hits, &[2, 3, 4, 5, 6], |ord| titles[ord], |_| 1.0);
        assert_eq!(hits[0].ord, 0);
        assert!(rivalry.contradicted);
    }

    #[test]
    fn unnamed_deciding_words_leave_the_question_unsettled() {
        let titles = [title(&[1, 2, 3, 7]), title(&[1, 2, 3, 8])];
        let mut hits = vec![hit(0, 0.8), hit(1, 0.8)];
        let rivalry = settle(&mut hits, &[2, 3], |ord| titles[ord], |_| 1.0);
        assert_eq!(rivalry.unsettled, vec![1]);
        assert!(!rivalry.contradicted);
    }

    #[test]
    fn the_name_that_fits_the_asked_action_settles_the_question() {
        let titles = [title(&[1, 2, 3, 7]), title(&[1, 2, 3, 8])];
        let mut hits = vec![hit(0, 0.8), hit(1, 0.8)];
        hits[1].features.0 = [1.0; RANK_FEATURE_NAMES.len()];
        let rivalry = settle(&mut hits, &[2, 3], |ord| titles[ord], |_| 1.0);
        assert_eq!(hits[0].ord, 1, "the name that fits comes first");
        assert!(rivalry.unsettled.is_empty());
    }

    #[test]
    fn the_general_title_wins_over_an_unnamed_variant() {
        let titles = [title(&[1, 2, 3, 9, 10]), title(&[1, 2, 3])];
        let mut hits = vec![hit(0, 0.8), hit(1, 0.8)];
        let rivalry = settle(&mut hits, &[1, 2, 3], |ord| titles[ord], |_| 1.0);
        assert_eq!(hits[0].ord, 1);
        assert!(!rivalry.contradicted);
        assert!(rivalry.unsettled.is_empty());
        assert_eq!(rivalry.runner_up, Some(1));
        assert_eq!(rivalry.distinct, vec![0, 1]);
    }

    #[test]
    fn the_variant_that_fits_the_asked_action_keeps_its_place_over_the_general_title() {
        // "Công bố lại hoạt động bến" before "Công bố hoạt động bến" for "xin cấp lại".
        let titles = [title(&[1, 2, 3, 7]), title(&[1, 2, 3])];
        let mut hits = vec![hit(0, 0.8), hit(1, 0.8)];
        hits[0].features.0 = [1.0; RANK_FEATURE_NAMES.len()];
        let rivalry = settle(&mut hits, &[1, 2, 3], |ord| titles[ord], |_| 1.0);
        assert_eq!(hits[0].ord, 0);
        assert!(!rivalry.contradicted);
    }

    #[test]
    fn sharing_only_common_words_makes_no_near_duplicates() {
        // Ids: 1 đăng, 2 ký (in most names), 3 khai, 4 sinh, 5 nhận, 6 cha, 7 mẹ, 8 con.
        let titles = [title(&[1, 2, 5, 6, 7, 8]), title(&[1, 2, 3, 4])];
        let common = |id: u32| if id <= 2 { 0.1 } else { 1.0 };
        let mut hits = vec![hit(0, 0.5), hit(1, 0.4)];
        settle(&mut hits, &[3, 4], |ord| titles[ord], common);
        assert_eq!(hits[0].ord, 0, "nhận cha, mẹ, con keeps its rank");
        // Counted word by word, "đăng ký" alone would make them variants of each other.
        let mut hits = vec![hit(0, 0.5), hit(1, 0.4)];
        settle(&mut hits, &[3, 4], |ord| titles[ord], |_| 1.0);
        assert_eq!(hits[0].ord, 1);
    }
}
