/* main.c — the auditdoc command line (not written yet). */
int main(void) { return 0; }
