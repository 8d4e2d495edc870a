//! The re-ranking features on a hand-made corpus of five names and hand-made question
//! slots (weight 1 each, so shares are counts).

use super::*;
use crate::search::query::{QueryPlan, Slot};
use crate::search::vocab::EntryText;
use crate::text::{bigrams, folded_words, Analyzed};

/// A tiny corpus: "cấp" starts three names, so it weighs less than "hộ chiếu".
struct Corpus {
    vocab: Vocab,
    birth: EntryWords,
    passport: EntryWords,
    scattered: EntryWords,
}

fn entry(vocab: &mut Vocab, title: &str, body: &str) -> EntryWords {
    vocab.add(&EntryText {
        title: folded_words(title),
        name: Analyzed::of(title),
        body: Analyzed::of(body),
    })
}

fn corpus() -> Corpus {
    let mut vocab = Vocab::default();
    let birth = entry(&mut vocab, "Đăng ký khai sinh", "Tờ khai đăng ký khai sinh");
    let passport = entry(
        &mut vocab,
        "Cấp hộ chiếu",
        "Hồ sơ cấp hộ chiếu phổ thông gồm bản sao giấy khai sinh",
    );
    let scattered = entry(&mut vocab, "Khai thác phát sinh", "Khoáng sản");
    entry(&mut vocab, "Cấp giấy phép lái xe", "Sát hạch lái xe");
    entry(&mut vocab, "Cấp căn cước", "Thu nhận vân tay");
    Corpus {
        vocab,
        birth,
        passport,
        scattered,
    }
}

/// One topic slot per word of `text`, weight 1.
fn topics(text: &str) -> Vec<Slot> {
    folded_words(text).into_iter().map(|w| slot(&[w])).collect()
}

fn slot(words: &[String]) -> Slot {
    Slot {
        words: words.to_vec(),
        accented: vec![None; words.len()],
        alternatives: Vec::new(),
        stop: false,
        weight: 1.0,
    }
}

fn filler(word: &str) -> Slot {
    Slot {
        stop: true,
        weight: 0.0,
        ..slot(&[word.to_owned()])
    }
}

fn title_bigrams(vocab: &Vocab, title: &str) -> Vec<u32> {
    let mut ids: Vec<u32> = bigrams(&folded_words(title))
        .iter()
        .filter_map(|b| vocab.id(b))
        .collect();
    ids.sort_unstable();
    ids
}

/// The features of `words` (titled `title`) for the question `slots`; `specific` is the
/// title weight from which a title is specific (see [`TitleIds::specificity`]).
fn features(
    c: &Corpus,
    slots: Vec<Slot>,
    words: &EntryWords,
    title: &str,
    specific: f32,
) -> Features {
    let q = QuestionIds::new(
        &QueryPlan {
            slots,
            diacritics_typed: true,
        },
        &c.vocab,
    );
    let bigrams = title_bigrams(&c.vocab, title);
    let title = TitleIds {
        lead: &[],
        again: false,
        words: &words.title,
        bigrams: &bigrams,
        deciding: &bigrams,
        specificity: (title_weight(&words.title, &c.vocab) / specific).min(1.0),
    };
    Features::of(&q, words, title, &c.vocab)
}

fn assert_close(actual: f32, expected: f32, what: &str) {
    assert!(
        (actual - expected).abs() < 1e-5,
        "{what}: {actual}, expected {expected}"
    );
}

#[test]
fn a_question_naming_the_whole_title_scores_one_everywhere() {
    let c = corpus();
    let f = features(
        &c,
        topics("đăng ký khai sinh"),
        &c.birth,
        "Đăng ký khai sinh",
        0.1,
    );
    for (value, what) in [
        (f.coverage, "coverage"),
        (f.phrase, "phrase"),
        (f.named_share, "named share"),
        (f.precision, "precision"),
        (f.title_recall, "title recall"),
        (f.title_phrase, "title phrase"),
    ] {
        assert_close(value, 1.0, what);
    }
    assert_close(f.residual, 0.0, "residual: the name leaves nothing");
}

#[test]
fn fillers_count_nowhere() {
    let c = corpus();
    let mut slots = vec![filler("lam")];
    slots.extend(topics("khai sinh"));
    slots.push(filler("gi"));
    let f = features(&c, slots, &c.birth, "Đăng ký khai sinh", 0.1);
    assert_close(f.coverage, 1.0, "coverage");
    assert_close(f.phrase, 1.0, "phrase");
    assert_close(f.named_share, 1.0, "named share");
}

#[test]
fn words_found_only_in_the_body_get_half_credit() {
    let c = corpus();
    // "khai sinh" is in the passport's body ("bản sao giấy khai sinh"), not its name:
    // two words and their pair, each at half credit.
    let f = features(&c, topics("khai sinh"), &c.passport, "Cấp hộ chiếu", 0.1);
    assert_close(f.coverage, BODY_CREDIT, "coverage");
    assert_close(f.residual, 1.0, "the body covers all the name leaves");
    assert_close(f.phrase, 0.0, "phrase (not in the name)");
    assert_close(f.named_share, 0.0, "named share");
}

