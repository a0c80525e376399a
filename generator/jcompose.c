/* jcompose.c — not written yet */
