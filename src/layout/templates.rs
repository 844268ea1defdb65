//! Handlebars templates: defaults embedded, overridable file by file.
