#!/usr/bin/env bash
# Benchmarks a full `trellis build` of the generated framework of 10k roles, 2k skills and
# 500 pathways, and Hugo building the same number of plain Markdown pages, side by side in
# one run.
#
#   bash bench/build.sh            # 5 timed runs of each, after 1 warm-up run
#   RUNS=10 bash bench/build.sh    # more timed runs
#
# Builds the release binary and the generator (`examples/generate.rs`). The framework goes
# into bench/out/10k/ and is reused when bench/out/10k.stamp says it was generated with the
# same parameters and the same generator source (bench/check.sh writes the same stamp);
# otherwise it is generated again. The script checks that the framework reports no error
# and no warning.
#
# It then writes a minimal Hugo site into bench/out/hugo/: a config, three layouts
# (baseof, single, list) and one Markdown page of about 400 words for each page Trellis
# writes, so both tools build the same number of pages. Pages count the `.html` files each
# tool wrote; pages/s is pages divided by the median wall time.
#
# Each tool is timed in two ways, one after the other, and within each way the two tools
# take turns run by run (Hugo, Trellis, Hugo, Trellis, ...), so that both see the same
# machine: on a shared virtual machine the speed drifts by a quarter within minutes, and
# timing all of one tool's runs before the other's measured the drift as often as the tools.
#
# - rebuild: the same output folder every time, as when you run the command again.
#   `trellis build` writes a new site beside the old one, swaps it in and deletes the old
#   one; Hugo overwrites its files in place.
# - new folder: the output folder does not exist yet. The previous run's output is moved
#   aside first (outside the timing) and deleted only at the end.
#
# On ext4 without a journal (as on the machine in docs/performance.md), the kernel does
# not reuse an inode for at least a minute after it was freed, and creating a file then
# means scanning past every such inode of its block group. So a rebuild of Trellis pays for
# the old site it deleted at the end of the run before, and any run made within a few
# minutes of deleting many files (the end of a previous run of this script, a framework
# generated again) is slower. For steady figures, run the script once more after a pause.
#
# Wall time is taken with `date +%s%N` around each run; peak resident memory ("Maximum
# resident set size"), user and system CPU time come from `/usr/bin/time -v` of the same
# run. Installs the Debian packages `hugo` and `time` when they are missing and the script
# runs as root; without Hugo the comparison is skipped. Nothing else is fetched. Respects
# CARGO_TARGET_DIR.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$(pwd)"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
runs="${RUNS:-5}"
warmup="${WARMUP:-1}"
today="2026-11-28"
out="$root/bench/out"

# The 10k case of bench/check.sh.
name=10k roles=10000 skills=2000 pathways=500 opportunities=200
framework="$out/$name"

# Targets.
max_seconds=6
max_mib=1024

install_if_missing() {
    local package="$1" path="$2"
    [[ -x "$path" ]] && return 0
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
        echo "installing the Debian package \`$package\`" >&2
        if ! DEBIAN_FRONTEND=noninteractive apt-get install -y "$package" >/dev/null 2>&1; then
            apt-get update >/dev/null 2>&1 || true
            DEBIAN_FRONTEND=noninteractive apt-get install -y "$package" >/dev/null 2>&1 || true
        fi
    fi
    [[ -x "$path" ]]
}

have_time=yes
if ! install_if_missing time /usr/bin/time; then
    echo "warning: /usr/bin/time is missing (Debian package \`time\`); memory and CPU time are not measured" >&2
    have_time=no
fi
hugo_bin="$(command -v hugo || echo /usr/bin/hugo)"
have_hugo=yes
if ! install_if_missing hugo "$hugo_bin"; then
    echo "warning: hugo is missing (Debian package \`hugo\`); the comparison is skipped" >&2
    have_hugo=no
fi

echo "building (release)..." >&2
cargo build --quiet --release --bin trellis --example generate
bin="$target_dir/release/trellis"
gen="$target_dir/release/examples/generate"

mkdir -p "$out"
tmp="$(mktemp -d)"
trash="$out/build-trash"
# The copies built into new folders are deleted at the end; the last rebuilt sites stay in
# bench/out/site-trellis and bench/out/site-hugo.
cleanup() {
    rm -rf "$tmp" "$trash" "$out/site-trellis-new" "$out/site-hugo-new"
}
trap cleanup EXIT
rm -rf "$trash"
mkdir -p "$trash"

# The framework: reused when its stamp matches.
stamp="$roles $skills $pathways $opportunities seed=1 generator=$(sha256sum <examples/synth/mod.rs | cut -c1-16)"
if [[ -f "$out/$name.stamp" && "$(cat "$out/$name.stamp")" == "$stamp" && -f "$framework/trellis.toml" ]]; then
    echo "reusing $framework (same parameters and generator)" >&2
else
    rm -f "$out/$name.stamp"
    "$gen" --roles "$roles" --skills "$skills" --pathways "$pathways" \
        --opportunities "$opportunities" --out "$framework" >&2
    echo "$stamp" >"$out/$name.stamp"
    echo "note: the framework was just written; on an ext4 file system without a journal," \
        "files deleted in the last minute make new files slower to create" >&2
