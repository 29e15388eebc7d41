//! Documents: segment pairs with the places of their text in the user's files.

use crate::finding::Origin;

/// A segment pair and where its sides are in their files.
pub struct Pair {
    /// The source segment.
    pub src: String,
    /// The target segment.
    pub tgt: String,
    /// Where the source segment is in its file.
    pub src_at: Origin,
    /// Where the target segment is in its file.
    pub tgt_at: Origin,
}
