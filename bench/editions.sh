#!/usr/bin/env bash
# Benchmarks `trellis build --editions` on the generated framework of 1k roles with 10
# published editions: the first build (every edition rendered), the second (every edition
# from the cache), and the build after one more tag (one edition rendered, ten from the
# cache), beside a plain `trellis build` of the same framework for scale.
#
#   bash bench/editions.sh            # 3 timed runs of each
#   RUNS=5 bash bench/editions.sh
#
# Builds the release binary and the generator (`examples/generate.rs`), writes the
# framework into a git repository in bench/out/editions/ (made again on every run of the
# script) and tags ten editions `e1` .. `e10`, one a month; between two editions about 10
# roles require a skill one level higher and 5 roles are retitled. The eleventh tag, `e11`,
# is made only for the last measurement. Wall time is taken with `date +%s%N`; the figures
# are the median, min and max of the runs. Nothing is fetched. Respects CARGO_TARGET_DIR.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$(pwd)"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
runs="${RUNS:-3}"
repo="$root/bench/out/editions"

echo "building (release)..." >&2
cargo build --quiet --release --bin trellis --example generate
bin="$target_dir/release/trellis"
gen="$target_dir/release/examples/generate"

rm -rf "$repo"
mkdir -p "$repo"
"$gen" --roles 1000 --out "$repo/framework" >&2
printf '\n[editions]\ntags = "e*"\n' >>"$repo/framework/trellis.toml"
printf '/public/\n/.public.trellis-cache/\n' >"$repo/.gitignore"

git_() {
    git -C "$repo" -c user.name=bench -c user.email=bench@trellis.example "$@"
}
git_ init --quiet --initial-branch=main
mapfile -t roles < <(cd "$repo/framework" && find roles -name '*.md' | sort)
edition() {
    local n="$1" i
    git_ add --all
    git_ commit --quiet --allow-empty -m "Edition $n"
    GIT_COMMITTER_DATE="2026-$(printf %02d $(((n - 1) % 12 + 1)))-01T09:00:00Z" \
        git_ tag -a "e$n" -m "Edition $n"
    for ((i = 0; i < 10; i++)); do
        # The first requirement written as level 2 becomes 3.
        sed -i '0,/^\([a-z0-9-]*\) = 2$/s//\1 = 3/' "$repo/framework/${roles[(n * 10 + i) * 7 % ${#roles[@]}]}"
    done
    for ((i = 0; i < 5; i++)); do
        sed -i '0,/^title = "/s//title = "Lead /' "$repo/framework/${roles[(n * 5 + i) * 13 % ${#roles[@]}]}"
    done
}
for ((n = 1; n <= 10; n++)); do
    edition "$n"
done

if ! report=$("$bin" check --color never "$repo/framework" 2>&1); then
    echo "$report" | tail -n 20 >&2
    echo "error: the framework has errors" >&2
    exit 1
fi

# Runs the build once and prints its wall time in seconds; `cold` empties the output and
# the cache first (outside the timing).
build_once() {
    local mode="$1" start end
    if [[ "$mode" == cold ]]; then
        rm -rf "$repo/public" "$repo/.public.trellis-cache"
    fi
    start=$(date +%s%N)
    (cd "$repo" && "$bin" build framework -o public --editions --today 2026-11-28 >/dev/null 2>"$repo/.last-summary")
    end=$(date +%s%N)
    echo "scale=3; ($end - $start) / 1000000000" | bc
}

plain_once() {
    local start end
    start=$(date +%s%N)
    (cd "$repo" && "$bin" build framework -o plain --today 2026-11-28 >/dev/null 2>&1)
    end=$(date +%s%N)
    echo "scale=3; ($end - $start) / 1000000000" | bc
}

# Prints "median min max" of the numbers on standard input.
stats() {
    sort -n | awk '{ a[NR] = $1 } END { printf "%.2f %.2f %.2f\n", a[int((NR + 1) / 2)], a[1], a[NR] }'
}

measure() {
    local label="$1"
    shift
    local i times=()
    for ((i = 0; i < runs; i++)); do
        times+=("$("$@")")
    done
    read -r median min max < <(printf '%s\n' "${times[@]}" | stats)
    printf '%-44s %6s s  (min %s, max %s)  %s\n' "$label" "$median" "$min" "$max" \
        "$(grep '^editions:' "$repo/.last-summary" 2>/dev/null || true)"
}

echo "trellis build --editions, 1k roles, $runs runs each, median:"
: >"$repo/.last-summary"
measure "plain build, no editions" plain_once
measure "first build (10 editions rendered)" build_once cold
measure "second build (10 editions from cache)" build_once warm
git_ commit --quiet --allow-empty -am "Edition 11" 
GIT_COMMITTER_DATE="2026-11-01T09:00:00Z" git_ tag -a e11 -m "Edition 11"
# The first run after the new tag renders e11; the others find it cached too.
first=$(build_once warm)
printf '%-44s %6s s  %s\n' "after an 11th tag (1 rendered)" "$first" "$(grep '^editions:' "$repo/.last-summary")"
pages=$(find "$repo/public" -name '*.html' | wc -l)
echo "site: $pages pages, $(du -sh "$repo/public" | cut -f1) on disk"
