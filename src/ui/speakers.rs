//! The speaker view, drawn over the panes: the query, then each matching person with their talk count and
//! years, the selected one highlighted.
use super::{Theme, overlay};
use crate::app::{App, SpeakerView};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Paragraph, Widget};

/// The speaker view over the app's people.
pub struct SpeakersOverlay<'a> {
    pub app: &'a App,
    pub theme: &'a Theme,
    pub view: &'a SpeakerView,
}

impl SpeakersOverlay<'_> {
    /// "Name · 3 talks · 2012, 2014" for person `i`.
    fn row(&self, i: usize) -> String {
        let person = &self.app.catalog.people().people()[i];
        let mut years: Vec<i32> = (person.talks.iter())
            .filter_map(|&t| self.app.catalog.talks().get(t).map(|t| t.year))
            .collect();
        years.sort_unstable();
        years.dedup();
        let years: Vec<String> = years.iter().map(i32::to_string).collect();
        let n = person.talks.len();
        let talks = if n == 1 { "talk" } else { "talks" };
        format!("{} · {n} {talks} · {}", person.name(), years.join(", "))
    }
}

impl Widget for &SpeakersOverlay<'_> {
    fn render(self, r: Rect, buf: &mut Buffer) {
        if r.width < 3 || r.height < 3 {
            return;
        }
        let title = format!(
            " Speakers {} / {} ",
            self.view.matches.len(),
            self.app.catalog.people().people().len()
        );
        let hint = " type to filter · Enter: their talks · Esc ";
        let inner = overlay::frame(r, buf, self.theme, title, Some(hint));
        let width = inner.width as usize;
        let mut lines = vec![overlay::fit_line(
            &format!("@ {}", self.view.query),
            width,
            self.theme.text,
        )];
        let rows = (inner.height as usize).saturating_sub(1);
        let first = overlay::page_start(self.view.selected, rows);
        for (at, &i) in self.view.matches.iter().enumerate().skip(first).take(rows) {
            let style = overlay::entry_style(self.theme, at == self.view.selected);
            lines.push(overlay::fit_line(&self.row(i), width, style));
        }
        Paragraph::new(lines).render(inner, buf);
    }
}

#[cfg(test)]
mod tests {
    use crate::app::tests::app;
    use crate::app::{Action, SpeakerInput};
    use crate::ui::{Theme, draw};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    fn screen(app: &crate::app::App, w: u16, h: u16) -> String {
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        terminal.draw(|f| draw(f, app, &Theme::default())).unwrap();
        let buf = terminal.backend().buffer();
        (0..h)
            .map(|y| (0..w).map(|x| buf[(x, y)].symbol()).collect::<String>() + "\n")
            .collect()
    }

    #[test]
    fn the_view_lists_people_with_counts_and_years_and_filters_as_you_type() {
        let (mut app, _dir) = app();
        app.update(Action::Speakers(SpeakerInput::Open));
        let all = screen(&app, 100, 30);
        let total = app.catalog.people().people().len();
        assert!(
            all.contains(&format!(" Speakers {total} / {total} ")),
            "{all}"
        );
        assert!(all.contains("Bob Ippolito · 1 talk · 2014"), "{all}");
        for c in "rigal".chars() {
            app.update(Action::Speakers(SpeakerInput::Insert(c)));
        }
        let some = screen(&app, 100, 30);
        assert!(some.contains(&format!(" Speakers 1 / {total} ")), "{some}");
        assert!(some.contains("@ rigal"), "{some}");
        assert!(some.contains("Matthieu Rigal · 1 talk · 2015"), "{some}");
        assert!(!some.contains("Bob Ippolito ·"), "{some}");
        // Tiny terminals draw what fits and never panic.
        for (w, h) in [(1, 1), (4, 3), (20, 5)] {
            screen(&app, w, h);
        }
    }
}
