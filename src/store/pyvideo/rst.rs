//! reStructuredText descriptions turned into readable plain text.
//!
//! Not a parser: it removes the markup a reader would otherwise have to decode and leaves everything else
//! as written. `` `text <url>`_ `` becomes "text (url)", ``` ``code`` ``` becomes "code", `**strong**`
//! becomes "strong", `\_` becomes "_", directive and comment lines are dropped, hyperlink targets
//! (`.. _name: url`) become "name: url" and a paragraph's closing "::" becomes ":".

/// How far an opening backtick looks for its closing one; bounds the work on text full of stray backticks.
const MAX_SPAN_BYTES: usize = 2_000;

/// The readable text of a reStructuredText (or plain) description.
pub fn rst_to_text(src: &str) -> String {
    // Most descriptions have no line-level markup: spare them a copy.
    if src.contains("::") || src.contains("..") {
        inline_to_text(&block_to_text(src))
    } else {
        inline_to_text(src)
    }
}

/// Line-level markup: directives, comments, hyperlink targets and literal-block markers.
fn block_to_text(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    let mut in_directive = false;
    let mut dropped = false;
    for line in src.split('\n') {
        let trimmed = line.trim_start();
        if in_directive {
            // A directive's options (":alt: …") are indented under it; its content (code) is kept.
            if line.starts_with(' ') && trimmed.starts_with(':') {
                continue;
            }
            in_directive = false;
        }
        // A dropped line between blank lines would leave two blank lines: keep one.
        if std::mem::take(&mut dropped)
            && trimmed.is_empty()
            && (out.is_empty() || out.ends_with("\n\n"))
        {
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix(".. ") {
            if let Some(target) = rest.strip_prefix('_') {
                // `.. _name: url` → `name: url`; `.. __: url` (anonymous) → `url`.
                let (name, url) = target.split_once(':').unwrap_or(("", target));
                let name = name.trim_matches(['_', '`']);
                out.push_str(&line[..line.len() - trimmed.len()]);
                if !name.is_empty() {
                    out.push_str(name);
                    out.push_str(": ");
                }
                out.push_str(url.trim());
                out.push('\n');
            } else {
                (in_directive, dropped) = (true, true);
            }
            continue;
        }
        if trimmed == ".." || trimmed == "::" {
            dropped = true;
            continue;
        }
        match line.strip_suffix("::") {
            Some(head) if !head.ends_with(':') => {
                out.push_str(head.strip_suffix(' ').unwrap_or(head));
                if !head.ends_with(' ') {
                    out.push(':');
                }
            }
            _ => out.push_str(line),
        }
        out.push('\n');
    }
    out.pop(); // the newline after the last line, which `split` did not see
    out
}

/// Inline markup: links, literals, interpreted text, roles, strong emphasis and escapes.
fn inline_to_text(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    let mut rest = src;
    // memchr: descriptions are megabytes in all, and most of their bytes are no markup.
    while let Some(i) = memchr::memchr3(b'`', b'\\', b'*', rest.as_bytes()) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let consumed = match tail.as_bytes()[0] {
            b'`' => backquoted(tail, &mut out),
            b'\\' => escaped(tail, &mut out),
            _ => strong(tail, &mut out),
        };
        // Not markup after all: the character stays (all three are ASCII, one byte).
        let consumed = consumed.unwrap_or_else(|| {
            out.push_str(&tail[..1]);
            1
        });
        rest = &tail[consumed..];
    }
    out.push_str(rest);
    out
}

/// The closing `delim` of a span starting at `from` in `s`, within `MAX_SPAN_BYTES`; the span may not be empty.
fn closing(s: &str, from: usize, delim: &str) -> Option<usize> {
    let mut end = (from + MAX_SPAN_BYTES).min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s[from..end]
        .find(delim)
        .filter(|&n| n > 0)
        .map(|n| from + n)
}

