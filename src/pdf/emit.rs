//! Emit: pages of positioned runs → content streams in printpdf's page tree → lopdf objects →
//! bytes.
//!
//! printpdf writes the page tree; each page's content stream (text as glyph ids of our own
//! subset) is written by [`super::content`] and put in its place; the font objects, metadata,
//! `/ID` and PDF/A parts are then set with lopdf, reusing the precompressed font streams from
//! [`PdfFonts`]. Nothing depends on the clock or on printpdf's global counters, so the same input
//! gives the same bytes.

use std::collections::BTreeSet;

use lopdf::{Dictionary, Object, Stream, StringFormat};
use printpdf::{PdfDocument, PdfPage, PdfSaveOptions};
use sha2::{Digest, Sha256};

use super::flow::{Geometry, Page};
use super::font::{PdfFace, PdfFonts};
use super::{Error, Options};
use crate::doc::Meta;
use crate::fonts::Style;

/// The media box at 0.01 pt, as the content streams print their coordinates.
fn r2(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}

fn text_string(s: &str) -> Object {
    // PDF text strings: UTF-16BE with a BOM unless plain ASCII.
    if s.is_ascii() {
        Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        // Literal, not hex: half the bytes; lopdf escapes what needs escaping.
        Object::String(super::content::utf16_text(s), StringFormat::Literal)
    }
}

fn font_objects(doc: &mut lopdf::Document, f: &PdfFace) -> lopdf::ObjectId {
    let mut file = Stream::new(
        Dictionary::from_iter(vec![
            ("Length1", Object::Integer(f.font_file_len as i64)),
            ("Filter", Object::Name(b"FlateDecode".to_vec())),
        ]),
        f.font_file.clone(),
    );
    file.allows_compression = false;
    let file_id = doc.add_object(file);
    let mut tu = Stream::new(
        Dictionary::from_iter(vec![("Filter", Object::Name(b"FlateDecode".to_vec()))]),
        f.to_unicode.clone(),
    );
    tu.allows_compression = false;
    let tu_id = doc.add_object(tu);
    let name = format!("{}+{}", f.tag, f.postscript);
    let descriptor = doc.add_object(Dictionary::from_iter(vec![
        ("Type", Object::Name(b"FontDescriptor".to_vec())),
        ("FontName", Object::Name(name.as_bytes().to_vec())),
        ("Flags", Object::Integer(f.flags)),
        ("FontBBox", Object::Array(f.bbox.iter().map(|&v| Object::Integer(v as i64)).collect())),
        ("ItalicAngle", Object::Real(f.italic_angle)),
        ("Ascent", Object::Integer(f.ascent as i64)),
        ("Descent", Object::Integer(f.descent as i64)),
        ("CapHeight", Object::Integer(f.cap_height as i64)),
        ("StemV", Object::Integer(f.stem_v)),
        ("FontFile2", Object::Reference(file_id)),
    ]));
    let mut w = Vec::with_capacity(f.widths.len() * 2);
    for (first, ws) in &f.widths {
        w.push(Object::Integer(*first as i64));
        w.push(Object::Array(ws.iter().map(|&v| Object::Integer(v as i64)).collect()));
    }
    let cid = doc.add_object(Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Font".to_vec())),
        ("Subtype", Object::Name(b"CIDFontType2".to_vec())),
        ("BaseFont", Object::Name(name.as_bytes().to_vec())),
        (
            "CIDSystemInfo",
            Object::Dictionary(Dictionary::from_iter(vec![
                ("Registry", Object::string_literal("Adobe")),
                ("Ordering", Object::string_literal("Identity")),
                ("Supplement", Object::Integer(0)),
            ])),
        ),
        ("FontDescriptor", Object::Reference(descriptor)),
        ("DW", Object::Integer(0)),
        ("W", Object::Array(w)),
        ("CIDToGIDMap", Object::Name(b"Identity".to_vec())),
    ]));
    doc.add_object(Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Font".to_vec())),
        ("Subtype", Object::Name(b"Type0".to_vec())),
        ("BaseFont", Object::Name(name.into_bytes())),
        ("Encoding", Object::Name(b"Identity-H".to_vec())),
        ("DescendantFonts", Object::Array(vec![Object::Reference(cid)])),
        ("ToUnicode", Object::Reference(tu_id)),
    ]))
}

/// The PDF of laid-out pages, in named phases (as typst's `PdfBuilder` and pandoc's DOCX
/// writer go): printpdf writes the pages, then lopdf puts in what printpdf does not do our way.
/// Each phase is short, and an object printpdf did not write as expected is an error naming it.
pub(crate) fn emit(
    meta: &Meta,
    pages: &[Page],
    g: &Geometry,
    fonts: &PdfFonts,
    opts: &Options,
) -> Result<Vec<u8>, Error> {
    let mut id_hash = Sha256::new();
    id_hash.update(meta.identity.as_bytes());
    id_hash.update([0, opts.pdfa as u8]);
    let (mut doc, used) = write_pages(meta, pages, g, fonts, &mut id_hash)?;
    compress_streams(&mut doc);
    let font_dict_id = install_fonts(&mut doc, fonts, &used, &mut id_hash)?;
    trim_resources(&mut doc, font_dict_id, g);
    write_info(&mut doc, meta)?;
    write_catalog(&mut doc, meta, opts)?;
    write_id(&mut doc, id_hash);
    save(doc)
}

