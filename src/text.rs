//! Text made safe for a terminal (`sanitize`), folded for matching (`fold`) and measured in cells
//! (`width`). The names are re-exported here, so callers say `text::sanitize_line`, `text::fold`.
mod fold;
mod sanitize;
pub mod width;

pub use fold::{FoldedChar, fold, fold_char};
pub use sanitize::{
    escape_unsafe, is_unsafe_char, sanitize_line, sanitize_multiline, truncate_chars,
};
