#!/usr/bin/env bash
# What a reader's browser is sent, at the sizes real organisations have: builds generated
# frameworks of 1k, 10k and 50k roles and reports, for each, the bytes of the pages that
# list the whole framework (home, A–Z, compare, opportunities), of the files a page fetches
# on opening (the self-assessment's data, the search index's largest shard), of the
# largest HTML page and role page, of the exports, and of the whole site, with the build's
# wall time and peak memory (GNU time).
#
#   bash bench/sizes.sh            # 1k, 10k and 50k
#   bash bench/sizes.sh 1k 10k     # some of them
#
# The targets (issue 16): every HTML page at most 300 KB and every file a page fetches on
# opening at most 1 MB, at 10k and 50k roles. Frameworks are generated into bench/out/<n>/
# by examples/generate.rs (seed 1) unless there already; sites go to bench/out/site-<n>/.
# Respects CARGO_TARGET_DIR.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
target_dir="${CARGO_TARGET_DIR:-target}"
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(1k 10k 50k)

cargo build --quiet --release --bin trellis --example generate
bin="$target_dir/release/trellis"
gen="$target_dir/release/examples/generate"

bytes() { if [[ -e "$1" ]]; then stat -c %s "$1"; else echo "-"; fi; }
largest() { find "$@" -type f -printf '%s %P\n' 2>/dev/null | sort -n | tail -1; }

for size in "${sizes[@]}"; do
    roles="${size%k}000"
    fw="bench/out/$size"
    if [[ ! -f "$fw/trellis.toml" ]]; then
        "$gen" --roles "$roles" --out "$fw" >/dev/null
    fi
    site="bench/out/site-$size"
    stats="$(mktemp)"
    /usr/bin/time -f '%e %M' -o "$stats" "$bin" build "$fw" --output "$site" >/dev/null
    read -r wall kb <"$stats"
    rm -f "$stats"
    pages=$(find "$site" -name '*.html' | wc -l)
    echo "== $size roles: $pages pages in ${wall} s, peak $((kb / 1024)) MiB, site $(du -sb "$site" | cut -f1) bytes"
    printf '  %-34s %12s\n' "home" "$(bytes "$site/index.html")"
    printf '  %-34s %12s\n' "az/ (index or the one page)" "$(bytes "$site/az/index.html")"
    read -r s p < <(largest "$site/az" -mindepth 2 -name index.html || true)
    printf '  %-34s %12s  %s\n' "largest A–Z page" "${s:--}" "${p:-}"
    printf '  %-34s %12s\n' "compare/" "$(bytes "$site/compare/index.html")"
    printf '  %-34s %12s\n' "opportunities/" "$(bytes "$site/opportunities/index.html")"
    printf '  %-34s %12s\n' "assess/data.json" "$(bytes "$site/assess/data.json")"
    read -r s p < <(largest "$site/compare/tracks")
    printf '  %-34s %12s  %s\n' "largest compare track file" "$s" "$p"
    read -r s p < <(largest "$site/search")
    printf '  %-34s %12s  %s\n' "largest search file" "$s" "$p"
    read -r s p < <(largest "$site/roles" -name index.html)
    printf '  %-34s %12s  %s\n' "largest role page" "$s" "$p"
    read -r s p < <(find "$site" -name '*.html' -printf '%s %P\n' | sort -n | tail -1)
    printf '  %-34s %12s  %s\n' "largest HTML page" "$s" "$p"
    printf '  %-34s %12s\n' "framework.json" "$(bytes "$site/framework.json")"
    printf '  %-34s %12s\n' "matrix.csv" "$(bytes "$site/matrix.csv")"
done
