//! Arbitrary text → `org::parse` → `resolve` against the seed's model: an error is fine, a panic
//! is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn model() -> &'static lauazym::model::Model {
    static MODEL: OnceLock<lauazym::model::Model> = OnceLock::new();
    MODEL.get_or_init(|| {
        let act = lauazym::act::load(lauazym::DEFAULT_ACT.0, lauazym::DEFAULT_ACT.1.as_bytes()).expect("seed loads");
        lauazym::model::consolidate(None, &[act]).expect("seed consolidates")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(org) = lauazym::org::parse("fuzz.toml", text) {
        let _ = org.resolve(model());
    }
});
