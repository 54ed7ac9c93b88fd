//! `confnotes import pyvideo`: a pyvideo tree written out as talk documents (TOML) that users can edit.
use super::{Folder, load_folder};
use crate::store::toml_doc::{Conference, write_document};
use crate::store::{Found, LoadError, Talk, collect_sources, parallel};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What an import wrote.
#[derive(Debug, Default)]
pub struct Imported {
    /// The documents written, in order.
    pub files: Vec<PathBuf>,
    /// Talks written, over all documents.
    pub talks: usize,
    /// Records skipped or cut, as when loading.
    pub warnings: Vec<LoadError>,
}

/// Why an import wrote nothing (or stopped part way, for a write error).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The path holds no conference folder.
    #[error("{}: no pyvideo conference folders (a category.json or a videos/ folder) found", .0.display())]
    NothingFound(PathBuf),
    /// A document to write exists already (and `force` was not given).
    #[error("{}: already exists (use --force to replace it)", .0.display())]
    Exists(PathBuf),
    /// Two conference folders would write the same document.
    #[error("{}: two conference folders would both be written here; rename one", .0.display())]
    Clash(PathBuf),
    /// Creating the directory or writing a document failed.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Writes one document per conference folder of the pyvideo tree at `tree` into `out` (one per year when a
/// folder spans several years), named after the folder. Existing documents are replaced only with `force`.
pub fn import_tree(tree: &Path, out: &Path, force: bool) -> Result<Imported, ImportError> {
    let mut found = Vec::new();
    let mut imported = Imported::default();
    collect_sources(tree, &mut found, &mut imported.warnings);
    let mut dirs: Vec<PathBuf> = found
        .into_iter()
        .filter_map(|f| {
            if let Found::Pyvideo(d) = f {
                Some(d)
            } else {
                None
            }
        })
        .collect();
    if dirs.is_empty() {
        return Err(ImportError::NothingFound(tree.to_path_buf()));
    }
    dirs.sort();
    let mut documents = Vec::new();
    parallel::map_in_order(
        &dirs,
        |dir| load_folder(dir),
        |folder| documents.extend(documents_of(folder, &mut imported)),
    );
    documents.sort_by(|a, b| a.0.cmp(&b.0));
    if let Some(pair) = documents.windows(2).find(|w| w[0].0 == w[1].0) {
        // "PyCon-US" and "pycon-us", or "chipy" (2012 talks) and "chipy-2012": one would overwrite the other.
        return Err(ImportError::Clash(out.join(&pair[0].0)));
    }
    if !force && let Some((name, _)) = documents.iter().find(|(name, _)| out.join(name).exists()) {
        return Err(ImportError::Exists(out.join(name)));
    }
    std::fs::create_dir_all(out).map_err(|source| ImportError::Io {
        path: out.to_path_buf(),
        source,
    })?;
    for (name, text) in documents {
        let path = out.join(name);
        write_atomically(&path, &text)?;
        imported.files.push(path);
    }
    Ok(imported)
}

/// The (file name, TOML text) documents of one folder; the folder's warnings go to `imported`.
fn documents_of(folder: Folder, imported: &mut Imported) -> Vec<(String, String)> {
    let Folder { category, batch } = folder;
    imported.warnings.extend(batch.warnings);
    imported.talks += batch.talks.len();
    let mut by_year: BTreeMap<i32, Vec<Talk>> = BTreeMap::new();
    for talk in batch.talks {
        by_year.entry(talk.year).or_default().push(talk);
    }
    let several = by_year.len() > 1;
    let mut documents = Vec::new();
    for (year, talks) in by_year {
        let name = if several {
            format!("{}-{year}.toml", category.slug)
        } else {
            format!("{}.toml", category.slug)
        };
        let same_year = category.year == Some(year);
        let conference = Conference {
            name: category.name.clone(),
            year,
            slug: Some(category.slug.clone()),
            start: category.start.clone().filter(|_| same_year),
            end: category.end.clone().filter(|_| same_year),
            location: None,
        };
        match write_document(conference, &talks, &category.slug) {
            Ok(text) => documents.push((name, text)),
            Err(e) => imported.warnings.push(LoadError::file(
                &batch.path,
                format!("cannot write {name}: {e}; skipped"),
            )),
        }
    }
    documents
}

/// Writes through a temporary file and a rename, so an interrupted import never leaves half a document.
fn write_atomically(path: &Path, text: &str) -> Result<(), ImportError> {
    let tmp = path.with_extension("toml.tmp");
    let io = |source| ImportError::Io {
        path: path.to_path_buf(),
        source,
    };
    std::fs::write(&tmp, text).map_err(io)?;
    std::fs::rename(&tmp, path).map_err(io)
}
