//! Per-document extraction.
