/* resources.c — not written yet */
