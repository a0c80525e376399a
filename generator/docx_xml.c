/* docx_xml.c — not written yet */
