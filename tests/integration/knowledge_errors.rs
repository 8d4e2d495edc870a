//! A broken knowledge file is reported as `path:line: field: message`, the command fails,
//! and the previous index keeps serving.

use std::fs;

use crate::support::binary::{command, json_lines, run_cli, run_with_stdin};
use crate::support::fixtures::{copy_dir, repo, TEMPLATE};

const GOOD: &str = TEMPLATE;

fn knowledge_with(extra: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let procedures = dir.path().join("knowledge/procedures/ho-tich");
    fs::create_dir_all(&procedures).unwrap();
    fs::write(procedures.join("dang-ky-khai-sinh.toml"), GOOD).unwrap();
    fs::copy(
        repo().join("knowledge/synonyms.toml"),
        dir.path().join("knowledge/synonyms.toml"),
    )
    .unwrap();
    for (name, bytes) in extra {
        fs::write(procedures.join(name), bytes).unwrap();
    }
    dir
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn every_problem_is_reported_with_path_line_and_field() {
    let bad_level = GOOD
        .replace("id = \"dang-ky-khai-sinh\"", "id = \"a\"")
        .replace("level = \"toàn trình\"", "level = \"mức 9\"");
    let missing_fee = GOOD
        .replace("id = \"dang-ky-khai-sinh\"", "id = \"b\"")
        .replace("fee = \"Miễn lệ phí khi đăng ký đúng hạn\"\n", "");
    let mut invalid_utf8 = GOOD
        .replace("id = \"dang-ky-khai-sinh\"", "id = \"c\"")
        .into_bytes();
    invalid_utf8.splice(9..9, [0xff, 0xfe]);
    let dir = knowledge_with(&[
        ("a.toml", bad_level.as_bytes()),
        ("b.toml", missing_fee.as_bytes()),
        ("c.toml", &invalid_utf8),
        ("dup.toml", GOOD.as_bytes()),
    ]);
    let out = run_cli(dir.path(), &["index", "check"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("ho-tich/a.toml:19: online.level: unknown online level \"mức 9\""),
        "{err}"
    );
    assert!(
        err.contains("ho-tich/b.toml:1: fee: missing required field"),
        "{err}"
    );
    assert!(
        err.contains("ho-tich/c.toml:2: file: invalid UTF-8"),
        "{err}"
    );
    assert!(
        err.contains("ho-tich/dup.toml:1: id: duplicate id \"dang-ky-khai-sinh\""),
        "{err}"
    );
}

#[test]
fn broken_build_fails_and_previous_index_keeps_serving() {
    let dir = knowledge_with(&[]);
    let build = run_cli(dir.path(), &["index", "build"]);
    assert!(build.status.success(), "{}", stderr(&build));
    let before = fs::read_to_string(dir.path().join("index/CURRENT")).unwrap();

    let broken = GOOD
        .replace("id = \"dang-ky-khai-sinh\"", "id = \"broken\"")
        .replace("name = \"Đăng ký khai sinh\"", "name = \"\"");
    fs::write(
        dir.path().join("knowledge/procedures/ho-tich/broken.toml"),
        broken,
    )
    .unwrap();
    let failed = run_cli(dir.path(), &["index", "build"]);
    assert!(!failed.status.success());
    assert!(
        stderr(&failed).contains("broken.toml:2: name: must not be empty"),
        "{}",
        stderr(&failed)
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("index/CURRENT")).unwrap(),
        before
    );

    let ask = run_cli(dir.path(), &["ask", "--json", "làm giấy khai sinh"]);
    assert!(ask.status.success());
    let json: serde_json::Value = serde_json::from_slice(&ask.stdout).unwrap();
    assert_eq!(json["answered"], true);
    assert_eq!(json["hits"][0]["id"], "dang-ky-khai-sinh");
}

#[test]
fn ask_builds_the_index_on_first_use_and_batch_mode_keeps_order() {
    let dir = knowledge_with(&[]);
    copy_dir(&repo().join("config"), &dir.path().join("config"));
    let mut ask = command(dir.path());
    ask.args(["ask", "--json", "-"]);
    let out = run_with_stdin(ask, "đăng ký khai sinh\n\ngiá vàng hôm nay\n");
    assert!(out.status.success());
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["question"], "đăng ký khai sinh");
    assert_eq!(lines[0]["answered"], true);
    assert_eq!(lines[0]["hits"][0]["kind"], "procedure");
    assert_eq!(lines[1]["answered"], false);
    assert!(dir.path().join("index/CURRENT").is_file());
}

#[test]
fn setup_mistakes_get_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let missing_config = run_cli(dir.path(), &["--config", "/nope.toml", "ask", "x"]);
    assert!(!missing_config.status.success());
    let err = stderr(&missing_config);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(
        err.starts_with("error: cannot read config /nope.toml"),
        "{err}"
    );

    let missing_knowledge = run_cli(dir.path(), &["index", "build", "--knowledge", "/nope"]);
    assert!(!missing_knowledge.status.success());
    let err = stderr(&missing_knowledge);
    assert_eq!(
        err.trim(),
        "error: knowledge folder /nope not found",
        "{err}"
    );
    let check = run_cli(dir.path(), &["index", "check", "--knowledge", "/nope"]);
    assert_eq!(
        stderr(&check).trim(),
        "error: knowledge folder /nope not found"
    );

    let empty = run_cli(dir.path(), &["ask", "  "]);
    assert_eq!(empty.status.code(), Some(2), "a usage error");
    assert!(stderr(&empty).contains("the question is empty"));
}
