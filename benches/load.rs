//! Loading big pyvideo catalogs: a tree of the real data set's shape (22k records in 550 folders, 45 MB)
//! and a 200k one, both made from the sample records (`CONFNOTES_PYVIDEO_SAMPLE`, default the vendored sample in tests/fixtures).
//! Numbers and how to reproduce them: docs/bench-load.md.
use confnotes::store::pyvideo::synth::write_tree;
use confnotes::store::{Source, Store};
use std::path::PathBuf;
use std::sync::LazyLock;

fn main() {
    divan::main();
}

fn sample() -> PathBuf {
    confnotes::store::pyvideo::synth::sample_dir()
}

fn tree(records: usize, folders: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    write_tree(&sample(), dir.path(), records, folders)
        .expect("the sample pyvideo tree (set CONFNOTES_PYVIDEO_SAMPLE)");
    dir
}

static TREE_22K: LazyLock<tempfile::TempDir> = LazyLock::new(|| tree(22_000, 550));
static TREE_200K: LazyLock<tempfile::TempDir> = LazyLock::new(|| tree(200_000, 5_000));

fn load(dir: &tempfile::TempDir, expected: usize) -> Store {
    let store = Store::load(&[Source::Path(dir.path().to_path_buf())]);
    assert_eq!(store.talks.len(), expected);
    store
}

/// The whole load, as `--data TREE --no-bundled` does it (warm page cache after the first sample).
#[divan::bench(sample_count = 20)]
fn load_22k(bencher: divan::Bencher) {
    let dir = &*TREE_22K;
    bencher.bench(|| load(dir, 22_000));
}

#[divan::bench(sample_count = 5)]
fn load_200k(bencher: divan::Bencher) {
    let dir = &*TREE_200K;
    bencher.bench(|| load(dir, 200_000));
}

/// The bundled talks with the 22k tree behind them: what merging costs.
#[divan::bench(sample_count = 20)]
fn load_22k_beside_bundled(bencher: divan::Bencher) {
    let dir = &*TREE_22K;
    bencher.bench(|| Store::load(&[Source::Bundled, Source::Path(dir.path().to_path_buf())]));
}
