#!/usr/bin/python3
"""docx_outline.py — the DOCX outline (Word's navigation pane) against the
PDF's bookmark tree.

  docx_outline.py PACKET.docx PACKET.pdf      exit 0 when they are equal

The DOCX outline is every body paragraph (tables included) with an outline
level, resolved as Word does: a built-in "heading N" style is level N
whatever it says; otherwise the paragraph's own w:outlineLvl, else the one
of its style or the styles it is based on.  Text is the paragraph's text,
hidden runs included (Word's pane lists hidden headings).  The PDF outline
is read with pikepdf, depth first.  Both must also have no skipped level."""
import re
import sys
import zipfile

from lxml import etree
import pikepdf

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def wattr(el, name):
    return el.get("{%s}%s" % (W, name))


def docx_outline(path):
    with zipfile.ZipFile(path) as z:
        styles = etree.fromstring(z.read("word/styles.xml"))
        doc = etree.fromstring(z.read("word/document.xml"))
    by_id = {}
    for s in styles.findall("w:style", NS):
        by_id[wattr(s, "styleId")] = s

    def style_level(sid, seen=()):
        s = by_id.get(sid)
        if s is None or sid in seen:
            return None
        name = s.find("w:name", NS)
        m = re.fullmatch(r"heading ([1-9])", (wattr(name, "val") or "").lower()) \
            if name is not None else None
        if m:
            return int(m.group(1)) - 1
        ol = s.find("w:pPr/w:outlineLvl", NS)
        if ol is not None:
            return int(wattr(ol, "val"))
        based = s.find("w:basedOn", NS)
        return style_level(wattr(based, "val"), seen + (sid,)) if based is not None else None

    out = []
    for p in doc.iter("{%s}p" % W):
        ps = p.find("w:pPr/w:pStyle", NS)
        sid = wattr(ps, "val") if ps is not None else None
        if sid is None:
            for s in by_id.values():
                if wattr(s, "type") == "paragraph" and wattr(s, "default") == "1":
                    sid = wattr(s, "styleId")
        lvl = None
        st = by_id.get(sid)
        nm = st.find("w:name", NS) if st is not None else None
        builtin = nm is not None and re.fullmatch(r"heading [1-9]", (wattr(nm, "val") or "").lower())
        if builtin:
            lvl = style_level(sid)
        else:
            ol = p.find("w:pPr/w:outlineLvl", NS)
            lvl = int(wattr(ol, "val")) if ol is not None else style_level(sid)
        if lvl is None or lvl >= 9:
            continue
        text = "".join(t.text or "" for t in p.iter("{%s}t" % W))
        out.append((lvl + 1, text))
    return out


def pdf_outline(path):
    out = []
    with pikepdf.open(path) as pdf, pdf.open_outline() as o:
        def walk(items, lvl):
            for it in items:
                out.append((lvl, it.title))
                walk(it.children, lvl + 1)
        walk(o.root, 1)
    return out


def skipped(entries):
    prev = 0
    for lvl, title in entries:
        if lvl > prev + 1:
            return "%s at level %d after level %d" % (title, lvl, prev)
        prev = lvl
    return None


def main():
    d = docx_outline(sys.argv[1])
    p = pdf_outline(sys.argv[2])
    ok = True
    for name, e in (("DOCX", d), ("PDF", p)):
        s = skipped(e)
        if s:
            print("%s skips a level: %s" % (name, s))
            ok = False
    if d != p:
        ok = False
        print("outlines differ (level, DOCX | PDF):")
        for i in range(max(len(d), len(p))):
            a = d[i] if i < len(d) else ("", "")
            b = p[i] if i < len(p) else ("", "")
            print("%s %s %s | %s %s" % ("  " if a == b else "!!", a[0], a[1], b[0], b[1]))
    if "-v" in sys.argv:
        for lvl, t in d:
            print("  " * lvl, lvl, t)
    print("%d outline entries%s" % (len(d), "" if ok else " — MISMATCH"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