/// ``` ``literal`` ```, `` `text <url>`_ ``, `` `text`__ `` or `` `interpreted` ``: bytes consumed, if markup.
fn backquoted(s: &str, out: &mut String) -> Option<usize> {
    if closing(s, 1, "`").is_some() {
        drop_role(out);
    }
    if let Some(consumed) = literal_link(s, out) {
        return Some(consumed);
    }
    if let Some(inner) = s.strip_prefix("``") {
        let end = closing(inner, 0, "``")?;
        out.push_str(&inner[..end]);
        return Some(2 + end + 2);
    }
    let end = closing(s, 1, "`")?;
    let inner = &s[1..end];
    let (is_reference, underscores) = reference_suffix(&s[end + 1..]);
    match inner.strip_suffix('>').and_then(|t| t.rsplit_once('<')) {
        Some((text, url)) if is_reference || text.trim().is_empty() => {
            push_link(out, &inline_to_text(text.trim()), url)
        }
        _ => out.push_str(&inline_to_text(inner)),
    }
    Some(end + 1 + underscores)
}

/// pandoc's link with a literal as its text: ```` ```code`` <url>`__ ````.
fn literal_link(s: &str, out: &mut String) -> Option<usize> {
    let after = s.strip_prefix("```")?;
    let code_end = closing(after, 0, "``")?;
    let rest = &after[code_end + 2..];
    let close = closing(rest, 0, "`")?;
    let url = rest[..close].trim().strip_prefix('<')?.strip_suffix('>')?;
    let (is_reference, underscores) = reference_suffix(&rest[close + 1..]);
    is_reference.then(|| {
        push_link(out, &after[..code_end], url);
        3 + code_end + 2 + close + 1 + underscores
    })
}

/// Whether `after` (the text after a closing backquote) makes a reference (`_` or `__`), and its length.
fn reference_suffix(after: &str) -> (bool, usize) {
    if after.starts_with("__") {
        (true, 2)
    } else {
        (after.starts_with('_'), usize::from(after.starts_with('_')))
    }
}

/// "text (url)", or just the URL when there is no text or the text is the URL itself.
fn push_link(out: &mut String, text: &str, url: &str) {
    let url: String = url.split_whitespace().collect();
    // pandoc writes bare URLs as `url <url>`__, sometimes wrapped or escaped differently: show one.
    if text.is_empty() || text.starts_with("http://") || text.starts_with("https://") {
        out.push_str(&url);
    } else {
        out.push_str(text);
        out.push_str(" (");
        out.push_str(&url);
        out.push(')');
    }
}

/// `\_` → `_`: a backslash before ASCII punctuation is an escape; elsewhere (paths) it stays.
fn escaped(s: &str, out: &mut String) -> Option<usize> {
    let next = *s.as_bytes().get(1)?;
    next.is_ascii_punctuation().then(|| {
        out.push(char::from(next));
        2
    })
}

/// `**strong**` → `strong`, when the stars hug text on both sides (so `a ** b` stays), within a paragraph.
fn strong(s: &str, out: &mut String) -> Option<usize> {
    let inner = s.strip_prefix("**")?;
    let end = closing(inner, 0, "**")?;
    let text = &inner[..end];
    let hugs = !text.starts_with(char::is_whitespace)
        && !text.ends_with(char::is_whitespace)
        && !text.contains("\n\n");
    hugs.then(|| {
        out.push_str(text);
        2 + end + 2
    })
}

