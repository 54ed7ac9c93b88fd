//! A deterministic synthetic talk corpus, for benchmarks and tests at catalog scale (20k–200k talks).
//!
//! Lengths follow what pyvideo-style catalogs hold: titles of 3–12 words, one to three speakers (some
//! with non-ASCII names), a few tags, and bodies from empty through a short description to a few
//! kilobytes of notes.
use crate::store::{Link, Talk, slugify};

#[rustfmt::skip]
const FIRST: &[&str] = &[
    "Alex", "Anna", "Benoît", "Carlos", "Chen", "Daniel", "Dmitri", "Elena", "Fatima", "François",
    "Guido", "Hannah", "Ines", "Jakub", "José", "Julia", "Kenji", "Lars", "Łukasz", "Maria", "Mateo",
    "Nadia", "Olga", "Ólafur", "Paul", "Priya", "Rafael", "Sarah", "Shahriar", "Søren", "Thomas",
    "Yuki", "Zoë", "Ahmed", "Brett", "Carol", "Emily", "Hynek", "Kate", "Łucja", "Miguel", "Naomi",
    "Raymond", "Ewa", "Jürgen", "Ana", "Wei", "Ngozi", "Αλέξανδρος", "Мария",
];
#[rustfmt::skip]
const LAST: &[&str] = &[
    "Smith", "Gründemann", "Tajbakhsh", "Nowak", "Müller", "García", "Kowalski", "Rossum", "Hettinger",
    "Schlawack", "Dubois", "Björk", "Ivanova", "Tanaka", "Okafor", "Núñez", "Larsen", "Brown",
    "Nguyen", "Fernández", "Lefèvre", "Wiśniewski", "Kim", "Patel", "Cohen", "O'Brien", "Yamamoto",
    "Schäfer", "Johansson", "Dvořák", "Andersen", "Silva", "Costa", "Hoffmann", "Zhang", "Novák",
    "Popescu", "Jensen", "Moreau", "Kovačević", "Papadopoulos", "Wójcik", "Meyer", "Eriksson",
];
#[rustfmt::skip]
const CONFERENCES: &[&str] = &[
    "EuroPython", "PyCon US", "PyCon DE", "PyData London", "DjangoCon Europe", "SciPy", "RustConf",
    "EuroRust", "FOSDEM", "PyCon Italia", "Kiwi PyCon", "PyCon AU", "JSConf EU", "GopherCon",
    "Strange Loop", "PyGotham", "PyCon Ireland", "EuroSciPy", "PyCon APAC", "Pycon Česko",
];
#[rustfmt::skip]
const TAGS: &[&str] = &[
    "python", "asyncio", "concurrency", "testing", "django", "flask", "data science", "pandas",
    "numpy", "machine learning", "deep learning", "web", "security", "packaging", "performance",
    "rust", "databases", "postgresql", "devops", "docker", "kubernetes", "community", "education",
    "typing", "cpython", "pypy", "visualisation", "jupyter", "api", "rest", "graphql", "cloud",
    "microservices", "debugging", "profiling", "gis", "nlp", "robotics", "hardware", "music",
];
#[rustfmt::skip]
const ADJ: &[&str] = &[
    "Practical", "Modern", "Advanced", "Gentle", "Fast", "Scalable", "Reliable", "Pythonic",
    "Effective", "Hidden", "Async", "Typed", "Functional", "Distributed", "Beautiful", "Secure",
];
#[rustfmt::skip]
const TOPIC: &[&str] = &[
    "Testing", "Concurrency", "Data Pipelines", "Web APIs", "Type Hints", "Packaging", "Profiling",
    "Machine Learning", "Databases", "Microservices", "Generators", "Decorators", "Metaclasses",
    "Event Loops", "Visualisation", "Search Engines", "Compilers", "Parsers", "Caching", "Logging",
    "Documentation", "Continuous Integration", "Containers", "Geospatial Data", "Time Series",
];
#[rustfmt::skip]
const TECH: &[&str] = &[
    "asyncio", "Django", "Flask", "pandas", "NumPy", "Rust", "Cython", "PyPy", "PostgreSQL", "Redis",
    "Kubernetes", "pytest", "Hypothesis", "mypy", "Jupyter", "Dask", "scikit-learn", "SQLAlchemy",
    "FastAPI", "Celery", "WebAssembly", "GraphQL", "Kafka", "Arrow",
];
#[rustfmt::skip]
const WORDS: &[&str] = &[
    "the", "a", "of", "and", "to", "in", "we", "is", "for", "this", "talk", "how", "with", "that",
    "you", "it", "on", "will", "can", "are", "our", "code", "python", "data", "time", "about",
    "system", "using", "library", "application", "performance", "problem", "solution", "example",
    "learn", "show", "build", "team", "production", "memory", "thread", "process", "queue", "event",
    "loop", "request", "response", "server", "client", "database", "query", "index", "cache",
    "model", "training", "feature", "pipeline", "deploy", "cluster", "container", "test", "coverage",
    "bug", "error", "exception", "trace", "profile", "benchmark", "compile", "interpreter", "runtime",
    "object", "function", "class", "module", "package", "dependency", "version", "release", "user",
    "interface", "design", "pattern", "architecture", "experience", "lessons", "mistakes", "tools",
    "open", "source", "community", "project", "maintainers", "contributors", "documentation",
    "simple", "complex", "fast", "slow", "large", "small", "better", "new", "old", "first", "last",
    "real", "world", "scale", "million", "users", "requests", "second", "latency", "throughput",
    "typing", "annotations", "generator", "coroutine", "await", "async", "lock", "mutex", "GIL",
    "Rust", "Django", "pandas", "NumPy", "PostgreSQL", "Kubernetes", "straße", "café", "naïve",
];

