//! "Watch later" picking up the recording: a follow-up talk whose merged links (its schedule entry folded
//! with a catalog record, or a later schedule version) include a video has its recording available.
use super::{Notes, Status};
use crate::store::{Link, Talk};

/// The talk's first recording link: labelled video or recording, or pointing at a known video host.
pub fn recording_link(talk: &Talk) -> Option<&Link> {
    talk.links.iter().find(|l| {
        let label = l.label.to_lowercase();
        label.contains("video")
            || label.contains("recording")
            || crate::store::merge::video_key(&l.url).is_some()
    })
}

/// The recording of `talk` when the user marked it follow-up (watch later) and one is linked.
pub fn recording_available<'a>(talk: &'a Talk, notes: &Notes) -> Option<&'a Link> {
    let follow_up = notes
        .get(&talk.id)
        .is_some_and(|n| n.status == Status::FollowUp);
    follow_up.then(|| recording_link(talk)).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notes::Timestamp;

    fn talk(links: &[(&str, &str)]) -> Talk {
        Talk {
            id: "c/t".into(),
            links: links
                .iter()
                .map(|(label, url)| Link {
                    label: (*label).into(),
                    url: (*url).into(),
                })
                .collect(),
            ..Talk::default()
        }
    }

    #[test]
    fn video_links_are_found_by_label_or_host_and_slides_are_not() {
        let slides = talk(&[("slides", "https://example.org/s.pdf")]);
        assert!(recording_link(&slides).is_none());
        let labelled = talk(&[
            ("slides", "https://example.org/s.pdf"),
            ("Recording", "https://media.example.org/t.mp4"),
        ]);
        assert_eq!(
            recording_link(&labelled).map(|l| l.url.as_str()),
            Some("https://media.example.org/t.mp4")
        );
        let hosted = talk(&[("", "https://youtu.be/abcDEF12345")]);
        assert!(recording_link(&hosted).is_some());
    }

    #[test]
    fn only_a_follow_up_talk_has_its_recording_available() {
        let t = talk(&[("video", "https://example.org/v")]);
        let mut notes = Notes::default();
        assert!(recording_available(&t, &notes).is_none(), "unmarked");
        notes.set_status("c/t", Status::Planned, Timestamp::now());
        assert!(recording_available(&t, &notes).is_none(), "planned");
        notes.set_status("c/t", Status::FollowUp, Timestamp::now());
        assert!(recording_available(&t, &notes).is_some());
        assert!(recording_available(&talk(&[]), &notes).is_none(), "no link");
    }
}
