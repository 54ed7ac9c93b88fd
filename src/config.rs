//! `config.toml`: the user's talk directories, key bindings and colours.
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
    /// Key binding overrides: action name → keys, e.g. `quit = ["q", "ctrl-c"]`.
    pub keys: BTreeMap<String, Vec<String>>,
    /// Colour overrides: element name → colour name or `#rrggbb`.
    pub colors: BTreeMap<String, String>,
    /// Personal notes file (overridden by `--notes` and `CONFNOTES_NOTES`).
    pub notes_file: Option<PathBuf>,
    /// `[speakers]`: declared aliases and spellings kept apart (see `SpeakerRules`).
    pub speakers: crate::speakers::SpeakerRules,
}

/// The project's standard directories (config, data, cache), if the platform has a home.
pub fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "confnotes")
}

/// The default config file path: `<config dir>/config.toml`.
pub fn default_config_path() -> Option<PathBuf> {
    project_dirs().map(|d| d.config_dir().join("config.toml"))
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
        assert_eq!(c.keys["quit"], vec!["q"]);
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
