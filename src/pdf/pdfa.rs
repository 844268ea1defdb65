//! PDF/A-2b parts: the XMP metadata packet and a minimal sRGB ICC profile (v2) built in code.
//!
//! Unverified: no validator (veraPDF) is installable here; the parts follow ISO 19005-2 as read
//! (XMP identification, dc:title/creator matching Info, an sRGB OutputIntent, fonts embedded).

use crate::doc::Meta;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// XMP packet agreeing with the Info dictionary (Title, Author, Subject, Producer).
pub(crate) fn xmp(meta: &Meta) -> String {
    format!(
        "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n\
<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n\
<rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\" \
xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n\
<pdfaid:part>2</pdfaid:part>\n<pdfaid:conformance>B</pdfaid:conformance>\n\
<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{title}</rdf:li></rdf:Alt></dc:title>\n\
<dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>\n\
<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{subject}</rdf:li></rdf:Alt></dc:description>\n\
<pdf:Producer>lauazym</pdf:Producer>\n\
</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>",
        title = esc(&meta.title),
        author = esc(&meta.author),
        subject = esc(&meta.subject),
    )
}

fn s15(v: f64) -> [u8; 4] {
    ((v * 65536.0).round() as i32).to_be_bytes()
}

fn xyz(x: f64, y: f64, z: f64) -> Vec<u8> {
    let mut t = b"XYZ \0\0\0\0".to_vec();
    t.extend(s15(x));
    t.extend(s15(y));
    t.extend(s15(z));
    t
}

/// A minimal ICC v2 display profile for sRGB: D50-adapted primaries, D65 media white, a 2.2
/// gamma curve (the sRGB curve's usual v2 approximation). ~500 bytes instead of a 3 KB file.
pub(crate) fn srgb_icc() -> Vec<u8> {
    let mut desc = b"desc\0\0\0\0".to_vec();
    let name = b"sRGB IEC61966-2.1\0";
    desc.extend((name.len() as u32).to_be_bytes());
    desc.extend(name);
    desc.extend([0u8; 4 + 4 + 2 + 1 + 67]);
    let mut cprt = b"text\0\0\0\0".to_vec();
    cprt.extend(b"No copyright, use freely\0");
    let mut curv = b"curv\0\0\0\0".to_vec();
    curv.extend(1u32.to_be_bytes());
    curv.extend(0x0233u16.to_be_bytes()); // u8Fixed8 2.2
    let tags: Vec<(&[u8; 4], Vec<u8>)> = vec![
        (b"desc", desc),
        (b"cprt", cprt),
        (b"wtpt", xyz(0.9505, 1.0, 1.0891)),
        (b"rXYZ", xyz(0.4361, 0.2225, 0.0139)),
        (b"gXYZ", xyz(0.3851, 0.7169, 0.0971)),
        (b"bXYZ", xyz(0.1431, 0.0606, 0.7141)),
        (b"rTRC", curv.clone()),
        (b"gTRC", curv.clone()),
        (b"bTRC", curv),
    ];
    let mut body = Vec::new();
    let mut table = Vec::new();
    let mut off = 128 + 4 + 12 * tags.len();
    table.extend((tags.len() as u32).to_be_bytes());
    for (sig, data) in &tags {
        table.extend(*sig);
        table.extend((off as u32).to_be_bytes());
        table.extend((data.len() as u32).to_be_bytes());
        body.extend(data);
        while body.len() % 4 != 0 {
            body.push(0);
        }
        off = 128 + 4 + 12 * tags.len() + body.len();
    }
    let size = 128 + table.len() + body.len();
    let mut h = Vec::with_capacity(size);
    h.extend((size as u32).to_be_bytes());
    h.extend([0u8; 4]); // CMM
    h.extend([0x02, 0x10, 0, 0]); // version 2.1
    h.extend(b"mntrRGB XYZ ");
    h.extend([0x07, 0xD0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0]); // 2000-01-01 00:00:00
    h.extend(b"acsp");
    h.extend([0u8; 4 + 4 + 4 + 4 + 8]); // platform, flags, manufacturer, model, attributes
    h.extend(0u32.to_be_bytes()); // perceptual
    h.extend(s15(0.9642));
    h.extend(s15(1.0));
    h.extend(s15(0.8249));
    h.extend([0u8; 4]); // creator
    h.resize(128, 0);
    h.extend(table);
    h.extend(body);
    h
}

/// The profile, built and compressed once per process.
pub(crate) fn srgb_icc_deflated() -> &'static [u8] {
    static ICC: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    ICC.get_or_init(|| super::font::deflate(&srgb_icc()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn icc_header_is_consistent() {
        let icc = super::srgb_icc();
        assert_eq!(u32::from_be_bytes(icc[0..4].try_into().unwrap()) as usize, icc.len());
        assert_eq!(&icc[36..40], b"acsp");
        assert_eq!(icc.len() % 4, 0);
    }
}
