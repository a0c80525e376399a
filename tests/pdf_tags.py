#!/usr/bin/python3
"""pdf_tags.py FILE.pdf [--legend LEGEND] [--struct-text] — checks that a PDF
auditdoc wrote is tagged as PDF/UA-1 asks (the Matterhorn Protocol's
machine-checkable points that concern us), with Debian's pikepdf:

 - the catalog: /MarkInfo Marked true, /StructTreeRoot, /Lang, pdfuaid:part 1
   in the XMP, DisplayDocTitle;
 - every text-showing and painting operator of every page is inside marked
   content with an MCID or inside an Artifact, and every MCID is in the
   parent tree, pointing at the element that holds it;
 - headings: H1 first, no skipped level, their titles (/T, else their text)
   in the order of the bookmarks, every bookmark below the top level a
   heading;
 - tables: Table > THead/TBody > TR > TH/TD, every TH with a /Scope;
 - lists: L > LI > Lbl + LBody;
 - links: every link annotation has /Contents and /StructParent, and a Link
   element holds it by an OBJR;
 - mark cells: a TD whose text is a mark of the legend carries its meaning
   as /E, and every /E is a meaning of the legend.
With --struct-text, prints the tree's text in reading order, one element a
line (what `pdfinfo -struct-text` gives), for the caller to compare.
Prints FAIL lines and exits 1 on any flaw."""
import decimal
import re
import sys

import pikepdf

PAINT = {b"Tj", b"TJ", b"'", b'"', b"f", b"F", b"f*", b"S", b"s", b"B", b"B*", b"b", b"b*",
         b"sh", b"Do"}
fails = []


def fail(msg):
    if len(fails) < 30:
        print("FAIL:", msg)
    fails.append(msg)


def cmap(font):
    """CID (2 bytes) -> text, from the font's ToUnicode."""
    m = {}
    tu = font.get("/ToUnicode")
    if tu is None:
        return m
    data = tu.read_bytes().decode("latin-1")
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            m[int(src, 16)] = bytes.fromhex(dst).decode("utf-16-be", "replace")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for a, b, d in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            base = bytes.fromhex(d).decode("utf-16-be", "replace")
            for k in range(int(a, 16), int(b, 16) + 1):
                m[k] = base[:-1] + chr(ord(base[-1]) + k - int(a, 16))
    return m


def decode(s, cm):
    b = bytes(s)
    return "".join(cm.get((b[i] << 8) | b[i + 1], "") for i in range(0, len(b) - 1, 2))


