#!/usr/bin/env bash
# Search benchmark: builds the synthetic 10k-role framework's site, then measures in
# headless Chromium the compressed bytes fetched before the first result and the time from
# a keystroke to its results, and in-process the search index's share of the render time.
# Usage: bash bench/search.sh   (needs chromium and `npm ci --prefix tests/browser`)
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET="${CARGO_TARGET_DIR:-target}"
OUT=bench/out
mkdir -p "$OUT"

cargo build --release --quiet --bin trellis --example generate --example search_share
if [ ! -f "$OUT/10k/trellis.toml" ]; then
  "$TARGET/release/examples/generate" --roles 10000 --skills 2000 --pathways 500 --out "$OUT/10k"
fi
rm -rf "$OUT/site-search"
"$TARGET/release/trellis" build "$OUT/10k" -o "$OUT/site-search" --today 2026-11-28
echo
echo "== search index size"
du -sb "$OUT/site-search/search" | awk '{printf "search/: %d bytes\n", $1}'
ls "$OUT/site-search/search" | wc -l | awk '{printf "files: %d\n", $1}'
echo
echo "== share of build time"
"$TARGET/release/examples/search_share" "$OUT/10k"
echo
echo "== in Chromium"
if [ ! -d tests/browser/node_modules ]; then
  npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
fi
node tests/browser/search-bench.mjs "$OUT/site-search"
