//! Batch export: one job per (organisation, document, format), atomic files, manifest.
