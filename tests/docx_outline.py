#!/usr/bin/python3
"""docx_outline.py — the DOCX outline (Word's navigation pane) against the
PDF's bookmark tree.

  docx_outline.py PACKET.docx PACKET.pdf      exit 0 when they are equal
  docx_outline.py --labels PACKET.docx        the label Word prints on each
                                              numbered paragraph, one a line
  docx_outline.py --same-lists A.docx B.docx  exit 0 when B numbers the same
                                              paragraphs as A (round trips)

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


AIUEO = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"


class Labels:
    """The label Word prints for a numbered paragraph (single-level lists:
    decimal, decimalFullWidth, aiueoFullWidth, bullet), with its suffix."""

    def __init__(self, numbering):
        self.abstract = {}
        self.nums = {}
        self.count = {}
        self.seen = set()
        if numbering is None:
            return
        for a in numbering.findall("w:abstractNum", NS):
            lvl = a.find("w:lvl", NS)
            get = lambda n: wattr(lvl.find("w:" + n, NS), "val") if lvl.find("w:" + n, NS) is not None else None
            self.abstract[wattr(a, "abstractNumId")] = (get("numFmt"), get("lvlText"), get("suff") or "tab",
                                                         int(get("start") or 1))
        for n in numbering.findall("w:num", NS):
            so = n.find("w:lvlOverride/w:startOverride", NS)
            self.nums[wattr(n, "numId")] = (wattr(n.find("w:abstractNumId", NS), "val"),
                                            int(wattr(so, "val")) if so is not None else None)

    def of(self, p):
        np = p.find("w:pPr/w:numPr/w:numId", NS)
        if np is None:
            return ""
        nid = wattr(np, "val")
        if nid not in self.nums:       # numId 0: numbering turned off
            return ""
        aid, start = self.nums[nid]
        fmt, text, suff, astart = self.abstract[aid]
        # as Word counts: the lists of one abstractNum share a counter; a
        # num with a startOverride restarts it where it is first used
        if nid not in self.seen:
            self.seen.add(nid)
            if start is not None or aid not in self.count:
                self.count[aid] = (start if start is not None else astart) - 1
        k = self.count[aid] + 1
        self.count[aid] = k
        if fmt == "decimal":
            v = str(k)
        elif fmt == "decimalFullWidth":
            v = "".join(chr(0xFF10 + int(c)) for c in str(k))
        elif fmt == "aiueoFullWidth":
            v = AIUEO[(k - 1) % len(AIUEO)]
        else:
            v = ""
        return text.replace("%1", v) + {"space": " ", "tab": "\t"}.get(suff, "")


def docx_outline(path):
    with zipfile.ZipFile(path) as z:
        styles = etree.fromstring(z.read("word/styles.xml"))
        doc = etree.fromstring(z.read("word/document.xml"))
        numbering = etree.fromstring(z.read("word/numbering.xml")) \
            if "word/numbering.xml" in z.namelist() else None
    labels = Labels(numbering)
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
        label = labels.of(p)
        if lvl is None or lvl >= 9:
            continue
        text = "".join(t.text or "" for t in p.iter("{%s}t" % W))
        out.append((lvl + 1, label + text))
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


def docx_labels(path):
    """The label of every numbered paragraph, in document order."""
    with zipfile.ZipFile(path) as z:
        doc = etree.fromstring(z.read("word/document.xml"))
        numbering = etree.fromstring(z.read("word/numbering.xml")) \
            if "word/numbering.xml" in z.namelist() else None
    labels = Labels(numbering)
    return [labels.of(p).rstrip(" \t") for p in doc.iter("{%s}p" % W)
            if p.find("w:pPr/w:numPr", NS) is not None]


def same_lists(a, b):
    """True when docx b numbers the same paragraphs with the same labels as
    docx a (LibreOffice's round trip): empty labels (numbering on an empty
    paragraph) are dropped, and a bullet may come back as a Symbol-font
    character (private use area)."""
    la = [x for x in docx_labels(a) if x]
    lb = [x for x in docx_labels(b) if x]

    def same(x, y):
        return x == y or (len(x) == 1 and len(y) == 1 and 0xE000 <= ord(y) <= 0xF8FF)
    ok = len(la) == len(lb) and all(same(x, y) for x, y in zip(la, lb))
    if not ok:
        print("lists differ: %d labels against %d" % (len(la), len(lb)))
        for i in range(max(len(la), len(lb))):
            x = la[i] if i < len(la) else ""
            y = lb[i] if i < len(lb) else ""
            if not same(x, y):
                print("  first difference at %d: %r | %r" % (i, x, y))
                break
    return ok


def main():
    if sys.argv[1] == "--same-lists":
        return 0 if same_lists(sys.argv[2], sys.argv[3]) else 1
    if sys.argv[1] == "--labels":
        for label in docx_labels(sys.argv[2]):
            print(label)
        return 0
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