fi
if ! report=$("$bin" check --deny-warnings --color never "$framework" 2>&1); then
    echo "$report" | tail -n 20 >&2
    echo "error: the generated framework in $framework does not check clean" >&2
    exit 1
fi
echo "$report" | tail -n 1 >&2

# Runs one build, appending "wall_s user_s sys_s rss_kib" to the file $1.
run_once() {
    local record="$1"
    shift
    local start end
    if [[ $have_time == yes ]]; then
        start=$(date +%s%N)
        if ! /usr/bin/time -v -o "$tmp/time" "$@" >"$tmp/log" 2>&1; then
            tail -n 20 "$tmp/log" >&2
            echo "error: \`$*\` failed" >&2
            exit 1
        fi
        end=$(date +%s%N)
        awk -v ns=$((end - start)) -F': ' '
            /User time/ { user = $2 }
            /System time/ { sys = $2 }
            /Maximum resident set size/ { rss = $2 }
            END { printf "%.3f %.2f %.2f %d\n", ns / 1e9, user, sys, rss }' "$tmp/time" >>"$record"
    else
        start=$(date +%s%N)
        if ! "$@" >"$tmp/log" 2>&1; then
            tail -n 20 "$tmp/log" >&2
            echo "error: \`$*\` failed" >&2
            exit 1
        fi
        end=$(date +%s%N)
        awk -v ns=$((end - start)) 'BEGIN { printf "%.3f n/a n/a n/a\n", ns / 1e9 }' >>"$record"
    fi
}

# Runs round $4 of a command in one mode. $1: label, $2: output folder, $3: rebuild|new,
# $4: the round (those before $warmup are warm-up runs, not recorded), then the command.
run_round() {
    local label="$1" dest="$2" mode="$3" i="$4"
    shift 4
    if [[ $mode == new && -e "$dest" ]]; then
        mv "$dest" "$trash/$label-$i"
    fi
    if ((i < warmup)); then
        run_once "$tmp/warmup" "$@"
    else
        run_once "$tmp/$label" "$@"
    fi
}

