//! The small markup templates render, parsed into the document tree.
