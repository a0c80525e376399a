#!/usr/bin/python3
"""house_template.py OUT.docx — a house template as a secretariat makes one
with python-docx, carrying the traps of issue 16: python-docx's document
defaults (East Asian language en-US, theme fonts, 10 pt after every
paragraph), a Normal that snaps to the document grid (Word's default), and a
Heading 1 of its own (a blue 14 pt built-in heading at level 1).  Its Normal
is set in the packet's size and spacing, so a packet built with it must keep
its pages."""
import sys

from docx import Document
from docx.shared import Pt, RGBColor

doc = Document()
normal = doc.styles["Normal"]
normal.font.size = Pt(10.5)
normal.paragraph_format.space_before = Pt(0)
normal.paragraph_format.space_after = Pt(0)
normal.paragraph_format.line_spacing = 1.2
h1 = doc.styles["Heading 1"]
h1.font.size = Pt(14)
h1.font.color.rgb = RGBColor(0x1F, 0x4E, 0x79)
doc.add_paragraph("house", style="Normal")
doc.save(sys.argv[1])
