/*
 * pg-child: child processes with chosen command names (comm) for the process-group tests and benchmark.
 *
 *   pg-child sleep NAME [MB]                  set comm to NAME, touch MB MiB of memory, sleep until killed
 *   pg-child spin NAME                        set comm to NAME, burn CPU until killed
 *   pg-child burst COUNT MS NAME [PARALLEL]   fork COUNT children (PARALLEL at a time, default 4), each sets comm to
 *                                             NAME, burns MS ms of CPU (its own getrusage) and exits; waits for them
 *                                             and prints "children N cpu_ns X" (X: their user+system time from wait4)
 *   pg-child threads NAME                     set comm to NAME and start named threads: "pg-spin" (burns CPU),
 *                                             two "pg-nap" (sleep in nanosleep), one "pg-wait" (waits on a condition)
 *   pg-child sleepers COUNT NAME              fork COUNT children that set comm to NAME and sleep; prints "ready N"
 *                                             once all exist; on SIGTERM or end of stdin, kills them and exits
 *
 * Each mode prints "ready PID" (sleep, spin) once its comm is set.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

static void set_name(const char *name) {
    if (prctl(PR_SET_NAME, name, 0, 0, 0) != 0) {
        perror("prctl(PR_SET_NAME)");
        exit(2);
    }
}

static long long cpu_ns(const struct rusage *r) {
    return (long long)(r->ru_utime.tv_sec + r->ru_stime.tv_sec) * 1000000000LL
         + (long long)(r->ru_utime.tv_usec + r->ru_stime.tv_usec) * 1000LL;
}

static void burn(long long ns) {
    struct rusage r;
    volatile unsigned long sink = 0;
    do {
        for (int i = 0; i < 20000; i++) {
            sink += (unsigned long)i * 2654435761u;
        }
        getrusage(RUSAGE_SELF, &r);
    } while (cpu_ns(&r) < ns);
}

static void ready(void) {
    printf("ready %d\n", (int)getpid());
    fflush(stdout);
}

static int mode_sleep(const char *name, long mb) {
    set_name(name);
    if (mb > 0) {
        size_t bytes = (size_t)mb * 1024 * 1024;
        char *block = malloc(bytes);
        if (block == NULL) {
            perror("malloc");
            return 2;
        }
        for (size_t i = 0; i < bytes; i += 4096) {
            block[i] = (char)i;
        }
    }
    ready();
    for (;;) {
        pause();
    }
    return 0;
}

static int mode_spin(const char *name) {
    set_name(name);
    ready();
    volatile unsigned long sink = 0;
    for (;;) {
        sink++;
    }
    return 0;
}

static int mode_burst(int count, long ms, const char *name, int parallel) {
    long long total = 0;
    int started = 0, running = 0, done = 0;
    while (done < count) {
        while (running < parallel && started < count) {
            pid_t pid = fork();
            if (pid < 0) {
                perror("fork");
                return 2;
            }
            if (pid == 0) {
                set_name(name);
                burn(ms * 1000000LL);
                _exit(0);
            }
            started++;
            running++;
        }
        struct rusage usage;
        int status;
        pid_t pid = wait4(-1, &status, 0, &usage);
        if (pid < 0) {
            perror("wait4");
            return 2;
        }
        total += cpu_ns(&usage);
        done++;
        running--;
    }
    printf("children %d cpu_ns %lld\n", done, total);
    return 0;
}

static void *spin_thread(void *argument) {
    (void)argument;
    pthread_setname_np(pthread_self(), "pg-spin");
    volatile unsigned long sink = 0;
    for (;;) {
        sink++;
    }
    return NULL;
}

static void *nap_thread(void *argument) {
    (void)argument;
    pthread_setname_np(pthread_self(), "pg-nap");
    for (;;) {
        struct timespec nap = {0, 50 * 1000 * 1000};
        nanosleep(&nap, NULL);
    }
    return NULL;
}

static pthread_mutex_t wait_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wait_condition = PTHREAD_COND_INITIALIZER;

static void *wait_thread(void *argument) {
    (void)argument;
    pthread_setname_np(pthread_self(), "pg-wait");
    pthread_mutex_lock(&wait_lock);
    for (;;) {
        pthread_cond_wait(&wait_condition, &wait_lock);
    }
    return NULL;
}

static int mode_threads(const char *name) {
    set_name(name);
    pthread_t threads[4];
    void *(*bodies[4])(void *) = {spin_thread, nap_thread, nap_thread, wait_thread};
    for (int i = 0; i < 4; i++) {
        if (pthread_create(&threads[i], NULL, bodies[i], NULL) != 0) {
            fprintf(stderr, "pthread_create failed\n");
            return 2;
        }
    }
    struct timespec settle = {0, 100 * 1000 * 1000};
    nanosleep(&settle, NULL);
    ready();
    for (;;) {
        pause();
    }
    return 0;
}

static volatile sig_atomic_t stop;

static void on_term(int signal) {
    (void)signal;
    stop = 1;
}

static int mode_sleepers(int count, const char *name) {
    pid_t *children = calloc((size_t)count, sizeof(pid_t));
    if (children == NULL) {
        return 2;
    }
    int made = 0;
    for (; made < count; made++) {
        pid_t pid = fork();
        if (pid < 0) {
            perror("fork");
            break;
        }
        if (pid == 0) {
            set_name(name);
            prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
            for (;;) {
                pause();
            }
        }
        children[made] = pid;
    }
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_term;
    sigaction(SIGTERM, &action, NULL);
    printf("ready %d\n", made);
    fflush(stdout);
    char buffer[64];
    while (!stop && read(0, buffer, sizeof buffer) > 0) {
    }
    for (int i = 0; i < made; i++) {
        kill(children[i], SIGKILL);
    }
    for (int i = 0; i < made; i++) {
        waitpid(children[i], NULL, 0);
    }
    free(children);
    return made == count ? 0 : 2;
}

int main(int argc, char **argv) {
    if (argc >= 3 && strcmp(argv[1], "sleep") == 0) {
        return mode_sleep(argv[2], argc >= 4 ? atol(argv[3]) : 0);
    }
    if (argc >= 3 && strcmp(argv[1], "spin") == 0) {
        return mode_spin(argv[2]);
    }
    if (argc >= 3 && strcmp(argv[1], "threads") == 0) {
        return mode_threads(argv[2]);
    }
    if (argc >= 5 && strcmp(argv[1], "burst") == 0) {
        return mode_burst(atoi(argv[2]), atol(argv[3]), argv[4], argc >= 6 ? atoi(argv[5]) : 4);
    }
    if (argc >= 4 && strcmp(argv[1], "sleepers") == 0) {
        return mode_sleepers(atoi(argv[2]), argv[3]);
    }
    fprintf(stderr, "usage: pg-child sleep NAME [MB] | spin NAME | threads NAME | burst COUNT MS NAME [PARALLEL] | sleepers COUNT NAME\n");
    return 2;
}
