//! A terminal backend that writes nothing for a frame that changed nothing.
//!
//! ratatui sends every frame's diff through `Backend::draw`, then hides or places the cursor, and the
//! crossterm backend ends even an empty diff with four style resets; so an unchanged frame still wrote
//! about 30 bytes, and a screen counted as changed. That happens often: the search worker's ordered
//! answer follows its ranked top (the same screen but for rows past it), and a tick can redraw the
//! same clock. This wrapper drops an empty diff, and after it the cursor commands whose effect is already
//! in place, so an unchanged frame writes nothing (over ssh, nothing is sent). A frame that drew cells
//! still ends with its cursor command, as ratatui's do: where a frame ends stays recognisable (the pty
//! tests wait for it).
use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};

/// `B`, minus the writes that change nothing on screen.
pub struct Quiet<B> {
    inner: B,
    /// Whether the cursor is hidden, once a command said so (unknown at the start).
    hidden: Option<bool>,
    /// Where the cursor was put last, while nothing has moved it since (drawing cells moves it).
    at: Option<Position>,
    /// This frame drew cells: its cursor commands are written even if they change nothing.
    drew: bool,
}

impl<B: Backend> Quiet<B> {
    pub fn new(inner: B) -> Quiet<B> {
        Quiet {
            inner,
            hidden: None,
            at: None,
            drew: false,
        }
    }
}

impl<B: Backend> Backend for Quiet<B> {
    type Error = B::Error;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let mut content = content.peekable();
        self.drew = content.peek().is_some();
        if !self.drew {
            return Ok(());
        }
        self.at = None;
        self.inner.draw(content)
    }

    fn append_lines(&mut self, n: u16) -> Result<(), Self::Error> {
        self.at = None;
        self.inner.append_lines(n)
    }

    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        if self.hidden == Some(true) && !self.drew {
            return Ok(());
        }
        self.inner.hide_cursor()?;
        self.hidden = Some(true);
        Ok(())
    }

    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        if self.hidden == Some(false) && !self.drew {
            return Ok(());
        }
        self.inner.show_cursor()?;
        self.hidden = Some(false);
        Ok(())
    }

    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        self.inner.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Self::Error> {
        let position = position.into();
        if self.at == Some(position) {
            return Ok(());
        }
        self.inner.set_cursor_position(position)?;
        self.at = Some(position);
        Ok(())
    }

    fn clear(&mut self) -> Result<(), Self::Error> {
        self.at = None;
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Self::Error> {
        self.at = None;
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> Result<Size, Self::Error> {
        self.inner.size()
    }

    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> Result<(), Self::Error> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::backend::CrosstermBackend;
    use ratatui::widgets::Paragraph;

    /// A terminal writing into a shared byte buffer, and the buffer.
    fn terminal() -> (Terminal<Quiet<CrosstermBackend<Shared>>>, Shared) {
        let out = Shared::default();
        let backend = Quiet::new(CrosstermBackend::new(out.clone()));
        let options = ratatui::TerminalOptions {
            viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, 20, 3)),
        };
        (Terminal::with_options(backend, options).unwrap(), out)
    }

    #[derive(Clone, Default)]
    struct Shared(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

    impl Shared {
        fn take(&self) -> Vec<u8> {
            std::mem::take(&mut *self.0.lock().unwrap())
        }
    }

    impl std::io::Write for Shared {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn an_unchanged_frame_writes_nothing_and_a_changed_one_only_its_change() {
        let (mut terminal, out) = terminal();
        let frame = |text: &'static str, cursor: Option<(u16, u16)>| {
            move |f: &mut ratatui::Frame| {
                f.render_widget(Paragraph::new(text), f.area());
                if let Some(at) = cursor {
                    f.set_cursor_position(at);
                }
            }
        };
        terminal.draw(frame("hello", None)).unwrap();
        let first = out.take();
        assert!(String::from_utf8_lossy(&first).contains("hello"));
        terminal.draw(frame("hello", None)).unwrap();
        assert!(out.take().is_empty(), "the same frame again writes nothing");
        terminal.draw(frame("help!", None)).unwrap();
        let changed = String::from_utf8_lossy(&out.take()).into_owned();
        assert!(
            changed.contains("p!") && !changed.contains("hel"),
            "{changed:?}"
        );
        // A shown cursor is placed once, and again after cells were drawn (drawing moves it).
        terminal.draw(frame("help!", Some((1, 1)))).unwrap();
        assert!(!out.take().is_empty(), "shown and placed");
        terminal.draw(frame("help!", Some((1, 1)))).unwrap();
        assert!(out.take().is_empty(), "already shown, already there");
        terminal.draw(frame("hello", Some((1, 1)))).unwrap();
        let moved = String::from_utf8_lossy(&out.take()).into_owned();
        assert!(
            moved.ends_with("\x1b[2;2H"),
            "placed again after drawing: {moved:?}"
        );
    }
}
