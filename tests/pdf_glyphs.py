#!/usr/bin/python3
"""pdf_glyphs.py — finds glyph 0 (.notdef) drawn in PDFs (tests/test_pdfcheck.c).

Usage: pdf_glyphs.py FILE.pdf|FOLDER ...   (folders are searched for *.pdf)

Decodes every content stream of every page (and the form XObjects they
draw), follows the current font (Tf) and, for each string a text operator
shows (Tj TJ ' ") in a composite font (Type0, Identity-H/V: two bytes per
code), maps the code through the descendant font's CIDToGIDMap (Identity or
a stream) and counts glyph 0.  A simple font's code 0 counts too.  Prints
one line per PDF page holding glyph 0 ("FILE: page N: K glyph 0 (font /F1)")
and exits 1 when any was found, 2 when a file cannot be read, else 0 with a
summary on stdout.  Needs Debian's python3-pikepdf (the system python).
"""
import os
import sys

import pikepdf

TEXT_OPS = {"Tj", "TJ", "'", '"'}


def cid_to_gid(font):
    """A function mapping a code of this font to a glyph id, and bytes per code."""
    if font.get("/Subtype") == "/Type0":
        desc = font.DescendantFonts[0]
        m = desc.get("/CIDToGIDMap")
        if isinstance(m, pikepdf.Stream):
            data = m.read_bytes()

            def gid(cid, data=data):
                if 2 * cid + 1 < len(data):
                    return (data[2 * cid] << 8) | data[2 * cid + 1]
                return 0

            return gid, 2
        return (lambda cid: cid), 2
    return (lambda code: code), 1


def strings_of(operands, op):
    if op == "TJ":
        for item in operands[0]:
            if isinstance(item, pikepdf.String):
                yield bytes(item)
    elif op == '"':
        yield bytes(operands[2])
    else:
        yield bytes(operands[0])


def scan(obj, resources, found, seen):
    fonts = resources.get("/Font", {}) if resources is not None else {}
    xobjects = resources.get("/XObject", {}) if resources is not None else {}
    current = None
    maps = {}
    for operands, operator in pikepdf.parse_content_stream(obj):
        op = str(operator)
        if op == "Tf":
            current = str(operands[0])
        elif op in TEXT_OPS and current is not None:
            font = fonts.get(current)
            if font is None:
                continue
            if current not in maps:
                maps[current] = cid_to_gid(font)
            gid, width = maps[current]
            for s in strings_of(operands, op):
                for i in range(0, len(s) - width + 1, width):
                    code = int.from_bytes(s[i:i + width], "big")
                    if gid(code) == 0:
                        found[current] = found.get(current, 0) + 1
        elif op == "Do":
            x = xobjects.get(str(operands[0]))
            if x is not None and x.get("/Subtype") == "/Form" and x.objgen not in seen:
                seen.add(x.objgen)
                scan(x, x.get("/Resources", resources), found, seen)


def check(path):
    bad = 0
    with pikepdf.open(path) as pdf:
        for n, page in enumerate(pdf.pages, 1):
            found = {}
            scan(page, page.obj.get("/Resources"), found, set())
            for font, k in sorted(found.items()):
                print(f"{path}: page {n}: {k} glyph 0 (font {font})")
                bad += k
        return bad, len(pdf.pages)


def main(argv):
    files = []
    for a in argv[1:]:
        if os.path.isdir(a):
            for root, _, names in os.walk(a):
                files += [os.path.join(root, f) for f in names if f.endswith(".pdf")]
        else:
            files.append(a)
    if not files:
        print("pdf_glyphs.py: no PDF given", file=sys.stderr)
        return 2
    total = pages = 0
    for f in sorted(files):
        try:
            bad, n = check(f)
        except Exception as ex:  # a damaged file is a failure, named
            print(f"{f}: cannot read: {ex}", file=sys.stderr)
            return 2
        total += bad
        pages += n
    print(f"pdf_glyphs.py: {len(files)} PDFs, {pages} pages, {total} glyph 0")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
