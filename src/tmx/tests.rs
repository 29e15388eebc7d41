//! Tests of TMX reading and writing.
