/* typeset.c — not written yet */
