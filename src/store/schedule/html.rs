//! HTML in abstracts and descriptions (Pentabarf, wafer, some frab instances) as readable plain text:
//! paragraphs and line breaks kept, list items as "- item", link targets kept beside their text, every
//! other tag dropped and entities decoded. Not a full HTML parser: schedule snippets are small and simple,
//! and an unclosed or odd tag only ever loses markup, never text.

/// Whether `s` holds HTML markup (a known tag), rather than plain or Markdown text that may use `<` freely.
pub fn looks_like_html(s: &str) -> bool {
    const TAGS: &[&str] = &[
        "<p>",
        "<p ",
        "</p>",
        "<br",
        "<a ",
        "</a>",
        "<ul",
        "<ol",
        "<li",
        "<div",
        "<em>",
        "<strong>",
        "<b>",
        "<i>",
        "<h1",
        "<h2",
        "<h3",
        "<h4",
        "<blockquote",
        "<pre",
        "<code>",
        "<span",
    ];
    let lower = s.to_ascii_lowercase();
    TAGS.iter().any(|t| lower.contains(t))
}

/// The text of an HTML fragment; see the module doc.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    let mut pending_href: Vec<Option<String>> = Vec::new();
    let mut link_text_start = 0;
    let mut pre = 0usize;
    while let Some(lt) = rest.find('<') {
        push_text(&mut out, &rest[..lt], pre > 0);
        let after = &rest[lt + 1..];
        // `a < b` is text: a tag starts with a letter, `/` or `!`.
        if !after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!') {
            push_text(&mut out, "<", pre > 0);
            rest = after;
            continue;
        }
        let Some(gt) = after.find('>') else {
            // A lone `<` is text.
            push_text(&mut out, &rest[lt..], pre > 0);
            rest = "";
            break;
        };
        let tag = &after[..gt];
        rest = &after[gt + 1..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        match (name.as_str(), closing) {
            ("br", _) => newline(&mut out),
            (
                "p" | "div" | "ul" | "ol" | "blockquote" | "table" | "h1" | "h2" | "h3" | "h4"
                | "h5" | "h6",
                _,
            ) => paragraph(&mut out),
            ("pre", false) => {
                paragraph(&mut out);
                pre += 1;
            }
            ("pre", true) => {
                pre = pre.saturating_sub(1);
                paragraph(&mut out);
            }
            ("li", false) => {
                newline(&mut out);
                out.push_str("- ");
            }
            ("tr", _) => newline(&mut out),
            ("a", false) => {
                pending_href.push(attribute(tag, "href"));
                link_text_start = out.len();
            }
            ("a", true) => {
                if let Some(Some(href)) = pending_href.pop() {
                    let text = out[link_text_start.min(out.len())..].trim();
                    if text != href && !href.starts_with('#') {
                        out.push_str(&format!(" ({href})"));
                    }
                }
            }
            _ => {}
        }
    }
    push_text(&mut out, rest, pre > 0);
    let lines: Vec<&str> = out.lines().map(str::trim_end).collect();
    // At most one blank line in a row.
    let mut text = String::with_capacity(out.len());
    let mut blank = false;
    for line in lines {
        if line.trim().is_empty() {
            blank = !text.is_empty();
            continue;
        }
        if blank {
            text.push('\n');
            blank = false;
        }
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(line);
    }
    text
}

fn newline(out: &mut String) {
    out.push('\n');
}

fn paragraph(out: &mut String) {
    out.push_str("\n\n");
}

/// Text between tags: entities decoded, white space folded (except in `<pre>`).
fn push_text(out: &mut String, raw: &str, keep_space: bool) {
    let text = decode_entities(raw);
    if keep_space {
        out.push_str(&text);
        return;
    }
    for (i, word) in text.split_whitespace().enumerate() {
        let starts_with_space = i == 0 && text.starts_with(char::is_whitespace);
        if (i > 0 || starts_with_space) && !out.ends_with([' ', '\n']) && !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if text.ends_with(char::is_whitespace) && !text.trim().is_empty() {
        out.push(' ');
    }
}

/// The value of attribute `name` in a tag's text (`a href="x"`), entities decoded.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let at = lower.find(&format!("{name}="))? + name.len() + 1;
    let value = &tag[at..];
    let value = match value.chars().next()? {
        q @ ('"' | '\'') => value[1..].split(q).next()?,
        _ => value
            .split(|c: char| c.is_whitespace() || c == '>')
            .next()?,
    };
    Some(decode_entities(value.trim())).filter(|v| !v.is_empty())
}

/// `&amp;`, `&lt;`, `&#8211;`, `&#x2014;`, `&nbsp;` …; an unknown entity stays as written.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let end = after.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| entity(&after[..e]));
        match (end, decoded) {
            (Some(e), Some(c)) => {
                out.push_str(c.as_ref());
                rest = &after[e + 1..];
            }
            _ => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<std::borrow::Cow<'static, str>> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code).map(|c| c.to_string().into());
    }
    Some(
        match name {
            "amp" => "&",
            "lt" => "<",
            "gt" => ">",
            "quot" => "\"",
            "apos" => "'",
            "nbsp" => " ",
            "ndash" => "–",
            "mdash" => "—",
            "hellip" => "…",
            "rsquo" => "’",
            "lsquo" => "‘",
            "rdquo" => "”",
            "ldquo" => "“",
            _ => return None,
        }
        .into(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_lists_and_links_become_text() {
        let html = "<p>First &amp; <b>bold</b> para.</p><p>See <a href=\"https://x.org/a\">the docs</a>\nand:</p><ul><li>one</li><li>two</li></ul>end<br/>line";
        assert_eq!(
            html_to_text(html),
            "First & bold para.\n\nSee the docs (https://x.org/a) and:\n\n- one\n- two\n\nend\nline"
        );
    }

    #[test]
    fn a_link_whose_text_is_its_target_is_not_doubled() {
        assert_eq!(
            html_to_text("<a href='https://x.org'>https://x.org</a>"),
            "https://x.org"
        );
    }

    #[test]
    fn odd_markup_never_loses_text() {
        assert_eq!(html_to_text("a < b <i>c"), "a < b c");
        assert_eq!(
            decode_entities("&#8211; &#x41; &bogus; & x"),
            "– A &bogus; & x"
        );
    }

    #[test]
    fn markdown_is_not_html() {
        assert!(!looks_like_html("* item\n\n**bold** and a < b"));
        assert!(looks_like_html("<p>x</p>"));
        assert!(looks_like_html("line<br />"));
    }
}
