#!/usr/bin/env bash
# Benchmarks `trellis diff` on the generated framework of 10k roles, as CI runs it on a
# pull request: two revisions read through git, and a revision against the working tree.
#
#   bash bench/diff.sh             # 5 timed runs of each, after 1 warm-up run
#   RUNS=10 bash bench/diff.sh     # more timed runs
#
# Builds the release binary and the generator (`examples/generate.rs`), writes the
# framework into a git repository in bench/out/diff/ (generated again on every run),
# commits it, then commits a change to it: 100 roles with a raised requirement, 50 roles
# retitled, 20 role files renamed (and the promotions that name them) and 30 skills with
# a new signal. Times
#
# - `trellis diff HEAD~1 HEAD framework --format json` (both sides read through git), and
# - `trellis diff HEAD~1 framework --format markdown` (the working tree, read from disk),
#
# with a loop over `date +%s%N`, and reports the median and range of the wall time, and the
# CPU time and peak resident memory of one run (`/usr/bin/time`, when installed), with the
# load average at the start. Respects CARGO_TARGET_DIR.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$(pwd)"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
runs="${RUNS:-5}"
repo="$root/bench/out/diff"

echo "building (release)..." >&2
cargo build --quiet --release --bin trellis --example generate
bin="$target_dir/release/trellis"
gen="$target_dir/release/examples/generate"

rm -rf "$repo"
mkdir -p "$repo"
"$gen" --roles 10000 --skills 2000 --pathways 500 --opportunities 200 --out "$repo/framework" >&2

git_() {
    git -C "$repo" -c user.name=bench -c user.email=bench@trellis.example "$@"
}
git_ init --quiet --initial-branch=main
git_ add --all
git_ commit --quiet -m "Framework"

# The change a large pull request might make.
mapfile -t roles < <(cd "$repo/framework" && find roles -name '*.md' | sort)
mapfile -t skills < <(cd "$repo/framework" && find skills -name '*.md' ! -name '_group.md' | sort)
for ((i = 0; i < 100; i++)); do
    # The first requirement written as level 2 becomes 3.
    sed -i '0,/^\([a-z0-9-]*\) = 2$/s//\1 = 3/' "$repo/framework/${roles[i * 97]}"
done
for ((i = 0; i < 50; i++)); do
    sed -i '0,/^title = "/s//title = "Senior /' "$repo/framework/${roles[i * 61 + 5]}"
done
for ((i = 0; i < 20; i++)); do
    f="${roles[i * 211 + 11]}"
    id="$(basename "$f" .md)"
    git_ mv "framework/$f" "framework/${f%.md}-renamed.md"
    # Promotions and sideways moves name the role by id: follow the rename.
    { grep -rlF "\"$id\"" "$repo/framework/roles" || true; } |
        xargs -r sed -i "s/\"$id\"/\"$id-renamed\"/g"
done
for ((i = 0; i < 30; i++)); do
    sed -i '0,/^signals = \[/s//signals = ["Writes it down for others.", /' "$repo/framework/${skills[i * 53]}"
done
git_ add --all
git_ commit --quiet -m "Change"

if ! report=$("$bin" check --color never "$repo/framework" 2>&1); then
    echo "$report" | tail -n 20 >&2
    echo "error: the changed framework has errors" >&2
    exit 1
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# Prints "median min max" in seconds of the command.
time_it() {
    local i start end
    (cd "$repo" && "$@" >/dev/null 2>&1)
    : >"$tmp/times"
    for ((i = 0; i < runs; i++)); do
        start=$(date +%s%N)
        (cd "$repo" && "$@" >/dev/null 2>&1)
        end=$(date +%s%N)
        echo $(((end - start) / 1000)) >>"$tmp/times"
    done
    sort -n "$tmp/times" | awk '{ t[NR] = $1 / 1e6 }
        END { m = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
              printf "%.3f %.3f %.3f\n", m, t[1], t[NR] }'
}

# Prints "peak-MiB cpu-seconds" of one run: the peak resident memory and the user plus
# system CPU time, which other programs running at the same time disturb less than the wall
# time.
peak() {
    if [[ ! -x /usr/bin/time ]]; then
        echo "n/a n/a"
        return
    fi
    (cd "$repo" && /usr/bin/time -f '%M %U %S' -o "$tmp/rss" "$@" >/dev/null 2>&1)
    awk '{ k = $1; c = $2 + $3 } END { printf "%.0f %.2f\n", k / 1024, c }' "$tmp/rss"
}

(cd "$repo" && "$bin" diff HEAD~1 HEAD framework --format json) >"$tmp/diff.json"
echo "the change: $(grep -o '"raises": [0-9]*\|"lowers": [0-9]*\|"structural": [0-9]*\|"editorial": [0-9]*' "$tmp/diff.json" | tr '\n' ' ')" >&2
renamed=$(grep -c '"change": "renamed"' "$tmp/diff.json" || true)
echo "renames recognised: $renamed of 20" >&2

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); timing: $runs runs after 1 warm-up run" >&2
printf '%-50s %9s %13s %8s %9s\n' command "median s" "min-max s" "CPU s" "peak MiB"
for args in "diff HEAD~1 HEAD framework --format json" "diff HEAD~1 framework --format markdown"; do
    # shellcheck disable=SC2086
    read -r median min max <<<"$(time_it "$bin" $args)"
    # shellcheck disable=SC2086
    read -r rss cpu <<<"$(peak "$bin" $args)"
    printf '%-50s %9s %13s %8s %9s\n' "trellis $args" "$median" "$min-$max" "$cpu" "$rss"
done
