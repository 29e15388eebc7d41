//! Tests of the aligner.
