//! A minimal zip writer for the package: deflated entries, no extra fields, all dated
//! 1980-01-01 00:00, written in the order given.
//!
//! Why not the zip crate for writing: its `raw_copy_file` does copy the precompressed shared
//! parts, but every fresh entry costs a new deflate state (~0.4 MB allocated and zeroed), which
//! was a third of the time per document in callgrind. Here one deflate state per thread is
//! reset between entries (`crate::deflate`), and an entry compressed once (`Entry`) is appended
//! as bytes.

use crate::deflate::Wrap;
use flate2::Crc;

/// A deflated entry, ready to append to any number of packages.
#[derive(Debug, Clone)]
pub struct Entry {
    pub name: String,
    pub crc: u32,
    pub size: u32,
    pub data: Vec<u8>,
}

impl Entry {
    /// An entry compressed once, with a fresh compressor at `level` (the shared parts).
    pub fn deflate(name: impl Into<String>, content: &[u8], level: u32) -> Entry {
        Entry::of(name.into(), content, crate::deflate::once(content, level, Wrap::Raw))
    }

    fn of(name: String, content: &[u8], data: Vec<u8>) -> Entry {
        let mut crc = Crc::new();
        crc.update(content);
        Entry { name, crc: crc.sum(), size: content.len() as u32, data }
    }
}

/// A per-document part, deflated at level 6 with this thread's reusable compressor.
pub fn deflate_fresh(name: &str, content: &[u8]) -> Entry {
    Entry::of(name.to_string(), content, crate::deflate::reused(content, 6, Wrap::Raw))
}

/// DOS date of 1980-01-01 (day 1, month 1, year 0), time 00:00.
const DATE: u16 = (1 << 5) | 1;

/// The zip file of `entries`, in order.
pub fn write(entries: &[&Entry], capacity: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(capacity);
    let mut offsets = Vec::with_capacity(entries.len());
    for e in entries {
        offsets.push(out.len() as u32);
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        header(&mut out, e);
        out.extend_from_slice(e.name.as_bytes());
        out.extend_from_slice(&e.data);
    }
    let cd_start = out.len();
    for (e, offset) in entries.iter().zip(offsets) {
        out.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        out.extend_from_slice(&(20u16 | 3 << 8).to_le_bytes()); // made by: Unix, zip 2.0
        header(&mut out, e);
        out.extend_from_slice(&[0; 2]); // comment length
        out.extend_from_slice(&[0; 2]); // disk number
        out.extend_from_slice(&[0; 2]); // internal attributes
        out.extend_from_slice(&(0o100644u32 << 16).to_le_bytes()); // external: regular file rw-r--r--
        out.extend_from_slice(&offset.to_le_bytes());
        out.extend_from_slice(e.name.as_bytes());
    }
    let cd_len = (out.len() - cd_start) as u32;
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0; 4]); // this disk, disk with the directory
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&cd_len.to_le_bytes());
    out.extend_from_slice(&(cd_start as u32).to_le_bytes());
    out.extend_from_slice(&[0; 2]); // comment length
    out
}

/// The fields shared by the local header and the central directory record, from "version
/// needed" to "extra field length".
fn header(out: &mut Vec<u8>, e: &Entry) {
    out.extend_from_slice(&20u16.to_le_bytes()); // version needed: deflate
    out.extend_from_slice(&0u16.to_le_bytes()); // flags (names are ASCII)
    out.extend_from_slice(&8u16.to_le_bytes()); // deflate
    out.extend_from_slice(&0u16.to_le_bytes()); // time
    out.extend_from_slice(&DATE.to_le_bytes());
    out.extend_from_slice(&e.crc.to_le_bytes());
    out.extend_from_slice(&(e.data.len() as u32).to_le_bytes());
    out.extend_from_slice(&e.size.to_le_bytes());
    out.extend_from_slice(&(e.name.len() as u16).to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes()); // extra field length
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn the_zip_crate_reads_it_back() {
        let big: Vec<u8> = (0..100_000u32).flat_map(|i| (i % 251).to_le_bytes()).collect();
        let a = Entry::deflate("a.xml", b"<a>hello</a>", 9);
        let b = deflate_fresh("dir/b.bin", &big);
        let c = deflate_fresh("c.txt", b"");
        let bytes = write(&[&a, &b, &c], 0);
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let names: Vec<&str> = zip.file_names().collect();
        assert_eq!(names, ["a.xml", "dir/b.bin", "c.txt"]);
        let mut read = |n: &str| {
            let mut v = Vec::new();
            let mut f = zip.by_name(n).unwrap();
            assert_eq!(f.last_modified().unwrap(), zip::DateTime::default());
            f.read_to_end(&mut v).unwrap();
            v
        };
        assert_eq!(read("a.xml"), b"<a>hello</a>");
        assert_eq!(read("dir/b.bin"), big);
        assert_eq!(read("c.txt"), b"");
    }
}
