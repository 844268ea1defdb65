//! Reading organisations from spreadsheets: a 5,000-employee workbook (and the same as CSV), read
//! and validated. Goal: well under a second per workbook in release.

use criterion::{criterion_group, criterion_main, Criterion};
use lauazym::org::{self, Employee, Format, Organisation};
use std::hint::black_box;

/// The sample with 5,000 employees spread over its positions.
fn large() -> Organisation {
    let mut org = org::sample();
    let positions: Vec<String> = org.positions.iter().map(|p| p.id.clone()).collect();
    org.employees = (0..5000)
        .map(|i| Employee {
            name: format!("Қызметкер{i} Аты{i} Әкесінің{i}"),
            position: positions[i % positions.len()].clone(),
            personnel_no: format!("{i:05}"),
            hire_date: org::Date::new(2000 + (i % 25) as u16, 1 + (i % 12) as u8, 1 + (i % 28) as u8).ok(),
            slug: String::new(),
        })
        .collect();
    org::validate(&org).expect("a valid organisation")
}

fn sheets(c: &mut Criterion) {
    let org = large();
    let xlsx = org::to_bytes(&org, Format::Xlsx, None).unwrap();
    let csv = org::to_bytes(&org, Format::Csv, None).unwrap();
    eprintln!("5,000 employees: workbook {} KB, CSV {} KB", xlsx.len() / 1024, csv.len() / 1024);
    let mut group = c.benchmark_group("5000 employees");
    group.sample_size(20);
    group.bench_function("read workbook", |b| {
        b.iter(|| org::parse_bytes("big.xlsx", Format::Xlsx, black_box(&xlsx)).unwrap())
    });
    group.bench_function("read CSV", |b| b.iter(|| org::parse_bytes("big.csv", Format::Csv, black_box(&csv)).unwrap()));
    group.bench_function("write workbook", |b| b.iter(|| org::to_bytes(black_box(&org), Format::Xlsx, None).unwrap()));
    group.finish();
}

criterion_group!(benches, sheets);
criterion_main!(benches);
