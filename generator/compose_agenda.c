/* compose_agenda.c — not written yet */
