//! The cross-document graph (owned by the graph stage).