/// Phase 1: the pages through printpdf, with the faces they use; the pages' text goes into the
/// document's identity hash.
fn write_pages(
    meta: &Meta,
    pages: &[Page],
    g: &Geometry,
    fonts: &PdfFonts,
    id_hash: &mut Sha256,
) -> Result<(lopdf::Document, BTreeSet<Style>), Error> {
    let mut pdf = PdfDocument::new(&meta.title);
    let mut used = BTreeSet::new();
    let mut contents = Vec::with_capacity(pages.len());
    for page in pages {
        contents.push(super::content::page_content(page, fonts, &mut used)?);
        for r in &page.runs {
            id_hash.update(r.text.as_bytes());
            id_hash.update([0]);
        }
        // printpdf writes the page objects around an empty stream; ours goes in below.
        pdf.pages.push(PdfPage::new(
            printpdf::Mm(g.width / super::flow::MM),
            printpdf::Mm(g.height / super::flow::MM),
            Vec::new(),
        ));
    }
    let save = PdfSaveOptions { optimize: false, subset_fonts: false, secure: true, image_optimization: None };
    let mut warnings = Vec::new();
    let mut doc = printpdf::serialize::to_lopdf_doc(&pdf, &save, &mut warnings);
    doc.version = "1.7".into();
    let page_ids: Vec<lopdf::ObjectId> = doc.get_pages().into_values().collect();
    if page_ids.len() != contents.len() {
        return Err(Error::Pdf(format!("printpdf wrote {} pages of {}", page_ids.len(), contents.len())));
    }
    for (pid, content) in page_ids.into_iter().zip(contents) {
        let stream_id = match doc.get_object(pid).and_then(|p| p.as_dict()).and_then(|d| d.get(b"Contents")) {
            Ok(Object::Reference(id)) => *id,
            _ => return Err(Error::Pdf(format!("page {pid:?} without a content stream"))),
        };
        match doc.get_object_mut(stream_id) {
            Ok(Object::Stream(s)) => s.set_content(content),
            _ => return Err(Error::Pdf(format!("page {pid:?}: contents {stream_id:?} is not a stream"))),
        }
    }
    Ok((doc, used))
}

/// Phase 2: content streams are compressed here; the font streams come precompressed.
fn compress_streams(doc: &mut lopdf::Document) {
    for obj in doc.objects.values_mut() {
        if let Object::Stream(s) = obj {
            let data = super::font::deflate_fast(&s.content);
            s.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
            s.set_content(data);
            s.allows_compression = false;
        }
    }
}

/// Phase 3: fill printpdf's (empty) shared font dictionary with our faces; returns its id.
fn install_fonts(
    doc: &mut lopdf::Document,
    fonts: &PdfFonts,
    used: &BTreeSet<Style>,
    id_hash: &mut Sha256,
) -> Result<lopdf::ObjectId, Error> {
    let first_page = doc.get_pages().into_values().next().ok_or_else(|| Error::Pdf("no pages".into()))?;
    let font_dict_id = match doc.get_object(first_page).and_then(|p| p.as_dict()).and_then(|d| d.get(b"Resources")) {
        Ok(Object::Reference(res)) => match doc.get_object(*res).and_then(|r| r.as_dict()).and_then(|d| d.get(b"Font"))
        {
            Ok(Object::Reference(f)) => *f,
            _ => return Err(Error::Pdf("page resources without a font dictionary".into())),
        },
        _ => return Err(Error::Pdf("page without resources".into())),
    };
    let mut font_dict = Dictionary::new();
    for &style in used {
        let face = fonts.face(style);
        let id = font_objects(doc, face);
        font_dict.set(face.tag.as_bytes().to_vec(), Object::Reference(id));
        id_hash.update(face.tag.as_bytes());
    }
    doc.objects.insert(font_dict_id, Object::Dictionary(font_dict));
    Ok(font_dict_id)
}

/// Phase 4: trim what printpdf writes for features we do not use: empty XObject/ExtGState/
/// Shading dictionaries, Trim/Crop boxes equal to the media box, empty annotation arrays. Every
/// page shares one resource dictionary holding only the fonts.
fn trim_resources(doc: &mut lopdf::Document, font_dict_id: lopdf::ObjectId, g: &Geometry) {
    let page_ids: Vec<lopdf::ObjectId> = doc.get_pages().into_values().collect();
    let resources = doc.add_object(Dictionary::from_iter(vec![("Font", Object::Reference(font_dict_id))]));
    let media = Object::Array(
        [0.0, 0.0, r2(g.width), r2(g.height)]
            .iter()
            .map(|&v| if v == 0.0 { Object::Integer(0) } else { Object::Real(v) })
            .collect(),
    );
    let mut orphans = BTreeSet::new();
    for pid in &page_ids {
        if let Ok(Object::Dictionary(p)) = doc.get_object_mut(*pid) {
            if let Ok(Object::Reference(old)) = p.get(b"Resources") {
                orphans.insert(*old);
            }
            p.set("Resources", Object::Reference(resources));
            p.set("MediaBox", media.clone());
            p.remove(b"TrimBox");
            p.remove(b"CropBox");
            p.remove(b"Annots");
        }
    }
    for old in orphans {
        if let Ok(Object::Dictionary(r)) = doc.get_object(old) {
            let ids: Vec<lopdf::ObjectId> = ["XObject", "ExtGState", "Shading"]
                .iter()
                .filter_map(|k| match r.get(k.as_bytes()) {
                    Ok(Object::Reference(id)) => Some(*id),
                    _ => None,
                })
                .collect();
            for id in ids {
                doc.objects.remove(&id);
            }
        }
        doc.objects.remove(&old);
    }
}

