#!/usr/bin/env bash
# The project's one test command (README, .ci/run): installs what the tests need when it
# is missing (Debian's chromium and chromium-driver for the browser tests), then checks
# the structure of src/ (scripts/check-structure), formatting and lints, starts a
# throwaway PostgreSQL (scripts/postgres-throwaway: Debian's postgresql package, initdb in
# a temporary folder, a free loopback port, stopped at the end) so that the storage tests
# run on both backends, and runs every test. Tests read ../shared beside the repository.
set -euo pipefail
cd "$(dirname "$0")/.."

# Emoji font: the screenshots under target/screenshots/ show the buttons' icons.
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1 \
  || [ ! -e /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ]; then
  echo "installing chromium, chromium-driver and an emoji font for the browser tests" >&2
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium chromium-driver fonts-noto-color-emoji >/dev/null
fi

./scripts/check-structure
cargo fmt --check
cargo clippy --release --all-targets -- -D warnings
# A test server already given (TTHC_TEST_DATABASE_URL) is used as it is.
if [ -z "${TTHC_TEST_DATABASE_URL:-}" ]; then
  pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/tthc-pg.XXXXXX")
  trap './scripts/postgres-throwaway stop "$pg_dir"' EXIT
  TTHC_TEST_DATABASE_URL=$(./scripts/postgres-throwaway start "$pg_dir")
fi
export TTHC_TEST_DATABASE_URL TTHC_REQUIRE_POSTGRES=1
echo "test PostgreSQL: $TTHC_TEST_DATABASE_URL" >&2
cargo test --release
