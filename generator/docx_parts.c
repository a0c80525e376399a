/* docx_parts.c — not written yet */
