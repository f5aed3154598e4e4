/*
 * ts-child: a child process with a known, checkable behaviour, for the taskstats tests.
 *
 *   ts-child write FILE BYTES        write BYTES to FILE (64 KiB writes), fsync, print "ready", wait for stdin EOF
 *   ts-child direct-read FILE BYTES  create FILE with BYTES (fsync), read it back with O_DIRECT in 4 KiB reads,
 *                                    print "ready", wait for stdin EOF
 *   ts-child burn-exit MS CODE       burn MS ms of CPU, print "cpu_ns N" (CLOCK_PROCESS_CPUTIME_ID), exit(CODE)
 *   ts-child threads-exit N MS CODE  run N extra threads that burn MS ms each, join them, exit(CODE)
 *   ts-child wait                    print "ready", wait for stdin EOF (a sleeping process)
 *
 * Every mode runs single-threaded except threads-exit. "ready" lines go to stdout, unbuffered.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void die(const char *what)
{
    fprintf(stderr, "ts-child: %s: %s\n", what, strerror(errno));
    exit(100);
}

static void ready_and_wait(void)
{
    char buf[64];
    printf("ready %d\n", getpid());
    fflush(stdout);
    while (read(STDIN_FILENO, buf, sizeof buf) > 0) {
    }
}

static long long cpu_ns(clockid_t clock)
{
    struct timespec ts;
    if (clock_gettime(clock, &ts) != 0)
        die("clock_gettime");
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void burn(clockid_t clock, long ms)
{
    long long end = cpu_ns(clock) + ms * 1000000LL;
    volatile unsigned long x = 0;
    while (cpu_ns(clock) < end) {
        for (int i = 0; i < 10000; i++)
            x += (unsigned long)i * 2654435761u;
    }
}

static void write_file(const char *path, long long bytes)
{
    static char block[65536];
    memset(block, 'k', sizeof block);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        die("open for write");
    for (long long done = 0; done < bytes;) {
        size_t n = bytes - done < (long long)sizeof block ? (size_t)(bytes - done) : sizeof block;
        ssize_t w = write(fd, block, n);
        if (w < 0)
            die("write");
        done += w;
    }
    if (fsync(fd) != 0)
        die("fsync");
    close(fd);
}

static void direct_read(const char *path, long long bytes)
{
    write_file(path, bytes);
    int fd = open(path, O_RDONLY | O_DIRECT | O_CLOEXEC);
    if (fd < 0)
        die("open O_DIRECT");
    void *buf;
    if (posix_memalign(&buf, 4096, 4096) != 0)
        die("posix_memalign");
    for (;;) {
        ssize_t r = read(fd, buf, 4096);
        if (r < 0)
            die("read O_DIRECT");
        if (r == 0)
            break;
    }
    close(fd);
    free(buf);
}

static long thread_ms;

static void *thread_main(void *arg)
{
    (void)arg;
    burn(CLOCK_THREAD_CPUTIME_ID, thread_ms);
    return NULL;
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc == 4 && strcmp(argv[1], "write") == 0) {
        write_file(argv[2], atoll(argv[3]));
        ready_and_wait();
        return 0;
    }
    if (argc == 4 && strcmp(argv[1], "direct-read") == 0) {
        direct_read(argv[2], atoll(argv[3]));
        ready_and_wait();
        return 0;
    }
    if (argc == 4 && strcmp(argv[1], "burn-exit") == 0) {
        burn(CLOCK_PROCESS_CPUTIME_ID, atol(argv[2]));
        printf("cpu_ns %lld\n", cpu_ns(CLOCK_PROCESS_CPUTIME_ID));
        return atoi(argv[3]);
    }
    if (argc == 5 && strcmp(argv[1], "threads-exit") == 0) {
        int n = atoi(argv[2]);
        thread_ms = atol(argv[3]);
        pthread_t threads[64];
        if (n < 1 || n > 64)
            return 101;
        for (int i = 0; i < n; i++)
            if (pthread_create(&threads[i], NULL, thread_main, NULL) != 0)
                return 102;
        for (int i = 0; i < n; i++)
            pthread_join(threads[i], NULL);
        printf("cpu_ns %lld\n", cpu_ns(CLOCK_PROCESS_CPUTIME_ID));
        return atoi(argv[4]);
    }
    if (argc == 2 && strcmp(argv[1], "wait") == 0) {
        ready_and_wait();
        return 0;
    }
    fprintf(stderr, "usage: ts-child write FILE BYTES | direct-read FILE BYTES | burn-exit MS CODE | threads-exit N MS CODE | wait\n");
    return 2;
}
