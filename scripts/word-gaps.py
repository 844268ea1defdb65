#!/usr/bin/env python3
"""Word gaps of justified body text, as a reader sees them (issue 12's figure).

For every PDF given (or every PDF below a folder), `pdftotext -bbox-layout` gives each physical
line with its words' boxes. A body line is a line of the body size (the most common line height
in all the files, within 5 %) holding five words or more; its gap is the median of the distances
between consecutive words. The script prints the share of body lines whose gap exceeds twice the
font's space (the space advance of fonts/LiberationSerif-Regular.ttf at the body size) and the
largest gap as a multiple of the space, with the worst lines.

    python3 scripts/word-gaps.py out --only job-description          # our PDFs
    python3 scripts/word-gaps.py out --only job-description --docx   # LibreOffice's PDFs of our DOCX

With `--docx` the DOCX files found are copied under unique names into a temporary folder and
converted there by `soffice --headless --convert-to pdf` (a fresh profile), and those PDFs are
measured.

Needs python3, poppler-utils (pdftotext) and fontTools (both installed by scripts/test.sh).
"""

import argparse
import collections
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def space_em(font_path):
    from fontTools.ttLib import TTFont

    font = TTFont(font_path)
    glyph = font.getBestCmap()[ord(" ")]
    return font["hmtx"][glyph][0] / font["head"].unitsPerEm


def lines_of(pdf):
    """[(height, [(xMin, xMax, text)])] per physical line, all pages."""
    xml = subprocess.run(
        ["pdftotext", "-bbox-layout", "-enc", "UTF-8", pdf, "-"], check=True, capture_output=True
    ).stdout
    root = ET.fromstring(xml)
    out = []
    for el in root.iter():
        if el.tag.rsplit("}", 1)[-1] != "line":
            continue
        words = [
            (float(w.get("xMin")), float(w.get("xMax")), w.text or "")
            for w in el
            if w.tag.rsplit("}", 1)[-1] == "word"
        ]
        height = float(el.get("yMax")) - float(el.get("yMin"))
        out.append((round(height, 1), words))
    return out


def files_of(paths, ext, only):
    for p in paths:
        if os.path.isdir(p):
            for d, _, names in sorted(os.walk(p)):
                for n in sorted(names):
                    path = os.path.join(d, n)
                    if n.endswith(ext) and (only is None or only in path):
                        yield path
        elif p.endswith(ext):
            yield p


def libreoffice_pdfs(docx, tmp):
    """Convert DOCX files with LibreOffice; personnel copies share names, so number them."""
    src = os.path.join(tmp, "docx")
    os.makedirs(src)
    names = []
    for k, f in enumerate(docx):
        name = f"{k:03}-{os.path.basename(f)}"
        shutil.copy(f, os.path.join(src, name))
        names.append(os.path.join(src, name))
    profile = "file://" + os.path.join(tmp, "profile")
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", tmp]
        + names,
        check=True,
        capture_output=True,
    )
    return [os.path.join(tmp, os.path.basename(n)[: -len(".docx")] + ".pdf") for n in names]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="+", help="PDF files or folders")
    ap.add_argument("--size", type=float, default=14.0, help="body type size in points (14)")
    ap.add_argument("--font", default=os.path.join(ROOT, "fonts", "LiberationSerif-Regular.ttf"))
    ap.add_argument("--min-words", type=int, default=5)
    ap.add_argument("--worst", type=int, default=3, help="print this many worst lines")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--only", help="only files whose path contains this (e.g. job-description)")
    ap.add_argument("--docx", action="store_true", help="measure LibreOffice's PDFs of the DOCX files")
    args = ap.parse_args()

    space = space_em(args.font) * args.size
    tmp = None
    if args.docx:
        docx = list(files_of(args.paths, ".docx", args.only))
        if not docx:
            sys.exit("no DOCX found")
        tmp = tempfile.mkdtemp(prefix="word-gaps-")
        files = libreoffice_pdfs(docx, tmp)
    else:
        files = list(files_of(args.paths, ".pdf", args.only))
    if not files:
        sys.exit("no PDF found")
    all_lines = [(f, h, ws) for f in files for h, ws in lines_of(f)]
    heights = collections.Counter(h for _, h, ws in all_lines if len(ws) >= args.min_words)
    body_h = heights.most_common(1)[0][0]
    body = []
    for f, h, ws in all_lines:
        if len(ws) < args.min_words or abs(h - body_h) > 0.05 * body_h:
            continue
        gaps = [b[0] - a[1] for a, b in zip(ws, ws[1:])]
        body.append((statistics.median(gaps) / space, f, " ".join(w[2] for w in ws)))
    if tmp:
        shutil.rmtree(tmp, ignore_errors=True)
    over2 = sum(1 for r, _, _ in body if r > 2.0)
    over3 = sum(1 for r, _, _ in body if r > 3.0)
    worst = sorted(body, reverse=True)[: args.worst]
    figures = {
        "files": len(files),
        "body_lines": len(body),
        "over_2x": over2,
        "share_over_2x": round(100.0 * over2 / max(len(body), 1), 1),
        "over_3x": over3,
        "max_ratio": round(worst[0][0], 2) if worst else 0.0,
        "space_pt": round(space, 2),
        "body_line_height_pt": body_h,
    }
    if args.json:
        print(json.dumps(figures, ensure_ascii=False))
    else:
        print(
            f"{figures['files']} files, {len(body)} body lines (≥{args.min_words} words, height {body_h} pt); "
            f"space {space:.2f} pt\n"
            f"median gap > 2× space: {over2} lines = {figures['share_over_2x']} %; "
            f"> 3×: {over3}; max {figures['max_ratio']}×"
        )
        for r, f, text in worst:
            print(f"  {r:.2f}×  {os.path.basename(f)}: {text[:100]}")


if __name__ == "__main__":
    main()