/// Drops a `:role:` that `out` ends with (`:class:` before `` `Foo` ``), leaving the backquoted text alone.
fn drop_role(out: &mut String) {
    let Some(head) = out.strip_suffix(':') else {
        return;
    };
    let name_start = head.len()
        - head
            .bytes()
            .rev()
            .take_while(|&b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            .count();
    if name_start < head.len() && head[..name_start].ends_with(':') {
        out.truncate(name_start - 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_become_text_and_url() {
        assert_eq!(
            rst_to_text("see `Blosc <http://www.blosc.org>`__, fast"),
            "see Blosc (http://www.blosc.org), fast"
        );
        assert_eq!(
            rst_to_text("`PyTables <http://www.pytables.org>`_"),
            "PyTables (http://www.pytables.org)"
        );
        assert_eq!(rst_to_text("`<http://a.org/x>`_"), "http://a.org/x");
        // Text equal to the URL once wrapped lines are joined, as pandoc writes it.
        assert_eq!(
            rst_to_text("`https://a.org/ <https://a.org/>`__"),
            "https://a.org/"
        );
        assert_eq!(
            rst_to_text("`http://a.org/pro\n/gram\\_x <http://a.org/pro%20/gram_x>`__"),
            "http://a.org/pro%20/gram_x"
        );
        // A link split over lines: the URL loses the line break, the text keeps it.
        assert_eq!(
            rst_to_text(
                "`Google’s Protocol\nBuffers <https://code.google.com/p/\nprotobuf/>`__ for"
            ),
            "Google’s Protocol\nBuffers (https://code.google.com/p/protobuf/) for"
        );
    }

    #[test]
    fn literals_roles_and_interpreted_text_lose_their_quotes() {
        assert_eq!(
            rst_to_text("use ``yield from`` and `asyncio`"),
            "use yield from and asyncio"
        );
        assert_eq!(
            rst_to_text("the :class:`Future` type and :pep:`492`"),
            "the Future type and 492"
        );
        assert_eq!(rst_to_text("a `reference`_ here"), "a reference here");
        assert_eq!(rst_to_text("``a `b` c``"), "a `b` c");
        assert_eq!(
            rst_to_text("SQLAlchemy's\n   ```@hybrid`` <http://a.org/h>`__\n-  next"),
            "SQLAlchemy's\n   @hybrid (http://a.org/h)\n-  next"
        );
    }

    #[test]
    fn strong_and_escapes() {
        assert_eq!(
            rst_to_text("tools like **cProfile** and **Python Tools**"),
            "tools like cProfile and Python Tools"
        );
        assert_eq!(
            rst_to_text("x ** 2 and 2 ** y, **kwargs"),
            "x ** 2 and 2 ** y, **kwargs"
        );
        assert_eq!(
            rst_to_text("a **very\npythonic** angle"),
            "a very\npythonic angle"
        );
        assert_eq!(rst_to_text("**a\n\nb**"), "**a\n\nb**");
        assert_eq!(
            rst_to_text("line\\_profiler in C:\\Python27\\"),
            "line_profiler in C:\\Python27\\"
        );
    }

    #[test]
    fn directives_comments_and_targets() {
        let src = "Intro::\n\n    code here\n\n.. image:: http://x/y.png\n   :alt: a picture\n\nAfter.\n.. _Blosc: http://blosc.org\n.. a comment\n\n::\n\n    more code\nEnd";
        assert_eq!(
            rst_to_text(src),
            "Intro:\n\n    code here\n\nAfter.\nBlosc: http://blosc.org\n\n    more code\nEnd"
        );
        assert_eq!(rst_to_text("Example ::\n\n  x"), "Example\n\n  x");
    }

    #[test]
    fn plain_text_and_stray_markup_pass_through() {
        for s in [
            "plain text, nothing to do",
            "a ` lone backquote",
            "``unclosed",
            "a: b :c d:",
            "ends with \\",
            "日本語 `テスト` é",
            "*",
            "::",
        ] {
            let expected = s.replace("`テスト`", "テスト");
            let expected = if s == "::" { String::new() } else { expected };
            assert_eq!(rst_to_text(s), expected, "{s:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_never_grows(s in "[`*:\\\\_<> a-z\\n.é日]{0,200}") {
            // "text (url)" adds three bytes but removes at least four of markup.
            let out = rst_to_text(&s);
            proptest::prop_assert!(out.len() <= s.len(), "{:?} -> {:?}", s, out);
        }

        #[test]
        fn text_without_markup_is_unchanged(s in "[^`*:\\\\.]{0,200}") {
            proptest::prop_assert_eq!(rst_to_text(&s), s);
        }
    }
}
