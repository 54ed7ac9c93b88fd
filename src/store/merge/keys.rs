//! Strong keys: what proves two records are one talk whatever their titles say — the same video (its URL
//! normalised across youtu.be, watch?v=, embed and player forms) or an explicit source reference (a link to
//! the talk's pyvideo.org page, which names the catalog record's id).
use crate::store::model::Talk;

/// A talk's strong keys: `v:<video>` per video link, `id:<id>` for its own id and each record it references.
pub(super) fn strong_keys(talk: &Talk) -> Vec<String> {
    let mut keys = vec![format!("id:{}", talk.id)];
    for link in &talk.links {
        let key = match source_reference(&link.url) {
            Some(id) => format!("id:{id}"),
            None => match video_key(&link.url) {
                Some(v) => format!("v:{v}"),
                None if link.label.eq_ignore_ascii_case("video") => {
                    format!("v:{}", bare(&link.url))
                }
                None => continue,
            },
        };
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    keys
}

/// Whether a key is a video (a session video can be shared by several talks; a reference cannot).
pub(super) fn is_video(key: &str) -> bool {
    key.starts_with("v:")
}

/// Scheme, `www.`/`m.`, fragment and trailing slash removed.
fn bare(url: &str) -> &str {
    let url = url.trim();
    let url = url.split_once("://").map_or(url, |(_, rest)| rest);
    let url = url.split('#').next().unwrap_or(url);
    let url = url
        .strip_prefix("www.")
        .or_else(|| url.strip_prefix("m."))
        .unwrap_or(url);
    url.trim_end_matches('/')
}

/// `yt:<id>` for YouTube (youtu.be/ID, youtube.com/watch?v=ID in any parameter order, /embed/ID, /v/ID,
/// /live/ID, youtube-nocookie.com), `vimeo:<n>` for Vimeo (vimeo.com/N, player.vimeo.com/video/N).
pub fn video_key(url: &str) -> Option<String> {
    let rest = bare(url);
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host.to_ascii_lowercase();
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let youtube = |id: &str| {
        let ok = !id.is_empty()
            && id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        ok.then(|| format!("yt:{id}"))
    };
    match host.as_str() {
        "youtu.be" => youtube(segments.first()?),
        "youtube.com" | "youtube-nocookie.com" => match segments.as_slice() {
            ["watch"] => youtube(query.split('&').find_map(|p| p.strip_prefix("v="))?),
            ["embed" | "v" | "live" | "shorts", id, ..] => youtube(id),
            _ => None,
        },
        "vimeo.com" | "player.vimeo.com" => {
            let n = segments
                .iter()
                .rev()
                .find(|s| s.bytes().all(|b| b.is_ascii_digit()))?;
            Some(format!("vimeo:{n}"))
        }
        _ => None,
    }
}

/// The record id a pyvideo.org page names: `pyvideo.org/<folder>/<slug>.html` → `<folder>/<slug>`.
fn source_reference(url: &str) -> Option<String> {
    let rest = bare(url);
    let path = rest.strip_prefix("pyvideo.org/")?;
    let path = path.split('?').next()?.trim_end_matches(".html");
    match path.split('/').collect::<Vec<_>>()[..] {
        [folder, slug] if !folder.is_empty() && !slug.is_empty() && folder != "category" => {
            Some(format!("{folder}/{slug}"))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Link;

    #[test]
    fn youtube_and_vimeo_forms_share_one_key() {
        let id = Some("yt:m8mS28xBh_A".to_string());
        for url in [
            "https://www.youtube.com/watch?v=m8mS28xBh_A",
            "http://youtube.com/watch?feature=share&v=m8mS28xBh_A&t=10",
            "https://youtu.be/m8mS28xBh_A",
            "https://youtu.be/m8mS28xBh_A?t=3",
            "https://www.youtube.com/embed/m8mS28xBh_A",
            "https://www.youtube-nocookie.com/embed/m8mS28xBh_A/",
            "https://m.youtube.com/watch?v=m8mS28xBh_A#x",
        ] {
            assert_eq!(video_key(url), id, "{url}");
        }
        assert_eq!(
            video_key("https://vimeo.com/123"),
            video_key("https://player.vimeo.com/video/123")
        );
        assert_eq!(video_key("https://www.youtube.com/user/PyConUK"), None);
        assert_eq!(video_key("https://example.org/watch?v=x"), None);
    }

    #[test]
    fn references_and_other_video_links_are_keys_too() {
        let talk = Talk {
            id: "c/t".into(),
            links: vec![
                Link {
                    label: "pyvideo".into(),
                    url: "https://pyvideo.org/europython-2012/esageriamo-con-uwsgi-e-nginx.html"
                        .into(),
                },
                Link {
                    label: "video".into(),
                    url: "http://example.org/talk.mp4/".into(),
                },
                Link {
                    label: "slides".into(),
                    url: "https://speakerdeck.com/x".into(),
                },
            ],
            ..Talk::default()
        };
        assert_eq!(
            strong_keys(&talk),
            [
                "id:c/t",
                "id:europython-2012/esageriamo-con-uwsgi-e-nginx",
                "v:example.org/talk.mp4"
            ]
        );
    }
}
