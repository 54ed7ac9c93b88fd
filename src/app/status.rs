//! The status line's state: loading progress, the current message and how long it shows, the problems met
//! while loading, and the notes' save state.
use super::App;
use std::time::{Duration, Instant};

/// How long an info message shows (errors three times as long).
const MESSAGE_TIME: Duration = Duration::from_secs(5);

/// How bad a status message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Warning,
    Error,
}

/// A message on the status line, shown until `until`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub level: Level,
    pub until: Option<Instant>,
}

/// The status line: loading progress, messages, load problems and the notes' save state.
#[derive(Debug, Clone, Default)]
pub struct StatusState {
    pub loading: bool,
    pub message: Option<Message>,
    /// Every problem met while loading talks (file:line:col: what).
    pub load_problems: Vec<String>,
    /// The last save failed; the text is kept in memory and the saver retries.
    pub save_error: Option<String>,
    /// The subscribed schedules, for "updated 3 min ago" / "offline, copy from Tue 14:02".
    pub subscriptions: Vec<crate::subscribe::Subscription>,
    /// A background refresh of subscriptions is running.
    pub refreshing: bool,
    /// When the rows were last rebuilt for newly loaded talks, and whether talks came in since.
    pub rows_built: Option<Instant>,
    pub rows_stale: bool,
}

impl StatusState {
    /// Drops a message whose time is up at `now`; whether one was.
    pub fn expire(&mut self, now: Instant) -> bool {
        let expired = self
            .message
            .as_ref()
            .is_some_and(|m| m.until.is_some_and(|u| now >= u));
        if expired {
            self.message = None;
        }
        expired
    }

    /// The first load problem, and how many more there are to see in the help.
    pub fn load_summary(&self) -> Option<String> {
        let first = self.load_problems.first()?;
        Some(match self.load_problems.len() {
            1 => first.clone(),
            n => format!("{first} (+{} more: see ?)", n - 1),
        })
    }
}

impl App {
    pub(super) fn set_message(
        &mut self,
        text: String,
        level: Level,
        for_how_long: Option<Duration>,
    ) {
        self.status.message = Some(Message {
            text,
            level,
            until: for_how_long.map(|d| self.now + d),
        });
    }

    pub(super) fn info(&mut self, text: String) {
        self.set_message(text, Level::Info, Some(MESSAGE_TIME));
    }

    pub(super) fn error(&mut self, text: String) {
        self.set_message(text, Level::Error, Some(MESSAGE_TIME * 3));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_expires_at_its_time_and_one_without_a_time_stays() {
        let now = Instant::now();
        let mut s = StatusState {
            message: Some(Message {
                text: "saved".into(),
                level: Level::Info,
                until: Some(now + MESSAGE_TIME),
            }),
            ..StatusState::default()
        };
        assert!(!s.expire(now));
        assert!(s.expire(now + MESSAGE_TIME));
        assert!(s.message.is_none());
        s.message = Some(Message {
            text: "read-only".into(),
            level: Level::Error,
            until: None,
        });
        assert!(!s.expire(now + MESSAGE_TIME * 100));
    }

    #[test]
    fn the_load_summary_names_the_first_problem_and_counts_the_rest() {
        let mut s = StatusState::default();
        assert_eq!(s.load_summary(), None);
        s.load_problems.push("a.toml:1:1: bad".into());
        assert_eq!(s.load_summary().as_deref(), Some("a.toml:1:1: bad"));
        s.load_problems.push("b.toml:2:1: worse".into());
        assert_eq!(
            s.load_summary().as_deref(),
            Some("a.toml:1:1: bad (+1 more: see ?)")
        );
    }
}
