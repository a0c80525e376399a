/* compose_matrix.c — not written yet */