def main():
    args = sys.argv[1:]
    path = args[0]
    legend = None
    if "--legend" in args:
        legend = args[args.index("--legend") + 1]
    pdf = pikepdf.open(path)
    root = pdf.Root
    if not (root.get("/MarkInfo") and bool(root.MarkInfo.get("/Marked"))):
        fail("no /MarkInfo << /Marked true >>")
    if "/StructTreeRoot" not in root:
        fail("no /StructTreeRoot")
        return
    if not str(root.get("/Lang", "")):
        fail("no /Lang")
    if not bool(root.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False)):
        fail("no DisplayDocTitle")
    xmp = root.Metadata.read_bytes().decode("utf-8")
    if "<pdfuaid:part>1</pdfuaid:part>" not in xmp:
        fail("no pdfuaid:part 1 in the XMP")

    # the parent tree: key -> array (page) or element (annotation)
    ptree = {}
    nums = root.StructTreeRoot.ParentTree.get("/Nums")
    for i in range(0, len(nums), 2):
        ptree[int(nums[i])] = nums[i + 1]

    # content: the text of each (page, MCID), and the checks of the operators
    text = {}
    fonts_cm = {}
    for pno, page in enumerate(pdf.pages):
        fonts = page.Resources.get("/Font", {})
        stack = []  # ('m', mcid) or ('a',) or ('o',) for other marked content
        cur_cm = {}
        sp = page.obj.get("/StructParents")
        for operands, op in pikepdf.parse_content_stream(page):
            op = str(op).encode()
            if op == b"BDC":
                tag, props = operands
                if str(tag) == "/Artifact":
                    stack.append(("a",))
                elif isinstance(props, pikepdf.Dictionary) and "/MCID" in props:
                    mcid = int(props.MCID)
                    stack.append(("m", mcid))
                    if sp is None:
                        fail(f"page {pno + 1}: MCID {mcid} on a page without /StructParents")
                    else:
                        arr = ptree.get(int(sp))
                        if arr is None or mcid >= len(arr):
                            fail(f"page {pno + 1}: MCID {mcid} not in the parent tree")
                    text.setdefault((pno, mcid), "")
                else:
                    stack.append(("o",))
            elif op == b"BMC":
                stack.append(("a",) if str(operands[0]) == "/Artifact" else ("o",))
            elif op == b"EMC":
                if not stack:
                    fail(f"page {pno + 1}: EMC without BDC")
                else:
                    stack.pop()
            elif op == b"Tf":
                name = str(operands[0])
                if name not in fonts_cm:
                    fonts_cm[name] = cmap(fonts[name]) if name in fonts else {}
                cur_cm = fonts_cm[name]
            elif op in PAINT:
                if not any(k[0] in "ma" for k in stack):
                    fail(f"page {pno + 1}: {op.decode()} outside tagged content and artifacts")
                    continue
                mc = next((k for k in reversed(stack) if k[0] in "ma"), None)
                if mc[0] == "m" and op in (b"Tj", b"TJ", b"'", b'"'):
                    s = ""
                    items = operands[0] if op == b"TJ" else [operands[-1]]
                    for it in items:
                        if not isinstance(it, (int, float, decimal.Decimal)):
                            s += decode(it, cur_cm)
                    text[(pno, mc[1])] += s
        if stack:
            fail(f"page {pno + 1}: marked content left open")

    page_no = {p.objgen: i for i, p in enumerate(pdf.pages)}

    # the structure tree in reading order
    elems = []  # (type, depth, element, text)

    def walk(e, depth, parent_type):
        t = str(e.get("/S", ""))
        pg = e.get("/Pg")
        kids = e.get("/K")
        if kids is None:
            kids = []
        elif not isinstance(kids, pikepdf.Array):
            kids = [kids]
        rec = [t, depth, e, "", parent_type, ""]
        elems.append(rec)
        full = ""
        for k in kids:
            if isinstance(k, int):
                own = text.get((page_no.get(pg.objgen if pg is not None else None, -1), int(k)), "")
                full += own
                rec[5] += own
            elif isinstance(k, pikepdf.Dictionary) and str(k.get("/Type", "")) == "/MCR":
                own = text.get((page_no.get(k.Pg.objgen, -1), int(k.MCID)), "")
                full += own
                rec[5] += own
            elif isinstance(k, pikepdf.Dictionary) and str(k.get("/Type", "")) == "/OBJR":
                pass
            elif isinstance(k, pikepdf.Dictionary):
                full += walk(k, depth + 1, t)
        rec[3] = full
        return full

    k = root.StructTreeRoot.get("/K")
    for e in (k if isinstance(k, pikepdf.Array) else [k]):
        walk(e, 0, "")

    # headings
    last = 0
    heads = []
    for t, depth, e, txt, _, _ in elems:
        m = re.fullmatch(r"/H([1-6])", t)
        if m:
            lv = int(m.group(1))
            if lv > last + 1:
                fail(f"heading level skipped: H{lv} after H{last}: {txt[:30]}")
            last = lv
            heads.append(str(e.get("/T", "")) or txt)
    outline = []

    def owalk(o, level):
        while o is not None:
            outline.append((level, str(o.Title)))
            if "/First" in o:
                owalk(o.First, level + 1)
            o = o.get("/Next")

    if "/Outlines" in root and "/First" in root.Outlines:
        owalk(root.Outlines.First, 1)
    j = 0
    for h in heads:
        while j < len(outline) and outline[j][1] != h:
            if outline[j][0] > 1:
                fail(f"bookmark {outline[j][1]!r} has no heading in order")
            j += 1
        if j == len(outline):
            fail(f"heading {h!r} is not a bookmark, or out of the bookmarks' order")
            break
        j += 1
    for lv, title in outline[j:]:
        if lv > 1:
            fail(f"bookmark {title!r} has no heading in order")

    # tables, lists, cells
    legend_map = {}
    if legend:
        for sym, meaning in re.findall(r"(\S)[：:](\S+)", legend):
            legend_map[sym] = meaning
    n_tables = n_lists = n_marks = 0
    for t, depth, e, txt, parent, _ in elems:
        kids = [k for k in (e.get("/K") if isinstance(e.get("/K"), pikepdf.Array) else [e.get("/K")])
                if isinstance(k, pikepdf.Dictionary) and "/S" in k]
        kt = [str(k.S) for k in kids]
        if t == "/Table":
            n_tables += 1
            if not kt or any(x not in ("/THead", "/TBody", "/TR") for x in kt):
                fail(f"Table with kids {kt}")
            cells = 0
            for g in kids:
                rows = [g] if str(g.S) == "/TR" else [r for r in (g.K if isinstance(g.K, pikepdf.Array) else [g.K])]
                for r in rows:
                    rk = r.K if isinstance(r.get("/K"), pikepdf.Array) else [r.get("/K")]
                    for c in rk:
                        if not isinstance(c, pikepdf.Dictionary) or str(c.get("/S")) not in ("/TH", "/TD"):
                            fail("TR with a kid other than TH/TD")
                            continue
                        cells += 1
            if cells == 0:
                fail("Table without cells")
        if t == "/TH":
            a = e.get("/A")
            if a is None or "/Scope" not in a:
                fail(f"TH without /Scope: {txt[:30]}")
        if t in ("/TH", "/TD") and parent != "/TR":
            fail(f"{t} outside a TR")
        if t == "/L":
            n_lists += 1
            if not kt or any(x != "/LI" for x in kt):
                fail(f"L with kids {kt}")
        if t == "/LI":
            if kt != ["/Lbl", "/LBody"]:
                fail(f"LI with kids {kt}: {txt[:30]}")
        if t in ("/TD", "/TH") and legend_map:
            ex = e.get("/E")
            mark = txt.strip()
            if mark in legend_map:
                n_marks += 1
                if ex is None or str(ex) != legend_map[mark]:
                    fail(f"mark cell {mark!r} without its meaning (E={ex})")
            elif ex is not None:
                fail(f"/E {str(ex)!r} on a cell that is no mark: {mark[:20]!r}")

    # links
    n_links = 0
    for pno, page in enumerate(pdf.pages):
        for a in page.obj.get("/Annots", []):
            if str(a.get("/Subtype")) != "/Link":
                continue
            n_links += 1
            if not str(a.get("/Contents", "")):
                fail(f"page {pno + 1}: link without /Contents")
            sp = a.get("/StructParent")
            el = ptree.get(int(sp)) if sp is not None else None
            if el is None or str(el.get("/S")) != "/Link":
                fail(f"page {pno + 1}: link annotation not held by a Link element")
                continue
            ks = el.K if isinstance(el.K, pikepdf.Array) else [el.K]
            if not any(isinstance(k, pikepdf.Dictionary) and str(k.get("/Type", "")) == "/OBJR"
                       and k.Obj.objgen == a.objgen for k in ks):
                fail(f"page {pno + 1}: the Link element has no OBJR of its annotation")
        if page.obj.get("/Annots") and str(page.obj.get("/Tabs", "")) != "/S":
            fail(f"page {pno + 1}: annotations without /Tabs /S")

    if "--struct-text" in args:
        for rec in elems:
            if rec[5]:
                print(rec[5])
    print(f"# {path}: {len(elems)} elements, {len(heads)} headings, {n_tables} tables, "
          f"{n_lists} lists, {n_links} links, {n_marks} mark cells", file=sys.stderr)
    if fails:
        print(f"{len(fails)} flaws", file=sys.stderr)


main()
sys.exit(1 if fails else 0)
