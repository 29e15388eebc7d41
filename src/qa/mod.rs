//! Translation quality checks beyond terminology: numbers, French
//! typography, consistency across segments and cheap hygiene.

pub mod links;
