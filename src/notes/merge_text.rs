//! Line-based three-way merge of one note's text, used by the notes merge and by the editor's rebase.
//!
//! Both sides inserting at the same place (two sessions appending) is not a conflict: both insertions are
//! kept, ours first. Only lines of the base changed differently on both sides conflict, and then the whole
//! note becomes one conflict block; markers already in either side are flattened first, so blocks never nest.
use super::merge::{CONFLICT_END, CONFLICT_OURS, CONFLICT_SEPARATOR};
use similar::{Algorithm, DiffOp, capture_diff_slices};

/// Merges `ours` and `theirs`, both descended from `base`, line by line (see the module docs).
pub fn merge_text(base: &str, ours: &str, theirs: &str) -> String {
    if ours == theirs || theirs == base {
        return ours.to_string();
    }
    if ours == base {
        return theirs.to_string();
    }
    let (b, o, t) = (lines(base), lines(ours), lines(theirs));
    match merge_lines(&b, &o, &t) {
        Some(merged) => {
            let trailing = ours.ends_with('\n') || theirs.ends_with('\n');
            join(&merged, trailing)
        }
        None => conflict_block(ours, theirs),
    }
}

/// One conflict block holding both texts, with any markers inside them dropped (their lines stay).
fn conflict_block(ours: &str, theirs: &str) -> String {
    super::merge::conflict_text(&flatten(ours), &flatten(theirs))
}

/// `text` without conflict marker lines: an earlier block's two sides stay, one after the other.
fn flatten(text: &str) -> String {
    let is_marker =
        |l: &str| l == CONFLICT_OURS || l == CONFLICT_SEPARATOR || l.trim_end() == CONFLICT_END;
    let kept: Vec<&str> = lines(text).into_iter().filter(|l| !is_marker(l)).collect();
    join(&kept, text.ends_with('\n'))
}

fn lines(text: &str) -> Vec<&str> {
    let body = text.strip_suffix('\n').unwrap_or(text);
    if body.is_empty() && text.len() <= 1 {
        return Vec::new();
    }
    body.split('\n').collect()
}

fn join(lines: &[&str], trailing: bool) -> String {
    let mut out = lines.join("\n");
    if trailing && !out.is_empty() {
        out.push('\n');
    }
    out
}

/// For each base line, its index on the other side when the diff keeps it.
fn kept(base: &[&str], other: &[&str]) -> Vec<Option<usize>> {
    let mut map = vec![None; base.len()];
    for op in capture_diff_slices(Algorithm::Myers, base, other) {
        if let DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = op
        {
            for i in 0..len {
                map[old_index + i] = Some(new_index + i);
            }
        }
    }
    map
}

/// The diff3 walk: between base lines kept on both sides, take the side that changed (or both insertions);
/// None on a real conflict.
fn merge_lines<'a>(base: &[&'a str], ours: &[&'a str], theirs: &[&'a str]) -> Option<Vec<&'a str>> {
    let (in_ours, in_theirs) = (kept(base, ours), kept(base, theirs));
    let mut out = Vec::with_capacity(ours.len().max(theirs.len()));
    let (mut i, mut j, mut k) = (0, 0, 0);
    loop {
        let stable = (i..base.len()).find_map(|p| match (in_ours[p], in_theirs[p]) {
            (Some(po), Some(pt)) if po >= j && pt >= k => Some((p, po, pt)),
            _ => None,
        });
        let (p, po, pt) = stable.unwrap_or((base.len(), ours.len(), theirs.len()));
        let (b, o, t) = (&base[i..p], &ours[j..po], &theirs[k..pt]);
        if o == b {
            out.extend_from_slice(t);
        } else if t == b || o == t {
            out.extend_from_slice(o);
        } else if let Some(lines) = around_insertion(b, o, t).or_else(|| around_insertion(b, t, o))
        {
            out.extend(lines);
        } else {
            return None;
        }
        if stable.is_none() {
            return Some(out);
        }
        out.push(base[p]);
        (i, j, k) = (p + 1, po + 1, pt + 1);
    }
}

/// When `t` only added lines before or after the base lines `b` (an append while the other side edited the
/// last line), both changes fit: `t`'s additions around `o`. Both sides inserting at one place keeps both.
fn around_insertion<'a>(b: &[&'a str], o: &[&'a str], t: &[&'a str]) -> Option<Vec<&'a str>> {
    if b.is_empty() {
        return Some([o, t].concat());
    }
    if t.len() > b.len() && t.starts_with(b) {
        return Some([o, &t[b.len()..]].concat());
    }
    if t.len() > b.len() && t.ends_with(b) {
        return Some([&t[..t.len() - b.len()], o].concat());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_on_different_lines_merge_cleanly() {
        let base = "one\ntwo\nthree";
        assert_eq!(
            merge_text(base, "ONE\ntwo\nthree", "one\ntwo\nTHREE"),
            "ONE\ntwo\nTHREE"
        );
    }

    #[test]
    fn two_appends_keep_both_without_markers() {
        let merged = merge_text("start", "start\nmine", "start\ntheirs");
        assert_eq!(merged, "start\nmine\ntheirs");
    }

    #[test]
    fn typing_on_the_last_line_while_another_appends_keeps_both() {
        let merged = merge_text("start", "start and more", "start\nappended");
        assert_eq!(merged, "start and more\nappended");
        let merged = merge_text("start", "start\nappended", "start and more");
        assert_eq!(
            merged, "start and more\nappended",
            "whichever side appended"
        );
    }

    #[test]
    fn the_same_line_changed_twice_is_one_block() {
        let merged = merge_text("x", "mine", "theirs");
        assert_eq!(
            merged,
            "<<<<<<< this session\nmine\n======= other session\ntheirs\n>>>>>>>\n"
        );
    }

    #[test]
    fn repeated_conflicts_never_nest_markers() {
        let mut ours = String::from("x");
        let mut base = String::from("x");
        for i in 0..50 {
            let theirs = format!("theirs {i}");
            ours = merge_text(&base, &format!("mine {i}"), &theirs);
            base = ours.clone();
        }
        assert_eq!(ours.matches(CONFLICT_OURS).count(), 1, "{ours}");
        assert!(ours.contains("mine 49") && ours.contains("theirs 49"));
    }
}
