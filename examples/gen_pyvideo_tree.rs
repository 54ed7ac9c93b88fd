//! Writes a synthetic pyvideo tree for load measurements (see docs/bench-load.md).
//!
//! `cargo run --release --example gen_pyvideo_tree -- SAMPLE OUT RECORDS FOLDERS`
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [sample, out, records, folders] = args.as_slice() else {
        return Err("usage: gen_pyvideo_tree SAMPLE OUT RECORDS FOLDERS".into());
    };
    let written = confnotes::store::pyvideo::synth::write_tree(
        &PathBuf::from(sample),
        &PathBuf::from(out),
        records.parse()?,
        folders.parse()?,
    )?;
    println!(
        "{} records in {} folders, {:.1} MB",
        written.records,
        written.folders,
        written.bytes as f64 / 1e6
    );
    Ok(())
}
