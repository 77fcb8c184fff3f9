#!/usr/bin/env bash
# Benchmarks `trellis serve` on the generated framework of 1,000 roles (or `SIZE=10k`):
#
#   1. edit-to-reload latency: the time from writing a file to the live-reload event that
#      announces the rebuilt site, for a one-role edit of the body text, a one-role edit
#      of a skill level, and an edit of trellis.toml (a full rebuild);
#   2. a load test: wrk with 200 connections for 10 s on loopback against a role page,
#      then the home page.
#
#   bash bench/serve.sh            # RUNS=30 edits of each one-role kind by default
#   RUNS=60 bash bench/serve.sh
#   SIZE=10k RUNS=10 bash bench/serve.sh   # 10,000 roles: bench/out/10k as bench/sizes.sh makes it
#
# Builds the release binary and examples, generates bench/out/1k the way bench/check.sh
# does (reused when bench/out/1k.stamp matches), serves a copy of it (edits never touch
# bench/out) on a free port of 127.0.0.1, and stops the server when done. Installs the
# Debian package `wrk` when it is missing and the script runs as root; without it the load
# test is skipped. Respects CARGO_TARGET_DIR. Sends traffic to 127.0.0.1 only, bounded in
# time.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$(pwd)"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
runs="${RUNS:-30}"
out="$root/bench/out"
size="${SIZE:-1k}"
framework="$out/$size"

echo "building (release)..." >&2
cargo build --quiet --release --bin trellis --example generate --example serve_latency
bin="$target_dir/release/trellis"
gen="$target_dir/release/examples/generate"
latency="$target_dir/release/examples/serve_latency"

if [[ "$size" == 1k ]]; then
    stamp="1000 200 50 20 seed=1 generator=$(sha256sum <examples/synth/mod.rs | cut -c1-16)"
    if [[ ! -f "$out/1k.stamp" || "$(cat "$out/1k.stamp")" != "$stamp" || ! -f "$framework/trellis.toml" ]]; then
        "$gen" --roles 1000 --skills 200 --pathways 50 --opportunities 20 --out "$framework" >&2
        echo "$stamp" >"$out/1k.stamp"
    fi
elif [[ ! -f "$framework/trellis.toml" ]]; then
    # Other sizes as bench/sizes.sh generates them.
    "$gen" --roles "${size%k}000" --out "$framework" >&2
fi

if ! command -v wrk >/dev/null; then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
        echo "installing the Debian package \`wrk\`" >&2
        apt-get install -y wrk >/dev/null 2>&1 || true
    fi
fi

tmp="$(mktemp -d)"
server_pid=""
cleanup() {
    if [[ -n "$server_pid" ]]; then
        kill -INT "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT

cp -r "$framework" "$tmp/framework"
role="$(cd "$tmp/framework" && find roles -name '*.md' | sort | sed -n 500p)"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'); load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
"$bin" --color never serve "$tmp/framework" --port 0 --today 2026-11-28 2>"$tmp/serve.log" &
server_pid=$!
address=""
for _ in $(seq 1 600); do
    address="$(grep -o 'http://127.0.0.1:[0-9]*' "$tmp/serve.log" | head -n 1 | sed 's|http://||' || true)"
    [[ -n "$address" ]] && break
    sleep 0.1
done
if [[ -z "$address" ]]; then
    cat "$tmp/serve.log" >&2
    echo "error: the server did not start" >&2
    exit 1
fi
head -n 1 "$tmp/serve.log" >&2
echo "serving at $address; editing $role" >&2

echo
echo "== edit-to-reload latency ($size roles)"
"$latency" "$address" "$tmp/framework" "$role" "$runs"
echo
echo "server log of the last rebuilds:"
grep '^built in' "$tmp/serve.log" | tail -n 4

if command -v wrk >/dev/null; then
    page="/$(echo "$role" | sed 's|^roles/[^/]*/\(.*\)\.md$|roles/\1/|')"
    for path in "$page" "/"; do
        echo
        echo "== load: wrk -t2 -c200 -d10s http://$address$path"
        wrk -t2 -c200 -d10s --latency "http://$address$path"
    done
    echo
    echo "(wrk counts a response that is not 2xx or 3xx as \"Non-2xx or 3xx responses\" and"
    echo " connection, read, write and timeout failures as \"Socket errors\"; neither line"
    echo " printed means zero errors)"
else
    echo "wrk is not installed; the load test was skipped" >&2
fi
echo "(load average after: $(cut -d' ' -f1-3 /proc/loadavg))"
