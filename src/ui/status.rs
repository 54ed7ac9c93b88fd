//! The status line: a message, or key hints for the current mode; loading and problems on the right.
use super::Theme;
use super::textfit::{fit_spans, str_width};
use crate::app::{App, Level, Mode};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Widget;

/// A view of the status line for one frame.
pub struct StatusLine<'a> {
    pub app: &'a App,
    pub theme: &'a Theme,
}

/// Short key hints for a mode, from the keymap (so user overrides show).
fn hints(app: &App, mode: Mode) -> String {
    let k = |m: Mode, name: &str| app.keymap.hint(m, name).unwrap_or("?").to_string();
    match mode {
        Mode::Normal => format!(
            "{} quit · {} filter · {} next pane · {} notes · {} mark · {} open · {} sort · {} schedule · {} help",
            k(mode, "quit"),
            k(mode, "filter"),
            k(mode, "focus_next"),
            k(mode, "edit_notes"),
            k(mode, "cycle_status"),
            k(mode, "open_link"),
            k(mode, "sort"),
            k(mode, "schedule"),
            k(mode, "help")
        ),
        Mode::Filter if app.speaker_term_at_cursor().is_some() => format!(
            "{} choose a speaker · {} list · {} leave",
            k(mode, "focus_next"),
            k(mode, "filter_accept"),
            k(mode, "filter_leave")
        ),
        Mode::Filter => format!(
            "type to filter · {} list · {} leave · {} clear · ↑↓ move",
            k(mode, "filter_accept"),
            k(mode, "filter_leave"),
            k(mode, "clear_filter")
        ),
        Mode::Editor
            if app
                .editor
                .as_ref()
                .is_some_and(|e| crate::notes::is_scratch(&e.id)) =>
        {
            format!(
                "scratch page (saved as you type) · {} move line to a talk · {} day/global page · {} stop",
                k(mode, "move_line"),
                k(mode, "scratch_switch"),
                k(mode, "stop_editing")
            )
        }
        Mode::Editor => format!(
            "editing notes (saved as you type) · {} stop",
            k(mode, "stop_editing")
        ),
        Mode::Help => format!("{} close · ↑↓ scroll", k(mode, "back")),
        Mode::Chooser => format!(
            "↑↓ choose · {} open · {} copy · {} cancel",
            k(mode, "confirm"),
            k(mode, "copy_link"),
            k(mode, "back")
        ),
        Mode::Picker => format!(
            "type to find the talk · {} move there · {} cancel · ↑↓ choose",
            k(mode, "confirm"),
            k(mode, "back")
        ),
        Mode::Changes => format!(
            "↑↓ choose · {} go to the talk · {} close",
            k(mode, "confirm"),
            k(mode, "back")
        ),
    }
}

/// The freshest word on the subscriptions: the first one that failed (its copy is what is shown), else the
/// oldest copy; "+N" when there are more.
fn subscriptions_label(app: &App) -> Option<String> {
    let subs = &app.status.subscriptions;
    let worst = subs
        .iter()
        .find(|s| s.failed)
        .or_else(|| subs.iter().min_by_key(|s| s.updated))?;
    let zone = jiff::tz::TimeZone::system();
    let more = match subs.len() {
        0 | 1 => String::new(),
        n => format!(" (+{})", n - 1),
    };
    Some(format!("{}{more}", worst.freshness(app.clock, &zone)))
}

impl Widget for &StatusLine<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (app, theme) = (self.app, self.theme);
        let mut right = String::new();
        if app.status.loading {
            right = format!(" loading… {} talks ", app.catalog.talks().len());
        } else if app.status.save_error.is_some() {
            right = " notes NOT saved ".into();
        } else if !app.status.load_problems.is_empty() {
            right = format!(" ⚠ {} load problems (?) ", app.status.load_problems.len());
        } else if app.status.refreshing {
            right = " refreshing schedules… ".into();
        } else if let Some(s) = subscriptions_label(app) {
            right = format!(" {s} ");
        }
        let width = area.width as usize;
        let right_w = str_width(&right).min(width);
        let (text, style) = match &app.status.message {
            Some(m) => (
                m.text.clone(),
                match m.level {
                    Level::Info => theme.text,
                    Level::Warning => theme.warning,
                    Level::Error => theme.error,
                },
            ),
            None => (hints(app, app.mode()), theme.dim),
        };
        let mut spans = fit_spans(&text, width - right_w, style, style, &|_| false);
        let right_style = if app.status.save_error.is_some() {
            theme.error
        } else {
            theme.warning
        };
        spans.extend(fit_spans(
            &right,
            right_w,
            right_style,
            right_style,
            &|_| false,
        ));
        Line::from(spans).render(area, buf);
    }
}

#[cfg(test)]
mod tests {
    use crate::app::Action;
    use crate::app::tests::app;
    use crate::subscribe::Subscription;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    fn status_line(app: &mut crate::app::App) -> String {
        app.update(Action::Resize(100, 20));
        let mut terminal = Terminal::new(TestBackend::new(100, 20)).unwrap();
        let theme = crate::ui::Theme::default();
        terminal.draw(|f| crate::ui::draw(f, app, &theme)).unwrap();
        let buf = terminal.backend().buffer();
        (0..100).map(|x| buf[(x, 19)].symbol()).collect()
    }

    #[test]
    fn the_status_line_says_how_fresh_the_subscriptions_are() {
        let (mut app, _d) = app();
        app.status.loading = false;
        let now: jiff::Timestamp = "2024-12-27T14:05:00Z".parse().unwrap();
        app.update(Action::Clock(now));
        app.status.refreshing = true;
        assert!(status_line(&mut app).contains("refreshing schedules"));
        let mut sub = Subscription::new("minicon".into(), "http://x/".into());
        sub.updated = Some("2024-12-27T14:02:00Z".parse().unwrap());
        app.update(Action::SubscriptionsRefreshed(
            vec![sub.clone()],
            "schedules: minicon unchanged".into(),
        ));
        let line = status_line(&mut app);
        assert!(line.contains("minicon: updated 3 min ago"), "{line}");
        assert!(line.contains("schedules: minicon unchanged"), "{line}");
        sub.failed = true;
        app.status.subscriptions = vec![sub];
        assert!(status_line(&mut app).contains("minicon: offline, copy from"));
    }
}
