//! Embeds the sample framework (`framework/`) in the binary for `trellis init`: writes
//! `$OUT_DIR/sample.rs`, a sorted list of `(path, include_bytes!(...))`, so the list follows
//! the folder without a hand-kept copy and without a crate for it.

use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let sample = root.join("framework");
    // Cargo scans a folder named here for changes to any file inside it.
    println!("cargo:rerun-if-changed=framework");
    let mut files = Vec::new();
    collect(&sample, &sample, &mut files);
    files.sort();
    let mut out = String::from(
        "/// The sample framework: every file of `framework/`, by path relative to it.\n\
         pub static SAMPLE: &[(&str, &[u8])] = &[\n",
    );
    for rel in &files {
        let absolute = sample.join(rel);
        out.push_str(&format!(
            "    ({rel:?}, include_bytes!({:?})),\n",
            absolute.to_string_lossy()
        ));
    }
    out.push_str("];\n");
    let dest = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo")).join("sample.rs");
    fs::write(dest, out).expect("write sample.rs");
}

fn collect(root: &Path, dir: &Path, files: &mut Vec<String>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            collect(root, &path, files);
        } else if kind.is_file() {
            let rel = path.strip_prefix(root).expect("under root");
            let parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            files.push(parts.join("/"));
        }
    }
}
