#!/usr/bin/env bash
# Benchmarks `trellis check` on generated frameworks of 1k and 10k roles.
#
#   bash bench/check.sh            # both sizes
#   bash bench/check.sh 10k        # one size
#   RUNS=20 bash bench/check.sh    # more timed runs (default 10)
#
# Builds the release binary and the generator (`examples/generate.rs`), writes the
# frameworks into bench/out/<size>/, checks that each reports no error and no warning,
# then measures the wall time of `target/release/trellis check DIR` (hyperfine when
# installed, otherwise a loop over `date +%s%N`) and its peak resident memory
# (`/usr/bin/time`). Runs are warm: the files are in the page cache. Respects
# CARGO_TARGET_DIR.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$(pwd)"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
runs="${RUNS:-10}"
warmup="${WARMUP:-2}"
out="$root/bench/out"

# name roles skills pathways opportunities
cases=(
    "1k 1000 200 50 20"
    "10k 10000 2000 500 200"
)
wanted=("$@")

selected() {
    [[ ${#wanted[@]} -eq 0 ]] && return 0
    local w
    for w in "${wanted[@]}"; do
        [[ "$w" == "$1" ]] && return 0
    done
    return 1
}

if [[ ! -x /usr/bin/time ]]; then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
        echo "installing the Debian package \`time\` for /usr/bin/time" >&2
        apt-get install -y time >/dev/null
    else
        echo "warning: /usr/bin/time is missing (Debian package \`time\`); peak memory is not measured" >&2
    fi
fi

echo "building (release)..." >&2
cargo build --quiet --release --bin trellis --example generate
bin="$target_dir/release/trellis"
gen="$target_dir/release/examples/generate"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# Prints "median min max" in seconds of `trellis check DIR`.
time_check() {
    local dir="$1"
    if command -v hyperfine >/dev/null; then
        local shell_flag=()
        # (grep without -q reads the whole help, so hyperfine never gets SIGPIPE)
        if hyperfine --help 2>&1 | grep -- '--shell' >/dev/null; then
            shell_flag=(--shell=none)
        fi
        hyperfine --style none "${shell_flag[@]}" --warmup "$warmup" --runs "$runs" \
            --export-csv "$tmp/times.csv" "$bin check --color never $dir" >/dev/null
        # command,mean,stddev,median,user,system,min,max (counted from the end, in case the
        # command holds a comma)
        awk -F, 'NR == 2 { printf "%.3f %.3f %.3f\n", $(NF-4), $(NF-1), $NF }' "$tmp/times.csv"
    else
        local i start end
        for ((i = 0; i < warmup; i++)); do
            "$bin" check --color never "$dir" 2>/dev/null
        done
        : >"$tmp/times"
        for ((i = 0; i < runs; i++)); do
            start=$(date +%s%N)
            "$bin" check --color never "$dir" 2>/dev/null
            end=$(date +%s%N)
            echo $(((end - start) / 1000)) >>"$tmp/times"
        done
        sort -n "$tmp/times" | awk '{ t[NR] = $1 / 1e6 }
            END { m = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
                  printf "%.3f %.3f %.3f\n", m, t[1], t[NR] }'
    fi
}

# Prints the largest peak resident set size, in MiB, of three runs.
peak_memory() {
    local dir="$1" i kib max=0
    if [[ ! -x /usr/bin/time ]]; then
        echo "n/a"
        return
    fi
    for i in 1 2 3; do
        /usr/bin/time -f '%M' -o "$tmp/rss" "$bin" check --color never "$dir" 2>/dev/null
        kib=$(tail -n 1 "$tmp/rss")
        ((kib > max)) && max=$kib
    done
    awk -v k="$max" 'BEGIN { printf "%.0f\n", k / 1024 }'
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/^Mem:/ { print $2 }') GiB memory" >&2
echo "timing: ${runs} runs after ${warmup} warm-up runs, $(command -v hyperfine >/dev/null && echo hyperfine || echo 'bash loop')" >&2

rows=()
verdict=""
for case in "${cases[@]}"; do
    read -r name roles skills pathways opportunities <<<"$case"
    selected "$name" || continue
    dir="$out/$name"
    rm -f "$out/$name.stamp"
    "$gen" --roles "$roles" --skills "$skills" --pathways "$pathways" \
        --opportunities "$opportunities" --out "$dir" >&2
    # The stamp bench/build.sh checks before it reuses this framework.
    echo "$roles $skills $pathways $opportunities seed=1 generator=$(sha256sum <examples/synth/mod.rs | cut -c1-16)" \
        >"$out/$name.stamp"
    if ! report=$("$bin" check --deny-warnings --color never "$dir" 2>&1); then
        echo "$report" | tail -n 20 >&2
        echo "error: the generated framework in $dir does not check clean" >&2
        exit 1
    fi
    echo "$report" | tail -n 1 >&2
    files=$(find "$dir" -type f \( -name '*.md' -o -name trellis.toml \) | wc -l)
    bytes=$(find "$dir" -type f \( -name '*.md' -o -name trellis.toml \) -printf '%s\n' |
        awk '{ s += $1 } END { print s }')
    read -r median min max <<<"$(time_check "$dir")"
    rss=$(peak_memory "$dir")
    rows+=("$(printf '%-5s %6s %6s %8s %6s %9.1f %10s %15s %10s' \
        "$name" "$roles" "$skills" "$pathways" "$files" \
        "$(awk -v b="$bytes" 'BEGIN { print b / 1048576 }')" \
        "$median" "$min-$max" "$rss")")
    if [[ "$name" == "10k" ]]; then
        if awk -v t="$median" -v m="$rss" 'BEGIN { exit !(t < 1 && m != "n/a" && m < 300) }'; then
            verdict="10k roles: ${median} s, ${rss} MiB: within the target (under 1 s and 300 MB)"
        else
            verdict="10k roles: ${median} s, ${rss} MiB: NOT within the target (under 1 s and 300 MB)"
        fi
    fi
done

echo
printf '%-5s %6s %6s %8s %6s %9s %10s %15s %10s\n' \
    case roles skills pathways files "size MiB" "median s" "min-max s" "peak MiB"
for row in "${rows[@]}"; do
    echo "$row"
done
if [[ -n "$verdict" ]]; then
    echo
    echo "$verdict"
fi
