//! HTTP-level tests of `lauazym serve` over the whole request path (guard, limits, routes,
//! storage), on a temp data folder. `real` starts the built binary on 127.0.0.1:0.

mod api;
mod pages;
mod real;
mod security;
mod storage;
mod util;
