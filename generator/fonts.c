/* fonts.c — not written yet */
