//! Organisations: TOML profiles (names, BIN, head, staff list, employees).
