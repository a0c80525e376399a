/* docx_document.c — not written yet */
