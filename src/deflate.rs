//! Deflate, for both writers: PDF streams (zlib-wrapped) and zip entries (raw).
//!
//! Setting up a compressor allocates and zeroes ~0.4 MB of state, which costs more than
//! compressing a page of text (it was a third of the time per DOCX in callgrind), so per-document
//! streams reuse one compressor per thread and configuration, reset between uses. What is
//! compressed once per batch (fonts, shared package parts) takes a fresh one.
//!
//! flate2 reports an error only for a compressor used after it finished a stream; each use here
//! starts with `reset`, so compressing into memory cannot fail, and the one `expect` says so.

use flate2::{Compress, Compression, FlushCompress, Status};
use std::cell::RefCell;

/// The stream format: zlib-wrapped (PDF `/FlateDecode`) or raw deflate (zip entries).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wrap {
    Zlib,
    Raw,
}

/// Compress `data` with a fresh compressor (for what a batch compresses once).
pub fn once(data: &[u8], level: u32, wrap: Wrap) -> Vec<u8> {
    run(&mut Compress::new(Compression::new(level), wrap == Wrap::Zlib), data)
}

thread_local! {
    /// This thread's compressors, one per configuration in use (two: PDF pages, DOCX parts).
    static REUSED: RefCell<Vec<((u32, Wrap), Compress)>> = const { RefCell::new(Vec::new()) };
}

/// Compress `data` with this thread's compressor for (`level`, `wrap`), reset between uses.
pub fn reused(data: &[u8], level: u32, wrap: Wrap) -> Vec<u8> {
    REUSED.with(|cell| {
        let mut all = cell.borrow_mut();
        let at = match all.iter().position(|(key, _)| *key == (level, wrap)) {
            Some(at) => at,
            None => {
                all.push(((level, wrap), Compress::new(Compression::new(level), wrap == Wrap::Zlib)));
                all.len() - 1
            }
        };
        run(&mut all[at].1, data)
    })
}

fn run(c: &mut Compress, data: &[u8]) -> Vec<u8> {
    c.reset();
    let mut out = Vec::with_capacity(data.len() / 2 + 64);
    loop {
        let consumed = c.total_in() as usize;
        let status = c
            .compress_vec(&data[consumed..], &mut out, FlushCompress::Finish)
            .expect("a reset compressor writing into memory cannot fail");
        if status == Status::StreamEnd {
            return out;
        }
        out.reserve(out.capacity().max(1024));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn both_formats_read_back_and_reuse_gives_the_same_bytes() {
        let text: Vec<u8> = "Қазақстан Республикасының Еңбек кодексі; ".repeat(500).into_bytes();
        for wrap in [Wrap::Zlib, Wrap::Raw] {
            let fresh = once(&text, 6, wrap);
            assert_eq!(reused(&text, 6, wrap), fresh);
            assert_eq!(reused(b"other", 6, wrap).len(), once(b"other", 6, wrap).len());
            assert_eq!(reused(&text, 6, wrap), fresh, "a reset leaves nothing of the last stream");
            let mut back = Vec::new();
            match wrap {
                Wrap::Zlib => flate2::read::ZlibDecoder::new(&fresh[..]).read_to_end(&mut back).unwrap(),
                Wrap::Raw => flate2::read::DeflateDecoder::new(&fresh[..]).read_to_end(&mut back).unwrap(),
            };
            assert_eq!(back, text);
        }
    }
}
