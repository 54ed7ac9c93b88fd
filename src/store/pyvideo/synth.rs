//! A synthetic pyvideo tree of the real data set's shape, made from sample records (benchmarks, tests).
//!
//! Deterministic: the same sample and sizes give the same files. Records are the sample's, with varied
//! titles, slugs and dates, a few nulls and empty speaker lists, other scripts, an occasional very long
//! description, and padding so the average record is about the real one's 2 KB.
use crate::store::slugify;
use serde_json::{Value, json};
use std::io;
use std::path::{Path, PathBuf};

const CONFERENCES: &[&str] = &[
    "PyCon US",
    "EuroPython",
    "PyData London",
    "DjangoCon US",
    "PyCon AU",
    "SciPy",
    "PyOhio",
    "PyCon UK",
    "Kiwi PyCon",
    "PyCon Italia",
    "PyGotham",
    "PyTexas",
    "North Bay Python",
    "PyCon India",
    "PyCon JP",
    "PyCon Colombia",
    "Python Brasil",
    "PyCon Ukraine",
    "Moscow Python Meetup",
    "PyBay",
    "PyCon DE",
    "PyCon ES",
    "PyCon FR",
    "Pycon Sweden",
    "PyCon Taiwan",
    "PyCon Korea",
    "PyCon China",
    "DjangoCon Europe",
    "PyData Berlin",
    "PyCon Israel",
];
const VARIANTS: &[&str] = &[
    "revisited",
    "in practice",
    "for beginners",
    "at scale",
    "deep dive",
    "the sequel",
    "live",
    "2.0",
    "workshop",
    "reloaded",
];
const SCRIPTS: &[&str] = &[
    "日本語のトーク",
    "Доклад о Python",
    "Ομιλία για την Python",
    "محاضرة عن بايثون",
    "हिंदी में वार्ता",
    "파이썬 발표",
    "🐍✨ talk",
    "הרצאה בעברית",
    "การบรรยาย",
    "Türkçe konuşma",
];
const WORDS: &[&str] = &[
    "python",
    "data",
    "the",
    "of",
    "and",
    "performance",
    "async",
    "testing",
    "with",
    "a",
    "web",
    "library",
    "we",
    "will",
    "show",
    "how",
    "to",
    "build",
    "in",
    "production",
];

/// What `write_tree` wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    /// Conference folders written.
    pub folders: usize,
    /// Record files written.
    pub records: usize,
    /// Total size of the record files.
    pub bytes: u64,
}

/// Writes `records` records in `folders` conference folders under `out`, built from the records of the pyvideo
/// tree at `sample`.
pub fn write_tree(
    sample: &Path,
    out: &Path,
    records: usize,
    folders: usize,
) -> io::Result<Written> {
    let templates = read_templates(sample)?;
    if templates.is_empty() || folders == 0 {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "no sample records or no folders",
        ));
    }
    let mut rng = SplitMix(0x5eed);
    let sizes = folder_sizes(records, folders, &mut rng);
    let mut written = Written {
        folders: 0,
        records: 0,
        bytes: 0,
    };
    let mut used = std::collections::HashSet::new();
    for (f, &size) in sizes.iter().enumerate() {
        let conference = CONFERENCES[f % CONFERENCES.len()];
        let year = 2005 + (f / CONFERENCES.len()) % 20;
        let round = f / (CONFERENCES.len() * 20);
        let title = if round == 0 {
            format!("{conference} {year}")
        } else {
            format!("{conference} {round} {year}")
        };
        let folder = slugify(&title);
        if !used.insert(folder.clone()) {
            return Err(io::Error::other(format!("folder name {folder} repeats")));
        }
        let dir = out.join(&folder);
        std::fs::create_dir_all(dir.join("videos"))?;
        std::fs::write(
            dir.join("category.json"),
            serde_json::to_vec_pretty(&json!({ "title": title }))?,
        )?;
        for _ in 0..size {
            let g = written.records;
            let (stem, record) = vary(&templates[g % templates.len()], g, &folder, year, &mut rng);
            let bytes = serde_json::to_vec_pretty(&record)?;
            written.bytes += bytes.len() as u64;
            std::fs::write(dir.join("videos").join(format!("{stem}.json")), bytes)?;
            written.records += 1;
        }
        written.folders += 1;
    }
    Ok(written)
}

