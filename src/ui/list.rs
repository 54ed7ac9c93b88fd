//! The talk list pane: mark, speakers, title and conference per row; headers per conference.
use super::Theme;
use super::textfit::fit_spans;
use crate::app::layout::inner;
use crate::app::{App, Focus, Row, Sort};
use crate::notes::Status;
use crate::store::Talk;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Widget};

/// A view of the list for one frame.
pub struct ListPane<'a> {
    pub app: &'a App,
    pub theme: &'a Theme,
    pub bordered: bool,
}

/// " Talks 3 / 93 of 112 (+4 overviews) ", or " Overview 2 / 4 " while one is selected.
fn list_title(app: &App) -> String {
    let list = &app.list;
    let ordinal = list.selected_ordinal();
    let on_overview = app.selected_talk().is_some_and(|t| t.is_overview());
    if on_overview {
        return format!(
            " Overview {} / {} ",
            ordinal - list.talk_count,
            list.overview_count
        );
    }
    let all = list.total_talks;
    let mut title = format!(" Talks {ordinal} / {}", list.talk_count);
    if list.talk_count != all {
        title.push_str(&format!(" of {all}"));
    }
    if list.overview_count > 0 {
        let s = if list.overview_count == 1 { "" } else { "s" };
        title.push_str(&format!(" (+{} overview{s})", list.overview_count));
    }
    // The rows answer an earlier query until the worker's answer to the typed one comes.
    if app.search.searching() {
        title.push_str(" · searching…");
    }
    title.push(' ');
    title
}

/// The mark shown before a talk: planned, follow-up, done, has notes.
pub fn mark(app: &App, index: usize) -> (&'static str, bool) {
    match app.notes.notes.get(&app.catalog.talks()[index].id) {
        Some(n) if n.status == Status::Planned => ("◆", true),
        Some(n) if n.status == Status::FollowUp => ("★", true),
        Some(n) if n.status == Status::Done => ("✓", false),
        Some(n) if !n.text.trim().is_empty() => ("•", false),
        _ => (" ", false),
    }
}

impl Widget for &ListPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (app, theme) = (self.app, self.theme);
        let body = inner(area, self.bordered);
        if self.bordered {
            let focused = app.focus == Focus::List;
            let title = list_title(app);
            let sort = format!(" sort: {} ", app.effective_sort().label());
            Block::bordered()
                .border_style(if focused {
                    theme.border_focused
                } else {
                    theme.border
                })
                .title(Line::styled(title, theme.title))
                .title_bottom(Line::styled(sort, theme.dim).right_aligned())
                .render(area, buf);
        }
        if body.width == 0 || body.height == 0 {
            return;
        }
        if app.list.rows.is_empty() {
            let msg = if app.status.loading {
                "loading talks…"
            } else if app.filter.query().trim().is_empty() {
                "no talks loaded"
            } else {
                "no talk matches the filter"
            };
            Line::from(fit_spans(
                msg,
                body.width as usize,
                theme.dim,
                theme.dim,
                &|_| false,
            ))
            .render(body, buf);
            return;
        }
        let width = body.width as usize;
        let schedule = app.effective_sort() == Sort::Schedule;
        // Columns: mark (2) | speakers | title | conference (when there is room).
        let conf_w = if width >= 60 { 16 } else { 0 };
        let speakers_w = if width >= 30 {
            (width * 28 / 100).clamp(8, 30)
        } else {
            0
        };
        for (line_no, row) in app
            .list
            .rows
            .iter()
            .skip(app.list.offset)
            .take(body.height as usize)
            .enumerate()
        {
            let y = body.y + line_no as u16;
            let row_area = Rect::new(body.x, y, body.width, 1);
            let line = match row {
                Row::Header(label) => Line::from(fit_spans(
                    &format!("── {label} "),
                    width,
                    theme.header,
                    theme.header,
                    &|_| false,
                )),
                Row::Now(label) => Line::from(fit_spans(
                    &format!("{:─<width$}", format!("▶ {label} ")),
                    width,
                    theme.warning,
                    theme.warning,
                    &|_| false,
                )),
                Row::Talk { index } if schedule => {
                    let selected = app.list.offset + line_no == app.list.selected;
                    Line::from(schedule_spans(app, theme, *index, selected, width))
                }
                Row::Talk { index } => {
                    let selected = app.list.offset + line_no == app.list.selected;
                    let base = if selected { theme.selected } else { theme.text };
                    let talk = &app.catalog.talks()[*index];
                    let hl = app.highlights(*index);
                    let hl = hl.as_ref();
                    let mut spans = mark_span(app, theme, *index, base);
                    if speakers_w > 0 {
                        let joined = talk.speakers_label();
                        let positions = speaker_positions(talk, hl);
                        spans.extend(fit_spans(
                            &joined,
                            speakers_w - 1,
                            base,
                            theme.highlight,
                            &|i| positions.binary_search(&i).is_ok(),
                        ));
                        spans.push(Span::styled(" ", base));
                    }
                    let title_w = width.saturating_sub(2 + speakers_w + conf_w);
                    let title_hl = hl.map(|h| h.title.as_slice()).unwrap_or(&[]);
                    spans.extend(fit_spans(
                        &talk.title,
                        title_w,
                        base,
                        theme.highlight,
                        &|i| title_hl.contains(&i),
                    ));
                    if conf_w > 0 {
                        spans.push(Span::styled(" ", base));
                        let conf_hl = hl.map(|h| h.conference.as_slice()).unwrap_or(&[]);
                        spans.extend(fit_spans(
                            &talk.conference_label(),
                            conf_w - 1,
                            base.patch(theme.dim),
                            theme.highlight,
                            &|i| conf_hl.contains(&i),
                        ));
                    }
                    Line::from(spans)
                }
            };
            line.render(row_area, buf);
        }
    }
}

