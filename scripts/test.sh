#!/usr/bin/env bash
# The project's one test command (README, .ci/run): formatting, lints, then every test.
# Tests read ../shared (seeds, national records, eval questions) beside the repository.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo fmt --check
cargo clippy --release --all-targets -- -D warnings
cargo test --release
