/* docx_package.c — not written yet */
