/* compose_dept.c — not written yet */