#[test]
fn residual_is_the_share_of_the_unnamed_words_the_body_holds() {
    let c = corpus();
    // "khai sinh" named, "tờ" in the body, "xyz" nowhere.
    let f = features(
        &c,
        topics("khai sinh tờ xyz"),
        &c.birth,
        "Đăng ký khai sinh",
        0.1,
    );
    assert_close(f.residual, 0.5, "residual");
    assert!(f.coverage > 0.0 && f.coverage < 1.0, "{}", f.coverage);
}

#[test]
fn a_compound_scattered_over_other_words_is_weak_evidence() {
    let c = corpus();
    // "Khai thác phát sinh" holds both syllables of "khai sinh", never together.
    let f = features(
        &c,
        topics("khai sinh"),
        &c.scattered,
        "Khai thác phát sinh",
        0.1,
    );
    // Each word keeps SPLIT_COMPOUND_CREDIT; the pair is missing: (0.5 + 0.5 + 0) / 3.
    assert_close(f.coverage, 2.0 * SPLIT_COMPOUND_CREDIT / 3.0, "coverage");
    assert_close(f.phrase, 0.0, "phrase");
    assert_close(
        f.named_share,
        0.0,
        "the one unit, 'khai sinh', is not named",
    );
    let whole = features(&c, topics("khai sinh"), &c.birth, "Đăng ký khai sinh", 0.1);
    assert!(whole.coverage > f.coverage);
}

#[test]
fn a_synonym_alternative_matches_as_a_phrase_and_an_unknown_pair_counts_against() {
    let c = corpus();
    let mut passport = slot(&["passport".to_owned()]);
    passport.alternatives = vec![vec!["ho".to_owned(), "chieu".to_owned()]];
    let slots = vec![slot(&["cap".to_owned()]), passport];
    let f = features(&c, slots, &c.passport, "Cấp hộ chiếu", 0.1);
    // Both slots named; the pair "cap_passport" is unknown and uncovered: 2 of 3.
    assert_close(f.coverage, 2.0 / 3.0, "coverage");
    // The alternative "hộ chiếu" is a phrase of the name; "cấp" joins nothing known.
    assert_close(f.phrase, 0.5, "phrase");
    assert_close(f.named_share, 1.0, "named share");
    assert_close(
        f.title_recall,
        1.0,
        "the alternative's words name the title",
    );
}

#[test]
fn precision_and_title_phrase_count_the_titles_words_and_pairs() {
    let c = corpus();
    let f = features(&c, topics("hộ chiếu"), &c.passport, "Cấp hộ chiếu", 0.1);
    assert_close(
        f.precision,
        2.0 / 3.0,
        "precision: hộ, chiếu of cấp hộ chiếu",
    );
    assert_close(
        f.title_phrase,
        0.5,
        "title phrase: hộ_chiếu of cấp_hộ, hộ_chiếu",
    );
}

#[test]
fn title_recall_weighs_words_by_rarity() {
    let c = corpus();
    let rare = features(&c, topics("hộ chiếu"), &c.passport, "Cấp hộ chiếu", 0.1);
    let common = features(&c, topics("cấp"), &c.passport, "Cấp hộ chiếu", 0.1);
    // "cấp" starts three names: it weighs less than a third of the title.
    assert!(rare.title_recall > 2.0 / 3.0, "{}", rare.title_recall);
    assert!(common.title_recall < 1.0 / 3.0, "{}", common.title_recall);
    assert_close(
        rare.title_recall + common.title_recall,
        1.0,
        "the parts sum up",
    );
}

#[test]
fn title_recall_is_scaled_down_for_titles_lighter_than_specific() {
    let c = corpus();
    let weight = title_weight(&c.passport.title, &c.vocab);
    let full = features(
        &c,
        topics("cấp hộ chiếu"),
        &c.passport,
        "Cấp hộ chiếu",
        weight,
    );
    let half = features(
        &c,
        topics("cấp hộ chiếu"),
        &c.passport,
        "Cấp hộ chiếu",
        2.0 * weight,
    );
    assert_close(full.title_recall, 1.0, "a title as heavy as specific");
    assert_close(half.title_recall, 0.5, "a title half as heavy as specific");
}

#[test]
fn an_empty_question_scores_zero() {
    let c = corpus();
    let f = features(&c, vec![filler("gi")], &c.birth, "Đăng ký khai sinh", 0.1);
    for value in [f.coverage, f.residual, f.phrase, f.named_share, f.precision] {
        assert_close(value, 0.0, "empty question");
    }
}
