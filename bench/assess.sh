#!/usr/bin/env bash
# Self-assessment benchmark: builds the synthetic 10k-role framework's site, then reports the
# size of assess/data.json (raw and gzip -9) and, in headless Chromium, the time from
# opening the assessment page to a ready page and the time a rating change or a new target
# takes (the roles are ranked again each time: past 2,000 roles, those of one family).
# Usage: bash bench/assess.sh   (needs chromium and `npm ci --prefix tests/browser`)
#        RUNS=10 bash bench/assess.sh   (fresh page loads; default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET="${CARGO_TARGET_DIR:-target}"
OUT=bench/out
mkdir -p "$OUT"

cargo build --release --quiet --bin trellis --example generate
if [ ! -f "$OUT/10k/trellis.toml" ]; then
  "$TARGET/release/examples/generate" --roles 10000 --skills 2000 --pathways 500 --opportunities 200 --out "$OUT/10k"
fi
rm -rf "$OUT/site-assess"
"$TARGET/release/trellis" build "$OUT/10k" -o "$OUT/site-assess" --today 2026-11-28
if [ ! -d tests/browser/node_modules ]; then
  npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
fi
echo
node tests/browser/assess-bench.mjs "$OUT/site-assess"
