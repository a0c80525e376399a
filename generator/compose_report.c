/* compose_report.c — not written yet */
