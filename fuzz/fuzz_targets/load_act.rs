//! Arbitrary bytes → `act::load` → `model::consolidate`: an error is fine, a panic is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(act) = lauazym::act::load("fuzz.txt", data) {
        if act.base.is_some() {
            let _ = lauazym::model::consolidate(Some(&act), &[]);
        } else {
            let model = lauazym::model::consolidate(None, std::slice::from_ref(&act));
            if let Ok(m) = model {
                let _ = lauazym::model::table(&m);
            }
        }
    }
});
