//! Loading and consolidating the seed act: the repair, the grammar and the model together.
//! Goal: well under 10 ms per run in release.

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

fn load(c: &mut Criterion) {
    let (file, text) = lauazym::DEFAULT_ACT;
    c.bench_function("load seed act", |b| b.iter(|| lauazym::act::load(file, black_box(text.as_bytes())).unwrap()));
    c.bench_function("load + consolidate seed act", |b| {
        b.iter(|| {
            let act = lauazym::act::load(file, black_box(text.as_bytes())).unwrap();
            lauazym::model::consolidate(None, &[act]).unwrap()
        })
    });
}

criterion_group!(benches, load);
criterion_main!(benches);
