//! Raw OCR plans from `../shared/seeds/`, indexed unmodified, answer the plan questions.

use tthc_bot::eval::parse_cases;
use tthc_bot::search::{build, Entry, Searcher};

use crate::support::fixtures::{ask, copy_dir, shared};

/// Which seed file each dev plan question is about (by the place it names).
fn expected_source(expect: &[String]) -> &'static str {
    let e = expect.join(" ");
    if e.contains("bac ruong") {
        "003_341287f61a7bd3b1.txt"
    } else if e.contains("lien minh") {
        "001_54efecfa49823f2d.txt"
    } else if e.contains("soc trang") {
        "002_c16015a188fe2276.txt"
    } else if e.contains("can tho") {
        "004_64fb6d358b0aa165.txt"
    } else {
        panic!("no seed known for {e}")
    }
}

#[test]
fn raw_ocr_plans_answer_dev_plan_questions_from_the_right_file() {
    let knowledge = tempfile::tempdir().unwrap();
    copy_dir(&shared().join("seeds"), &knowledge.path().join("plans"));
    let index = tempfile::tempdir().unwrap();
    build(knowledge.path(), index.path()).expect("raw OCR plans build");
    let searcher = Searcher::open(index.path()).unwrap();

    let dev = std::fs::read_to_string(shared().join("eval/dev.jsonl")).unwrap();
    let plan_cases: Vec<_> = parse_cases(&dev)
        .unwrap()
        .into_iter()
        .filter(|c| c.kind.as_deref() == Some("plan"))
        .collect();
    assert!(plan_cases.len() >= 4);
    for case in plan_cases {
        let answer = ask(&searcher, &case.q);
        let top = answer.result.hits.first().expect("a plan hit");
        let Entry::Plan(section) = searcher.entry(top.ord) else {
            panic!("{:?}: top hit is not a plan", case.q);
        };
        assert_eq!(
            section.source,
            expected_source(case.expect.as_ref().unwrap()),
            "{:?}",
            case.q
        );
    }
}
