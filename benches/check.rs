//! `cargo bench`: times `trellis check` in-process on generated frameworks of 1k and 10k
//! roles, in total and stage by stage (load, model, check, sort, drop).
//!
//! The frameworks come from `examples/synth` (the generator behind `examples/generate.rs`)
//! and are written to a temporary folder. Each is checked once first to confirm it has no
//! error and no warning, and to warm the page cache. Pass `1k` or `10k` to run one size:
//! `cargo bench --bench check -- 10k`. Peak memory needs a separate process, so it is
//! measured by `bench/check.sh`, not here.

#[path = "../examples/synth/mod.rs"]
mod synth;

use std::path::Path;
use std::time::{Duration, Instant};

use trellis::diagnostic::Diagnostics;

struct Case {
    name: &'static str,
    params: synth::Params,
    runs: usize,
}

fn main() {
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let cases = [
        Case {
            name: "1k",
            params: synth::Params {
                roles: 1_000,
                skills: 200,
                pathways: 50,
                opportunities: 20,
                seed: 1,
            },
            runs: 20,
        },
        Case {
            name: "10k",
            params: synth::Params {
                roles: 10_000,
                skills: 2_000,
                pathways: 500,
                opportunities: 200,
                seed: 1,
            },
            runs: 10,
        },
    ];
    let dir = tempfile::tempdir().expect("a temporary folder");
    println!(
        "{:<5} {:>6} {:>8} {:>7} | {:>8} {:>8} {:>8} | {:>7} {:>7} {:>7} {:>7} {:>7}",
        "case",
        "files",
        "MiB",
        "runs",
        "median",
        "min",
        "max",
        "load",
        "model",
        "check",
        "sort",
        "drop"
    );
    for case in &cases {
        if !filter.is_empty() && !filter.iter().any(|f| f == case.name) {
            continue;
        }
        let root = dir.path().join(case.name);
        let summary = synth::generate(&case.params, &root).expect("the framework is written");
        let checked = trellis::check_framework(&root).expect("the framework loads");
        assert!(
            checked.diagnostics.is_empty(),
            "the generated framework should check clean, got {} errors and {} warnings",
            checked.diagnostics.errors(),
            checked.diagnostics.warnings()
        );
        drop(checked);

        let mut totals = Vec::with_capacity(case.runs);
        for _ in 0..case.runs {
            let start = Instant::now();
            let checked = trellis::check_framework(&root).expect("the framework loads");
            drop(checked);
            totals.push(start.elapsed());
        }
        let mut stages: [Vec<Duration>; 5] = Default::default();
        for _ in 0..case.runs {
            for (all, time) in stages.iter_mut().zip(staged(&root)) {
                all.push(time);
            }
        }
        let ms = |d: Duration| format!("{:.1}", d.as_secs_f64() * 1000.0);
        totals.sort();
        let medians: Vec<String> = stages.iter_mut().map(|s| ms(median(s))).collect();
        println!(
            "{:<5} {:>6} {:>8.1} {:>7} | {:>8} {:>8} {:>8} | {:>7} {:>7} {:>7} {:>7} {:>7}",
            case.name,
            summary.files,
            summary.bytes as f64 / 1_048_576.0,
            case.runs,
            ms(median(&mut totals)),
            ms(totals[0]),
            ms(totals[totals.len() - 1]),
            medians[0],
            medians[1],
            medians[2],
            medians[3],
            medians[4],
        );
    }
    println!("times in ms; stage columns are medians of separate runs of each stage");
}

/// One run of the stages [`trellis::check_framework`] chains, timing each, and the time to
/// free the result. (It leaves out the filtering of diagnostics that `check_framework`
/// does when `trellis.toml` is unusable, which never applies here.)
fn staged(root: &Path) -> [Duration; 5] {
    let t0 = Instant::now();
    let loaded = trellis::load::load(root).expect("the framework loads");
    let t1 = Instant::now();
    let mut diagnostics = Diagnostics::new();
    diagnostics.extend(loaded.diagnostics.iter().cloned());
    let framework = trellis::model::build(&loaded, &mut diagnostics);
    let t2 = Instant::now();
    trellis::check::check(&framework, &mut diagnostics);
    let t3 = Instant::now();
    diagnostics.sort();
    let t4 = Instant::now();
    drop((loaded, framework, diagnostics));
    let t5 = Instant::now();
    [t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4]
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}
