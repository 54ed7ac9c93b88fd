//! One step of a scroll offset or a selection, shared by the panes that scroll (detail, help, chooser).

/// `value + delta`, clamped to `0..=max` (`isize::MIN`/`MAX` jump to the ends).
pub(super) fn step(value: usize, delta: isize, max: usize) -> usize {
    match delta {
        isize::MIN => 0,
        isize::MAX => max,
        d if d < 0 => value.saturating_sub(d.unsigned_abs()),
        d => value.saturating_add(d as usize).min(max),
    }
}

/// A scroll offset with no known end yet: `update` clamps it to the text after every action.
pub(super) const UNBOUNDED: usize = usize::MAX / 2;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_clamp_to_the_range_and_the_extremes_jump_to_its_ends() {
        assert_eq!(step(3, -5, 10), 0);
        assert_eq!(step(3, 4, 10), 7);
        assert_eq!(step(3, 40, 10), 10);
        assert_eq!(step(3, isize::MIN, 10), 0);
        assert_eq!(step(3, isize::MAX, 10), 10);
        assert_eq!(step(usize::MAX, 1, usize::MAX), usize::MAX);
    }
}