# Writes "median min max user sys rss_mib" of the runs recorded under label $1 to
# $tmp/$1.stats (user and sys are medians; rss is the largest).
stats() {
    local label="$1"
    sort -n "$tmp/$label" | awk '
        function median(a, n) { return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
        { wall[NR] = $1; user[NR] = $2; sys[NR] = $3; if ($4 != "n/a" && $4 > rss) rss = $4; na = ($4 == "n/a") }
        END {
            if (na) { printf "%.3f %.3f %.3f n/a n/a n/a\n", median(wall, NR), wall[1], wall[NR]; exit }
            n = asort_num(user, NR); m = asort_num(sys, NR)
            printf "%.3f %.3f %.3f %.2f %.2f %.0f\n", median(wall, NR), wall[1], wall[NR],
                median(user, NR), median(sys, NR), rss / 1024
        }
        # Sorts a[1..n] in place (insertion sort; n is small).
        function asort_num(a, n,   i, j, v) {
            for (i = 2; i <= n; i++) { v = a[i]; for (j = i - 1; j >= 1 && a[j] > v; j--) a[j + 1] = a[j]; a[j + 1] = v }
            return n
        }' >"$tmp/$label.stats"
}

# Prints "pages files bytes" of a built site.
site_size() {
    local dir="$1"
    printf '%s %s %s\n' \
        "$(find "$dir" -type f -name '*.html' | wc -l)" \
        "$(find "$dir" -type f | wc -l)" \
        "$(find "$dir" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/^Mem:/ { print $2 }') GiB memory; load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo "timing: ${runs} runs after ${warmup} warm-up run(s) in each mode" >&2

trellis_cmd=("$bin" build --color never "$framework" --today "$today" -o)

# Trellis once first, to know how many pages Hugo has to build.
run_once "$tmp/first" "${trellis_cmd[@]}" "$out/site-trellis"
read -r t_pages _ <<<"$(site_size "$out/site-trellis")"

rows=()
declare -A pps wall mem
# Adds the row of one tool in one mode, from its recorded runs. $1: tool, $2: rebuild|new,
# $3: output folder.
add_row() {
    local tool="$1" mode="$2" dest="$3" med min max user sys rss pages files bytes
    stats "$tool-$mode"
    read -r med min max user sys rss <"$tmp/$tool-$mode.stats"
    read -r pages files bytes <<<"$(site_size "$dest")"
    pps[$tool-$mode]=$(awk -v p="$pages" -v t="$med" 'BEGIN { printf "%.0f", p / t }')
    wall[$tool-$mode]=$med
    mem[$tool-$mode]=$rss
    rows+=("$(printf '%-8s %-10s %6s %6s %8.1f %8s %13s %7s %7s %7s %9s' \
        "$tool" "$([[ $mode == new ]] && echo "new folder" || echo rebuild)" "$pages" "$files" \
        "$(awk -v b="$bytes" 'BEGIN { print b / 1048576 }')" \
        "$med" "$min-$max" "${pps[$tool-$mode]}" "$user" "$sys" "$rss")")
}

# Times both tools in one mode, taking turns run by run. $1: rebuild|new.
bench_mode() {
    local mode="$1" suffix="" i
    [[ $mode == new ]] && suffix="-new"
    echo "timing $([[ $mode == new ]] && echo "new folder" || echo rebuild) (hugo and trellis in turn)..." >&2
    : >"$tmp/trellis-$mode"
    [[ $have_hugo == yes ]] && : >"$tmp/hugo-$mode"
    for ((i = 0; i < warmup + runs; i++)); do
        if [[ $have_hugo == yes ]]; then
            run_round "hugo-$mode" "$out/site-hugo$suffix" "$mode" "$i" \
                "${hugo_cmd[@]}" "$out/site-hugo$suffix"
        fi
        run_round "trellis-$mode" "$out/site-trellis$suffix" "$mode" "$i" \
            "${trellis_cmd[@]}" "$out/site-trellis$suffix"
    done
    if [[ $have_hugo == yes ]]; then
        add_row hugo "$mode" "$out/site-hugo$suffix"
    fi
    add_row trellis "$mode" "$out/site-trellis$suffix"
}

if [[ $have_hugo == yes ]]; then
    hugo_site="$out/hugo"
    hugo_pages=$t_pages
    echo "writing a Hugo site of $hugo_pages pages into $hugo_site..." >&2
    rm -rf "$hugo_site"
    mkdir -p "$hugo_site/content/pages" "$hugo_site/layouts/_default"
    cat >"$hugo_site/config.toml" <<'EOF'
baseURL = "https://example.com/"
title = "Plain pages"
languageCode = "en"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
EOF
    cat >"$hugo_site/layouts/_default/baseof.html" <<'EOF'
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{ .Title }} · {{ .Site.Title }}</title>
</head>
<body>
<main>
{{ block "main" . }}{{ end }}
</main>
</body>
</html>
EOF
    cat >"$hugo_site/layouts/_default/single.html" <<'EOF'
{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}{{ end }}
EOF
    cp "$hugo_site/layouts/_default/single.html" "$hugo_site/layouts/_default/list.html"
    # Pages shaped like the generated role bodies: four headings, paragraphs and a list, about
    # 400 words, from a fixed vocabulary and a fixed seed.
    awk -v n="$hugo_pages" -v dir="$hugo_site/content/pages" 'BEGIN {
        nw = split("team work review customer system quarter grade design plan feedback project " \
              "colleague problem decision risk result change quality process goal manager " \
              "practice support service data report meeting product budget timeline scope " \
              "evidence example standard owner partner release incident learning growth " \
              "writes leads builds shares explains improves measures agrees reviews plans " \
              "the a of and to in for with on by their clear early careful steady shared", w, " ")
        srand(1)
        for (p = 1; p <= n; p++) {
            file = sprintf("%s/%05d.md", dir, p)
            printf "+++\ntitle = \"Page %05d\"\n+++\n", p > file
            for (h = 1; h <= 4; h++) {
                printf "\n## Section %d\n\n", h > file
                for (s = 0; s < 5; s++) {
                    line = ""
                    for (k = 0; k < 20; k++) line = line (k ? " " : "") w[int(rand() * nw) + 1]
                    if (h == 2) printf "- %s.\n", line > file
                    else printf "%s.\n", line > file
                }
            }
            close(file)
        }
    }'
    echo "hugo: $("$hugo_bin" version | cut -d' ' -f1-2)" >&2

    hugo_cmd=("$hugo_bin" --quiet --source "$hugo_site" --destination)
fi
bench_mode new
bench_mode rebuild

echo
printf '%-8s %-10s %6s %6s %8s %8s %13s %7s %7s %7s %9s\n' \
    tool mode pages files MiB "median s" "min-max s" "pages/s" "user s" "sys s" "peak MiB"
for r in "${rows[@]}"; do
    echo "$r"
done
echo "(load average after: $(cut -d' ' -f1-3 /proc/loadavg))"
echo

yes_no() { if awk "BEGIN { exit !($1) }"; then echo yes; else echo NO; fi; }
for mode in rebuild new; do
    label=$([[ $mode == new ]] && echo "new folder" || echo rebuild)
    line="trellis, $label: ${wall[trellis-$mode]} s, under ${max_seconds} s: $(yes_no "${wall[trellis-$mode]} < $max_seconds")"
    if [[ "${mem[trellis-$mode]}" == n/a ]]; then
        line+="; peak memory not measured"
    else
        line+="; ${mem[trellis-$mode]} MiB, under ${max_mib} MiB: $(yes_no "${mem[trellis-$mode]} < $max_mib")"
    fi
    if [[ $have_hugo == yes ]]; then
        line+="; ${pps[trellis-$mode]} pages/s, at least Hugo's ${pps[hugo-$mode]}: $(yes_no "${pps[trellis-$mode]} >= ${pps[hugo-$mode]}")"
    fi
    echo "$line"
done
