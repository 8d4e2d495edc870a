#!/usr/bin/env bash
# The project's one test command (README, .ci/run): installs what the tests need when it
# is missing (Debian's chromium and chromium-driver for the browser tests), then checks
# the structure of src/ (scripts/check-structure), formatting and lints, and runs every
# test. Tests read ../shared beside the repository.
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
cargo test --release
