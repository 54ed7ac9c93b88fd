//! Personal notes and follow-up marks, keyed by talk id.
use serde::{Deserialize, Serialize};

/// Where a talk stands for its reader.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    #[default]
    None,
    FollowUp,
    Done,
}
