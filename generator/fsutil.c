/* fsutil.c — not written yet */
