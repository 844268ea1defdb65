//! The static assets, compiled into the binary: a closed table from name to bytes.
//!
//! Any other name is a 404, so there is no path to traverse. Each URL carries the first 16 hex
//! digits of the asset's SHA-256 (`/assets/<hash>/<name>`), so a changed file gets a new URL and
//! every asset can be cached for a year as `immutable`.

use sha2::{Digest, Sha256};
use std::sync::OnceLock;

pub struct Asset {
    pub name: &'static str,
    pub content_type: &'static str,
    pub bytes: &'static [u8],
}

pub const ALL: [Asset; 3] = [
    Asset { name: "app.css", content_type: "text/css; charset=utf-8", bytes: include_bytes!("../../web/app.css") },
    Asset { name: "app.js", content_type: "text/javascript; charset=utf-8", bytes: include_bytes!("../../web/app.js") },
    Asset { name: "favicon.svg", content_type: "image/svg+xml", bytes: include_bytes!("../../web/favicon.svg") },
];

/// The first 16 hex digits of each asset's SHA-256, in the order of [`ALL`].
fn hashes() -> &'static [String; 3] {
    static H: OnceLock<[String; 3]> = OnceLock::new();
    H.get_or_init(|| ALL.each_ref().map(|a| crate::export::hex(&Sha256::digest(a.bytes)[..8])))
}

/// The asset called `name` if `hash` is its current hash.
pub fn get(hash: &str, name: &str) -> Option<&'static Asset> {
    let i = ALL.iter().position(|a| a.name == name)?;
    (hashes()[i] == hash).then_some(&ALL[i])
}

/// The URL of an asset, for templates.
pub fn url(name: &str) -> String {
    match ALL.iter().position(|a| a.name == name) {
        Some(i) => format!("/assets/{}/{}", hashes()[i], name),
        None => String::from("/assets/missing"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_listed_names_with_their_hash_are_served() {
        let css = url("app.css");
        let (hash, name) = css.trim_start_matches("/assets/").split_once('/').unwrap();
        assert_eq!(hash.len(), 16);
        assert_eq!(get(hash, name).unwrap().bytes, include_bytes!("../../web/app.css"));
        assert!(get("0000000000000000", "app.css").is_none());
        for bad in ["../Cargo.toml", "app.css/..", "", "APP.CSS", "%2e%2e"] {
            assert!(get(hash, bad).is_none(), "{bad}");
        }
    }
}
