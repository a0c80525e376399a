/* checks.c — not written yet */
