//! `cargo bench --bench build`: times `trellis build` in-process on the generated framework
//! of 10k roles (or 1k), stage by stage: check, render (every page's context and template,
//! the files dropped), write (the rendered files written into a new folder from all
//! threads) and the whole build as the binary runs it (rendering and writing together).
//!
//! The framework comes from `examples/synth` and is written to a temporary folder, as in
//! `benches/check.rs`. Every site is written into a new folder of that temporary folder,
//! which is deleted only at the end, so no run pays for deleting another's files. Pass
//! `1k` or `10k` to run one size: `cargo bench --bench build -- 10k`. Uses the binary's
//! allocator. Peak memory, Hugo and the old site's removal are measured by
//! `bench/build.sh`, not here.

#[path = "../examples/synth/mod.rs"]
mod synth;

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use trellis::output::Staging;
use trellis::render::{RenderOptions, Theme};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const TODAY: &str = "2026-11-28";

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
            runs: 10,
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
            runs: 3,
        },
    ];
    let dir = tempfile::tempdir().expect("a temporary folder");
    println!(
        "{:<5} {:>6} {:>8} {:>5} | {:>8} {:>8} {:>8} {:>8}",
        "case", "files", "MiB", "runs", "check", "render", "write", "build"
    );
    for case in &cases {
        if !filter.is_empty() && !filter.iter().any(|f| f == case.name) {
            continue;
        }
        let root = dir.path().join(case.name);
        synth::generate(&case.params, &root).expect("the framework is written");
        let checked = trellis::check_framework(&root).expect("the framework loads");
        assert!(
            checked.is_ok(),
            "the generated framework should check clean"
        );
        let theme = Theme::default();
        let options = RenderOptions {
            base_url: None,
            today: TODAY.to_owned(),
            editions: false,
        };
        let sites = dir.path().join(format!("{}-sites", case.name));
        let mut times: [Vec<Duration>; 4] = Default::default();
        let (mut files, mut bytes) = (0, 0);
        for run in 0..case.runs {
            let start = Instant::now();
            drop(trellis::check_framework(&root).expect("the framework loads"));
            times[0].push(start.elapsed());

            let total = AtomicU64::new(0);
            let start = Instant::now();
            let paths = trellis::render::render_each(&checked.framework, &theme, &options, |f| {
                total.fetch_add(f.bytes.len() as u64, Ordering::Relaxed);
                Ok(())
            })
            .expect("the site renders");
            times[1].push(start.elapsed());
            (files, bytes) = (paths.len(), total.into_inner());

            let rendered = trellis::render::render(&checked.framework, &theme, &options)
                .expect("the site renders");
            let start = Instant::now();
            write(&sites.join(format!("write-{run}")), |staging| {
                rendered
                    .par_iter()
                    .try_for_each(|f| staging.write(&f.path, &f.bytes))
            });
            times[2].push(start.elapsed());
            drop(rendered);

            let start = Instant::now();
            write(&sites.join(format!("build-{run}")), |staging| {
                trellis::render::render_each(&checked.framework, &theme, &options, |f| {
                    staging.write(&f.path, &f.bytes)
                })
                .map(drop)
            });
            times[3].push(start.elapsed());
        }
        let ms = |d: Duration| format!("{:.0}", d.as_secs_f64() * 1000.0);
        let medians: Vec<String> = times.iter_mut().map(|t| ms(median(t))).collect();
        println!(
            "{:<5} {:>6} {:>8.1} {:>5} | {:>8} {:>8} {:>8} {:>8}",
            case.name,
            files,
            bytes as f64 / 1_048_576.0,
            case.runs,
            medians[0],
            medians[1],
            medians[2],
            medians[3],
        );
    }
    println!("medians in ms; files and MiB are the site's");
}

/// Writes a site into the new folder `out` with `fill`, then swaps it into place.
fn write(out: &Path, fill: impl FnOnce(&Staging) -> anyhow::Result<()>) {
    let staging = Staging::new(out, None).expect("a staging folder");
    fill(&staging).expect("the site is written");
    staging.finish().expect("the site is swapped in");
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}