fn read_templates(sample: &Path) -> io::Result<Vec<Value>> {
    let mut files: Vec<PathBuf> = Vec::new();
    for entry in std::fs::read_dir(sample)? {
        let videos = entry?.path().join("videos");
        if let Ok(records) = std::fs::read_dir(&videos) {
            files.extend(
                records
                    .flatten()
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|e| e == "json")),
            );
        }
    }
    files.sort();
    let mut templates = Vec::with_capacity(files.len());
    for file in files {
        if let Ok(value @ Value::Object(_)) = serde_json::from_slice(&std::fs::read(&file)?) {
            templates.push(value);
        }
    }
    Ok(templates)
}

/// Folder sizes between about half and one and a half times the mean, summing to `records`.
fn folder_sizes(records: usize, folders: usize, rng: &mut SplitMix) -> Vec<usize> {
    let mean = records / folders;
    let mut sizes: Vec<usize> = (0..folders)
        .map(|_| (mean / 2 + rng.below(mean + 1)).max(1))
        .collect();
    let mut total: usize = sizes.iter().sum();
    let mut i = 0;
    while total != records {
        let slot = &mut sizes[i % folders];
        if total < records {
            *slot += 1;
            total += 1;
        } else if *slot > 1 {
            *slot -= 1;
            total -= 1;
        }
        i += 1;
    }
    sizes
}

/// Record number `g`, made from `template`: returns its file stem and the record.
fn vary(
    template: &Value,
    g: usize,
    folder: &str,
    year: usize,
    rng: &mut SplitMix,
) -> (String, Value) {
    let mut record = template.clone();
    let field = |r: &Value, k: &str| {
        r.get(k)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let mut title = format!(
        "{} {}",
        field(&record, "title"),
        VARIANTS[(g / 7) % VARIANTS.len()]
    );
    if g.is_multiple_of(13) {
        title = format!("{title} {}", SCRIPTS[(g / 13) % SCRIPTS.len()]);
    }
    let stem = format!("{}-{g}", slugify(&title));
    let mut description = field(&record, "description");
    let padding = rng.below(500);
    for i in 0..padding / 6 {
        description.push_str(if i == 0 { "\n\n" } else { " " });
        description.push_str(WORDS[rng.below(WORDS.len())]);
    }
    if g % 499 == 17 {
        description = description.repeat(100_000 / description.len().max(1) + 1);
    }
    let recorded = field(&record, "recorded");
    let recorded = format!("{year}{}", recorded.get(4..).unwrap_or("-06-01"));
    let Value::Object(map) = &mut record else {
        return (stem, record);
    };
    if map.contains_key("slug") {
        map.insert("slug".into(), json!(format!("{folder}-{stem}")));
    }
    map.insert("title".into(), json!(title));
    map.insert(
        "description".into(),
        if g % 61 == 13 {
            Value::Null
        } else {
            json!(description)
        },
    );
    map.insert(
        "recorded".into(),
        if g % 53 == 11 {
            Value::Null
        } else {
            json!(recorded)
        },
    );
    if g % 37 == 5 {
        map.insert("speakers".into(), Value::Null);
    } else if g % 29 == 3 {
        map.insert("speakers".into(), json!([]));
    }
    if g % 41 == 7 {
        map.insert("tags".into(), Value::Null);
    }
    (stem, record)
}

/// A small deterministic generator (SplitMix64), so the tree does not depend on a random crate.
struct SplitMix(u64);

impl SplitMix {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) as usize % n.max(1)
    }
}

/// The sample of pyvideo/data vendored in `tests/fixtures/pyvideo-sample` (CC0; see its README), or
/// `CONFNOTES_PYVIDEO_SAMPLE`: the real records tests and benchmarks build on.
pub fn sample_dir() -> std::path::PathBuf {
    std::env::var_os("CONFNOTES_PYVIDEO_SAMPLE").map_or_else(
        || concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/pyvideo-sample").into(),
        std::path::PathBuf::from,
    )
}
