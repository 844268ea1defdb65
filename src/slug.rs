//! Slugs: safe ASCII file names transliterated from Kazakh and Russian.
