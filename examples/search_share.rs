//! Measures the search index's share of a build: `cargo run --release --example search_share
//! -- DIR`. Prints the time to render the whole site in memory, the time to build the search
//! index alone (the median of five runs each), and the index's size. Used by
//! `bench/search.sh`; not a test.

use std::path::PathBuf;
use std::time::Instant;

use trellis::render::{RenderOptions, Theme};

fn median(mut runs: Vec<f64>) -> f64 {
    runs.sort_by(f64::total_cmp);
    runs[runs.len() / 2]
}

fn main() -> anyhow::Result<()> {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "framework".to_owned()),
    );
    let checked = trellis::check_framework(&dir)?;
    anyhow::ensure!(
        checked.is_ok(),
        "the framework has errors; run `trellis check` on it"
    );
    let options = RenderOptions {
        base_url: None,
        today: "2026-11-28".to_owned(),
        editions: false,
    };
    let theme = Theme::default();
    let mut render_runs = Vec::new();
    let mut index_runs = Vec::new();
    let mut index_bytes = 0;
    let mut index_files = 0;
    for _ in 0..5 {
        let started = Instant::now();
        let files = trellis::render::render(&checked.framework, &theme, &options)?;
        render_runs.push(started.elapsed().as_secs_f64());
        drop(files);
        let started = Instant::now();
        let index = trellis::render::search::index(&checked.framework)?;
        index_runs.push(started.elapsed().as_secs_f64());
        index_files = index.len();
        index_bytes = index.iter().map(|f| f.bytes.len()).sum::<usize>();
    }
    let render = median(render_runs);
    let index = median(index_runs);
    println!("render (whole site, in memory): {render:.3} s");
    println!(
        "search index alone:             {index:.3} s ({index_files} files, {index_bytes} bytes)"
    );
    println!(
        "index share of the render:      {:.1} %",
        100.0 * index / render
    );
    Ok(())
}
