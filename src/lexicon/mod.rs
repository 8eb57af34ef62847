//! Lexicons.
