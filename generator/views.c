/* views.c — not written yet */
