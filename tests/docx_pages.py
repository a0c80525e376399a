#!/usr/bin/python3
"""docx_pages.py — LibreOffice's pagination of packet.docx against packet.pdf.

  docx_pages.py PACKET.pdf LIBREOFFICE.pdf [-v]     exit 0 when they agree

Both must have the same number of pages, and every entry of packet.pdf's
outline (each part, each department, each numbered heading) must start on
the same page in both.  An entry is found in LibreOffice's PDF through its
outline (LibreOffice exports the DOCX's visible headings) or else, for the
DOCX's hidden outline entries (a department's name), as the first page at
or after the previous entry's whose text holds the title; an entry found
neither way (次第, hidden, on the first page) is reported and not counted."""
import re
import subprocess
import sys

import pikepdf


def outline(path):
    out = []
    with pikepdf.open(path) as pdf:
        pages = {pg.objgen: i + 1 for i, pg in enumerate(pdf.pages)}
        names = {}
        if "/Names" in pdf.Root and "/Dests" in pdf.Root.Names:
            for k, v in pikepdf.NameTree(pdf.Root.Names.Dests).items():
                names[k] = v

        def page_of(it):
            d = it.destination
            if d is None and it.action is not None:
                d = it.action.get("/D")
            if isinstance(d, (pikepdf.String, pikepdf.Name, str)):
                d = names.get(str(d).lstrip("/"))
                if isinstance(d, pikepdf.Dictionary):
                    d = d.D
            if isinstance(d, pikepdf.Array):
                return pages.get(d[0].objgen)
            return None

        with pdf.open_outline() as o:
            def walk(items, lvl):
                for it in items:
                    out.append((lvl, str(it.title), page_of(it)))
                    walk(it.children, lvl + 1)
            walk(o.root, 1)
        return out, len(pdf.pages)


def page_texts(path, n):
    texts = []
    for i in range(1, n + 1):
        t = subprocess.run(["pdftotext", "-f", str(i), "-l", str(i), "-enc", "UTF-8", path, "-"],
                           capture_output=True, check=True).stdout.decode("utf-8", "replace")
        texts.append(re.sub(r"\s+", "", t))
    return texts


def main():
    ref, nref = outline(sys.argv[1])
    lo, nlo = outline(sys.argv[2])
    texts = page_texts(sys.argv[2], nlo)
    ok = nref == nlo
    lines = ["pages: packet.pdf %d, LibreOffice %d%s" % (nref, nlo, "" if ok else "  !!")]
    lo_pages = {}
    for lvl, title, pg in lo:
        lo_pages.setdefault(title, []).append(pg)
    prev = 1
    missing = 0
    for lvl, title, pg in ref:
        got = None
        how = "outline"
        if lo_pages.get(title):
            got = lo_pages[title].pop(0)
        else:
            how = "text"
            key = re.sub(r"\s+", "", title)
            for i in range(prev, nlo + 1):
                if key in texts[i - 1]:
                    got = i
                    break
        if got is None:
            missing += 1
            lines.append("   %s %s: page %s, not found in LibreOffice's PDF" % ("  " * lvl, title, pg))
            continue
        bad = got != pg
        ok = ok and not bad
        prev = got
        lines.append("%s %s %s: page %s, LibreOffice %s (%s)" % ("!!" if bad else "  ", "  " * lvl,
                                                                 title, pg, got, how))
    if missing > 1:
        ok = False
    if not ok or "-v" in sys.argv:
        print("\n".join(lines))
    print("%d entries, %d pages: %s" % (len(ref), nref, "same pages" if ok else "DIFFERENT"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