/// Phase 5: document info, only what we know; no dates, no empty PDF/X version (CRATES.md).
fn write_info(doc: &mut lopdf::Document, meta: &Meta) -> Result<(), Error> {
    let info_id = match doc.trailer.get(b"Info") {
        Ok(Object::Reference(id)) => *id,
        _ => return Err(Error::Pdf("no Info dictionary".into())),
    };
    doc.objects.insert(
        info_id,
        Object::Dictionary(Dictionary::from_iter(vec![
            ("Title", text_string(&meta.title)),
            ("Author", text_string(&meta.author)),
            ("Subject", text_string(&meta.subject)),
            ("Producer", text_string("lauazym")),
        ])),
    );
    Ok(())
}

/// Phase 6: the catalog — the text's language, and for PDF/A the XMP and the output intent.
fn write_catalog(doc: &mut lopdf::Document, meta: &Meta, opts: &Options) -> Result<(), Error> {
    let root_id = match doc.trailer.get(b"Root") {
        Ok(Object::Reference(id)) => *id,
        _ => return Err(Error::Pdf("no catalog".into())),
    };
    let lang = if meta.lang.is_empty() { "kk-KZ" } else { &meta.lang };
    let mut extra: Vec<(&str, Object)> = vec![("Lang", text_string(lang))];
    if opts.pdfa {
        extra.extend(pdfa_parts(doc, meta));
    }
    if let Ok(Object::Dictionary(cat)) = doc.get_object_mut(root_id) {
        cat.remove(b"PageLayout");
        cat.remove(b"PageMode");
        for (k, v) in extra {
            cat.set(k, v);
        }
    }
    Ok(())
}

/// The PDF/A-2b entries of the catalog: XMP metadata and an sRGB output intent.
fn pdfa_parts(doc: &mut lopdf::Document, meta: &Meta) -> Vec<(&'static str, Object)> {
    let mut xmp = Stream::new(
        Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Metadata".to_vec())),
            ("Subtype", Object::Name(b"XML".to_vec())),
        ]),
        super::pdfa::xmp(meta).into_bytes(),
    );
    xmp.allows_compression = false;
    let xmp_id = doc.add_object(xmp);
    let mut icc_stream = Stream::new(
        Dictionary::from_iter(vec![("N", Object::Integer(3)), ("Filter", Object::Name(b"FlateDecode".to_vec()))]),
        super::pdfa::srgb_icc_deflated().to_vec(),
    );
    icc_stream.allows_compression = false;
    let icc_id = doc.add_object(icc_stream);
    let intent = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"OutputIntent".to_vec())),
        ("S", Object::Name(b"GTS_PDFA1".to_vec())),
        ("OutputConditionIdentifier", Object::string_literal("sRGB IEC61966-2.1")),
        ("RegistryName", Object::string_literal("http://www.color.org")),
        ("Info", Object::string_literal("sRGB IEC61966-2.1")),
        ("DestinationOutputProfile", Object::Reference(icc_id)),
    ]);
    vec![("Metadata", Object::Reference(xmp_id)), ("OutputIntents", Object::Array(vec![Object::Dictionary(intent)]))]
}

/// Phase 7: the trailer `/ID` from the document's identity, text and faces — never random, so
/// the same input gives the same bytes.
fn write_id(doc: &mut lopdf::Document, id_hash: Sha256) {
    let id = id_hash.finalize()[..16].to_vec();
    doc.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(id.clone(), StringFormat::Hexadecimal),
            Object::String(id, StringFormat::Hexadecimal),
        ]),
    );
}

/// Phase 8: object streams and a cross-reference stream: the dictionaries (widths, descriptors,
/// page tree) compress with the rest, a fifth of the file.
fn save(mut doc: lopdf::Document) -> Result<Vec<u8>, Error> {
    let mut out = Vec::with_capacity(32 * 1024);
    let save = lopdf::SaveOptions {
        use_object_streams: true,
        use_xref_streams: true,
        linearize: false,
        object_stream_config: lopdf::ObjectStreamConfig {
            max_objects_per_stream: 100,
            compression_level: super::font::LEVEL,
        },
    };
    doc.save_with_options(&mut out, save).map_err(|e| Error::Pdf(e.to_string()))?;
    Ok(out)
}