/// Highlighted positions of the speakers, as char indices into `speakers_label()` ("A, B").
pub fn speaker_positions(
    talk: &crate::store::Talk,
    hl: Option<&crate::search::Highlights>,
) -> Vec<usize> {
    let Some(hl) = hl else { return Vec::new() };
    let mut out = Vec::new();
    let mut offset = 0;
    for (i, name) in talk.speakers.iter().enumerate() {
        if let Some(ps) = hl.speakers.get(i) {
            out.extend(ps.iter().map(|p| p + offset));
        }
        offset += name.chars().count() + 2;
    }
    out.sort_unstable();
    out
}

/// The cell after the mark: `Δ` when the last refresh moved, cancelled or re-staffed the talk, else `▷`
/// when a follow-up talk's recording is available.
pub fn news_flag(app: &App, index: usize) -> &'static str {
    if app.is_changed(index) {
        "Δ"
    } else if app.has_recording(index) {
        "▷"
    } else {
        " "
    }
}

/// The mark column of talk `index`'s row ("★ " in the follow-up style, "✓ ", "• ", "  "), with its news
/// flag in the second cell ("◆Δ").
fn mark_span(app: &App, theme: &Theme, index: usize, base: Style) -> Vec<Span<'static>> {
    let (m, followup) = mark(app, index);
    let style = if followup {
        base.patch(theme.followup)
    } else {
        base
    };
    let flag = news_flag(app, index);
    let flag_style = if flag == " " {
        base
    } else {
        base.patch(theme.warning)
    };
    vec![Span::styled(m, style), Span::styled(flag, flag_style)]
}

/// "10:30" and "40m" of a talk in its conference's zone (blank when it has no time).
fn time_and_length(talk: &Talk) -> (String, String) {
    let time = talk
        .local_start()
        .map_or_else(String::new, |s| s.strftime("%H:%M").to_string());
    let length = talk.duration().map_or_else(String::new, |d| {
        let minutes = d.as_secs() / 60;
        if minutes >= 60 && minutes % 60 == 0 {
            format!("{}h", minutes / 60)
        } else {
            format!("{minutes}m")
        }
    });
    (time, length)
}

/// A schedule view row: mark, clash flag, time, length, room, title, speakers.
fn schedule_spans(
    app: &App,
    theme: &Theme,
    index: usize,
    selected: bool,
    width: usize,
) -> Vec<Span<'static>> {
    let base = if selected { theme.selected } else { theme.text };
    let talk = &app.catalog.talks()[index];
    let hl = app.highlights(index);
    let hl = hl.as_ref();
    let mut spans = mark_span(app, theme, index, base);
    let clash = app.list.conflicts.contains(&index);
    spans.push(Span::styled(
        if clash { "! " } else { "  " },
        base.patch(theme.error),
    ));
    let (time, length) = time_and_length(talk);
    let running = talk.is_running_at(app.clock);
    spans.push(Span::styled(
        format!("{time:<5}"),
        base.patch(if running { theme.warning } else { theme.dim }),
    ));
    spans.push(Span::styled(
        format!(" {length:>4} "),
        base.patch(theme.dim),
    ));
    let used = 2 + 2 + 11;
    let room_w = if width >= used + 30 { 10 } else { 0 };
    if room_w > 0 {
        spans.extend(fit_spans(
            talk.schedule.room.as_deref().unwrap_or(""),
            room_w - 1,
            base.patch(theme.dim),
            theme.highlight,
            &|_| false,
        ));
        spans.push(Span::styled(" ", base));
    }
    let rest = width.saturating_sub(used + room_w);
    let speakers_w = if rest >= 24 {
        (rest * 35 / 100).clamp(8, 28)
    } else {
        0
    };
    let title_w = rest.saturating_sub(speakers_w);
    let title_hl = hl.map(|h| h.title.as_slice()).unwrap_or(&[]);
    spans.extend(fit_spans(
        &talk.title,
        title_w.saturating_sub(usize::from(speakers_w > 0)),
        base,
        theme.highlight,
        &|i| title_hl.contains(&i),
    ));
    if speakers_w > 0 {
        spans.push(Span::styled(" ", base));
        let positions = speaker_positions(talk, hl);
        spans.extend(fit_spans(
            &talk.speakers_label(),
            speakers_w,
            base.patch(theme.dim),
            theme.highlight,
            &|i| positions.binary_search(&i).is_ok(),
        ));
    }
    spans
}
