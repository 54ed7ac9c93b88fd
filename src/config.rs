//! `config.toml`: the user's talk directories, key bindings and colours; where confnotes keeps its files.
pub mod keys;

pub use keys::{KeyOverride, KeyOverrides};

use crate::store::{LoadError, decode_utf8};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The user's settings; every field has a default, so a missing file is an empty config.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Extra directories of talk documents (or pyvideo trees), loaded after the bundled talks.
    pub talk_dirs: Vec<PathBuf>,
    /// Key binding overrides: `action = [keys]` for the browsing modes, `[keys.<mode>]` tables for one mode.
    pub keys: KeyOverrides,
    /// Colour overrides: element name → colour name or `#rrggbb`.
    pub colors: BTreeMap<String, String>,
    /// Personal notes file (overridden by `--notes` and `CONFNOTES_NOTES`).
    pub notes_file: Option<PathBuf>,
    /// Subscribed schedules older than this are refreshed in the background when the TUI starts (0: never;
    /// default 60).
    pub refresh_after_minutes: Option<u64>,
    /// `[speakers]`: declared aliases and spellings kept apart (see `SpeakerRules`).
    pub speakers: crate::speakers::SpeakerRules,
    /// The file this config was read from (for messages that name a line of it).
    #[serde(skip)]
    pub path: Option<PathBuf>,
}

/// The project's standard directories (config, data, cache), if the platform has a home.
pub fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "confnotes")
}

/// An absolute `$var` (the XDG base directory spec ignores relative ones), joined with "confnotes".
fn xdg(var: &str) -> Option<PathBuf> {
    std::env::var_os(var)
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .map(|p| p.join("confnotes"))
}

/// Where config.toml lives: `$XDG_CONFIG_HOME/confnotes` when set (on every platform, so a dotfiles setup
/// works on macOS too), else the platform's config directory.
pub fn config_dir() -> Option<PathBuf> {
    xdg("XDG_CONFIG_HOME").or_else(|| project_dirs().map(|d| d.config_dir().to_path_buf()))
}

/// Where notes.toml lives: `$XDG_DATA_HOME/confnotes` when set, else the platform's data directory.
pub fn data_dir() -> Option<PathBuf> {
    xdg("XDG_DATA_HOME").or_else(|| project_dirs().map(|d| d.data_dir().to_path_buf()))
}

/// The notes file to use: `--notes`/`CONFNOTES_NOTES`, else `notes_file` from the config, else
/// `notes.toml` in the data directory (None only when there is no home directory).
pub fn resolve_notes_path(cli_notes: Option<&Path>, config: &Config) -> Option<PathBuf> {
    cli_notes
        .map(Path::to_path_buf)
        .or_else(|| config.notes_file.clone())
        .or_else(|| data_dir().map(|d| d.join("notes.toml")))
}

/// Where the load cache lives: `$XDG_CACHE_HOME/confnotes` when set, else the platform's cache directory.
pub fn cache_dir() -> Option<PathBuf> {
    xdg("XDG_CACHE_HOME").or_else(|| project_dirs().map(|d| d.cache_dir().to_path_buf()))
}

/// The default config file path: `<config dir>/config.toml`.
pub fn default_config_path() -> Option<PathBuf> {
    config_dir().map(|d| d.join("config.toml"))
}

/// Where the files are, for `--help`.
pub fn files_help() -> String {
    let show =
        |p: Option<PathBuf>| p.map_or("(no home directory)".into(), |p| p.display().to_string());
    format!(
        "Files:\n  config   {}  (--config, CONFNOTES_CONFIG)\n  notes    {}  (--notes, CONFNOTES_NOTES)\n\
         \x20 subscriptions {}  (cached copies in subscriptions/ beside it)\n\
         \x20 load cache {}  (--no-cache; `confnotes cache clear`)\n\
         XDG_CONFIG_HOME, XDG_DATA_HOME and XDG_CACHE_HOME are honoured on every platform.",
        show(default_config_path()),
        show(data_dir().map(|d| d.join("notes.toml"))),
        show(data_dir().map(|d| d.join(crate::subscribe::FILE_NAME))),
        show(cache_dir()),
    )
}

/// Reads the config at `path`. A missing file is the default config; a broken one is an error with its position.
pub fn load_config(path: &Path) -> Result<Config, LoadError> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
        Err(e) => return Err(LoadError::file(path, format!("cannot read: {e}"))),
    };
    let text = decode_utf8(path, &bytes)?;
    let mut config: Config = toml::from_str(&text).map_err(|e| {
        LoadError::at(
            path,
            &text,
            e.span().map_or(0, |s| s.start),
            e.message().trim().to_string(),
        )
    })?;
    config.keys.locate(&text);
    config.path = Some(path.to_path_buf());
    // Relative paths are relative to the config file, not to wherever confnotes was started.
    let base = path.parent().unwrap_or(Path::new("."));
    for p in config
        .talk_dirs
        .iter_mut()
        .chain(config.notes_file.as_mut())
    {
        if p.is_relative() {
            *p = base.join(&*p);
        }
    }
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_notes_path_is_the_flag_then_the_config_then_the_data_dir() {
        let config = Config {
            notes_file: Some(PathBuf::from("from-config.toml")),
            ..Config::default()
        };
        let flag = Path::new("from-flag.toml");
        assert_eq!(
            resolve_notes_path(Some(flag), &config).as_deref(),
            Some(flag)
        );
        assert_eq!(
            resolve_notes_path(None, &config).as_deref(),
            Some(Path::new("from-config.toml"))
        );
        assert_eq!(
            resolve_notes_path(None, &Config::default()),
            data_dir().map(|d| d.join("notes.toml"))
        );
    }

    #[test]
    fn missing_config_is_default_and_broken_one_is_located() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        assert!(load_config(&path).unwrap().talk_dirs.is_empty());
        std::fs::write(
            &path,
            "talk_dirs = [\"talks\"]\nnotes_file = \"n.toml\"\n[keys]\nquit = [\"q\"]\n",
        )
        .unwrap();
        let c = load_config(&path).unwrap();
        assert_eq!(c.talk_dirs, vec![dir.path().join("talks")]);
        assert_eq!(c.notes_file, Some(dir.path().join("n.toml")));
        assert_eq!(c.keys.0[0].action, "quit");
        assert_eq!(c.keys.0[0].keys, vec!["q"]);
        assert_eq!(c.keys.0[0].line, Some(4));
        std::fs::write(
            &path,
            "[speakers]\n\"Benoît Chesneau\" = [\"benoitc\"]\nseparate = [\"José García\"]\n",
        )
        .unwrap();
        let c = load_config(&path).unwrap();
        assert_eq!(c.speakers.aliases["Benoît Chesneau"], vec!["benoitc"]);
        assert_eq!(c.speakers.separate, vec!["José García"]);
        std::fs::write(&path, "[speakers]\nx = 3\n").unwrap();
        let err = load_config(&path).unwrap_err();
        assert_eq!(err.position.map(|p| p.0), Some(1), "{err}");
        std::fs::write(&path, "talk_dirs = [\"a\"]\ntalk_dir = 3\n").unwrap();
        let err = load_config(&path).unwrap_err();
        assert_eq!(err.position.map(|p| p.0), Some(2), "{err}");
    }
}
