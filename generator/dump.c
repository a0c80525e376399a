/* dump.c — not written yet */
