//! Arbitrary bytes → `act::load` (with and without repair) → `model::consolidate`, the table and
//! the review report: an error is fine, a panic is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = lauazym::act::review("fuzz.txt", data, lauazym::act::Options { repair: false });
    if let Ok(act) = lauazym::act::load("fuzz.txt", data) {
        if act.base.is_some() {
            let _ = lauazym::model::consolidate(Some(&act), &[]);
        } else {
            let model = lauazym::model::consolidate(None, std::slice::from_ref(&act));
            if let Ok(m) = model {
                let _ = lauazym::model::table(&m);
                let _ = m.review.report();
            }
        }
    }
});
