//! `confnotes import schedule FILE --out DIR`: one schedule written as a TOML talk document (docs/format.md)
//! that keeps every talk's id, times, room and the rest, for editing and loading with `--data`.
use crate::store::error::LoadError;
use crate::store::toml_doc::{Conference, write_document};
use std::path::{Path, PathBuf};

/// Why a schedule could not be imported.
#[derive(Debug, thiserror::Error)]
pub enum ScheduleImportError {
    /// The file does not load as a schedule (with its position when it is broken).
    #[error("{0}")]
    Load(LoadError),
    /// The file is readable but not a schedule.
    #[error("{}: not a schedule (frab/Pentabarf XML, frab/pretalx JSON or iCalendar)", .0.display())]
    NotASchedule(PathBuf),
    /// The document to write exists already (and `force` was not given).
    #[error("{}: already exists (use --force to replace it)", .0.display())]
    Exists(PathBuf),
    /// Writing the document failed.
    #[error("{}: {message}", path.display())]
    Write { path: PathBuf, message: String },
}

/// What an import wrote.
#[derive(Debug)]
pub struct ImportedSchedule {
    /// The document written.
    pub file: PathBuf,
    pub talks: usize,
    /// Events skipped or read leniently.
    pub warnings: Vec<LoadError>,
}

/// Reads the schedule at `file` and writes `<conference slug>.toml` into `out` (replacing one only with `force`).
pub fn import_schedule(
    file: &Path,
    out: &Path,
    force: bool,
) -> Result<ImportedSchedule, ScheduleImportError> {
    let bytes = std::fs::read(file).map_err(|e| {
        ScheduleImportError::Load(LoadError::file(file, format!("cannot read: {e}")))
    })?;
    let text = crate::store::decode_utf8(file, &bytes).map_err(ScheduleImportError::Load)?;
    let format =
        super::sniff(&text).ok_or_else(|| ScheduleImportError::NotASchedule(file.to_path_buf()))?;
    let parsed = super::parse_schedule(file, &text, format).map_err(ScheduleImportError::Load)?;
    let Some(first) = parsed.talks.first() else {
        return Err(ScheduleImportError::NotASchedule(file.to_path_buf()));
    };
    let slug = first.id.split('/').next().unwrap_or("schedule").to_string();
    let conference = Conference {
        name: first.conference.clone(),
        year: first.year,
        slug: Some(slug.clone()),
        start: parsed.talks.iter().filter_map(|t| t.date.clone()).min(),
        end: parsed.talks.iter().filter_map(|t| t.date.clone()).max(),
        location: None,
    };
    let write_err = |path: &Path, message: String| ScheduleImportError::Write {
        path: path.to_path_buf(),
        message,
    };
    let document = write_document(conference, &parsed.talks, &slug)
        .map_err(|e| write_err(out, e.to_string()))?;
    let path = out.join(format!("{slug}.toml"));
    if !force && path.exists() {
        return Err(ScheduleImportError::Exists(path));
    }
    std::fs::create_dir_all(out).map_err(|e| write_err(out, e.to_string()))?;
    let mut tmp =
        tempfile::NamedTempFile::new_in(out).map_err(|e| write_err(out, e.to_string()))?;
    std::io::Write::write_all(&mut tmp, document.as_bytes())
        .map_err(|e| write_err(&path, e.to_string()))?;
    tmp.persist(&path)
        .map_err(|e| write_err(&path, e.error.to_string()))?;
    Ok(ImportedSchedule {
        file: path,
        talks: parsed.talks.len(),
        warnings: parsed.warnings,
    })
}
