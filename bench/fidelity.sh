#!/usr/bin/env bash
# Measures how much of the framework's text a reader sees where they need it: builds the
# sample framework and the real frameworks Snowflake and FT engineering, and runs
# ../shared/tools/fidelity.py over each site.
#
#   bash bench/fidelity.sh                 # the three frameworks
#   bash bench/fidelity.sh path/to/fw ...  # other framework folders
#
# Each line reads "NAME: role page NN% (a/b statements), next step NN% (c/d)": the share of
# the statements that apply to each role found on its page, and of the next role's raised
# levels found on the role page (or a page it links to naming both roles). The targets are
# 95% and 90%; the script exits 1 when a framework falls short. The same measure, without
# the Python script, is the test `fidelity` in tests/testsuite. Respects CARGO_TARGET_DIR
# and TRELLIS_REAL_FIXTURES (default ../shared/fixtures/real).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$(pwd)"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
real="${TRELLIS_REAL_FIXTURES:-$root/../shared/fixtures/real}"
tool="$root/../shared/tools/fidelity.py"
out="$root/bench/out/fidelity"

if [[ $# -gt 0 ]]; then
    frameworks=("$@")
else
    frameworks=("$root/framework" "$real/snowflake" "$real/ft-engineering")
fi

cargo build --quiet --release --bin trellis
mkdir -p "$out"
status=0
for framework in "${frameworks[@]}"; do
    name="$(basename "$framework")"
    site="$out/$name"
    if ! "$target_dir/release/trellis" build "$framework" --output "$site" --today 2026-11-28 \
        >/dev/null 2>"$out/$name.log"; then
        cat "$out/$name.log" >&2
        exit 1
    fi
    line="$(python3 "$tool" "$site")"
    echo "$name: $line"
    # "role page NN% (...), next step NN% (...)"; n/a counts as met.
    read -r page next < <(sed -E 's/^role page ([0-9]+|n\/a)%? .*next step ([0-9]+|n\/a)%? .*/\1 \2/' <<<"$line")
    if [[ "$page" != "n/a" && "$page" -lt 95 ]] || [[ "$next" != "n/a" && "$next" -lt 90 ]]; then
        echo "  below the target (95% role page, 90% next step)" >&2
        status=1
    fi
done
exit "$status"
