/* timeproc.c — times one command as a whole process for the benchmark:
 *
 *   timeproc OUT CMD [ARG...]
 *
 * runs CMD, waits for it and writes to OUT one line "wall user sys maxrss":
 * wall-clock seconds (monotonic clock), user and system CPU seconds of the
 * process and of every descendant it waited for, and the largest resident
 * set of any one of them in KiB (what wait4 reports; GNU time reports the
 * same, but in hundredths of a second, too coarse for a 50 ms build).
 * Exits with CMD's status (128 + signal if it was killed). */
#define _GNU_SOURCE 1
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double S_tv(struct timeval tv) { return (double)tv.tv_sec + tv.tv_usec / 1e6; }

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: timeproc OUT CMD [ARG...]\n");
        return 2;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid < 0) {
        perror("timeproc: fork");
        return 2;
    }
    if (pid == 0) {
        execvp(argv[2], argv + 2);
        fprintf(stderr, "timeproc: %s: %s\n", argv[2], strerror(errno));
        _exit(127);
    }
    int status = 0;
    struct rusage ru;
    while (wait4(pid, &status, 0, &ru) < 0) {
        if (errno != EINTR) {
            perror("timeproc: wait4");
            return 2;
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double wall = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
    FILE *f = fopen(argv[1], "w");
    if (!f) {
        perror(argv[1]);
        return 2;
    }
    fprintf(f, "%.4f %.4f %.4f %ld\n", wall, S_tv(ru.ru_utime), S_tv(ru.ru_stime), ru.ru_maxrss);
    if (fclose(f) != 0) {
        perror(argv[1]);
        return 2;
    }
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return WEXITSTATUS(status);
}