/// A small deterministic generator (SplitMix64): the corpus must be identical on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    /// True with probability `percent`/100.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// `n` synthetic talks, the same for the same `seed`. Ids are unique.
pub fn synth_talks(n: usize, seed: u64) -> Vec<Talk> {
    let mut rng = Rng(seed);
    (0..n).map(|i| synth_talk(&mut rng, i)).collect()
}

fn synth_talk(rng: &mut Rng, i: usize) -> Talk {
    let conference = rng.pick(CONFERENCES).to_string();
    let year = 2005 + rng.below(21) as i32;
    let title = synth_title(rng);
    let n_speakers = match rng.below(100) {
        0..=79 => 1,
        80..=94 => 2,
        95..=97 => 3,
        _ => 0,
    };
    let speakers = (0..n_speakers)
        .map(|_| format!("{} {}", rng.pick(FIRST), rng.pick(LAST)))
        .collect();
    let n_tags = rng.below(5);
    let tags = (0..n_tags).map(|_| rng.pick(TAGS).to_string()).collect();
    let body = synth_body(rng);
    let id = format!("{}-{year}/{}-{i}", slugify(&conference), slugify(&title));
    let links = vec![Link {
        label: "video".into(),
        url: format!("https://example.invalid/v/{i}"),
    }];
    Talk {
        id,
        title,
        speakers,
        conference,
        year,
        tags,
        links,
        body: body.into(),
        ..Talk::default()
    }
}

fn synth_title(rng: &mut Rng) -> String {
    match rng.below(5) {
        0 => format!(
            "{} {} with {}",
            rng.pick(ADJ),
            rng.pick(TOPIC),
            rng.pick(TECH)
        ),
        1 => format!(
            "{}: {} {} in {}",
            rng.pick(TOPIC),
            rng.pick(ADJ),
            rng.pick(TOPIC),
            rng.pick(TECH)
        ),
        2 => format!("How we scaled {} to a million users", rng.pick(TECH)),
        3 => format!("{} for {} developers", rng.pick(TOPIC), rng.pick(TECH)),
        _ => {
            let mut t = format!("{} {}", rng.pick(ADJ), rng.pick(TOPIC));
            for _ in 0..rng.below(6) {
                t.push(' ');
                t.push_str(rng.pick(WORDS));
            }
            t
        }
    }
}

/// Empty (15%), a catalog description (200–1,500 chars, 75%) or long personal-style notes (2–6 kB).
fn synth_body(rng: &mut Rng) -> String {
    let target = match rng.below(100) {
        0..=14 => return String::new(),
        15..=89 => 200 + rng.below(1300),
        _ => 2000 + rng.below(4000),
    };
    let mut body = String::with_capacity(target + 80);
    while body.len() < target {
        let words = 6 + rng.below(14);
        for w in 0..words {
            let word = rng.pick(WORDS);
            if w == 0 {
                let mut chars = word.chars();
                body.extend(chars.next().map(|c| c.to_uppercase().collect::<String>()));
                body.push_str(chars.as_str());
            } else {
                body.push(' ');
                body.push_str(word);
            }
        }
        body.push_str(if rng.chance(15) { ".\n\n" } else { ". " });
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_corpus_and_unique_ids() {
        let a = synth_talks(2000, 7);
        assert_eq!(a, synth_talks(2000, 7));
        assert_ne!(a, synth_talks(2000, 8));
        let ids: std::collections::HashSet<_> = a.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids.len(), a.len());
    }

    #[test]
    fn realistic_shape() {
        let talks = synth_talks(5000, 1);
        let non_ascii = talks
            .iter()
            .filter(|t| t.speakers.iter().any(|s| !s.is_ascii()))
            .count();
        assert!(non_ascii > 500, "{non_ascii}");
        let empty = talks.iter().filter(|t| t.body.is_empty()).count();
        assert!((400..1200).contains(&empty), "{empty}");
        let mean_body = talks.iter().map(|t| t.body.len()).sum::<usize>() / talks.len();
        assert!((500..2000).contains(&mean_body), "{mean_body}");
        assert!(
            talks
                .iter()
                .all(|t| (10..120).contains(&t.title.chars().count()))
        );
        assert!(talks.iter().all(|t| (2005..=2025).contains(&t.year)));
    }
}
