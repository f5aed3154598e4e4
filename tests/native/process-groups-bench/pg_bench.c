/*
 * The C reference of the process-groups benchmark: what a careful C program does to refresh every process of a
 * procfs root, reading the same files the C# tracker reads, the same way.
 *
 *   pgb_open(root)   opens the root (kept open; listed with getdents64 and rewound at each refresh)
 *   pgb_refresh()    lists the pids; for a new pid opens stat, status, io (O_RDONLY) and fd (O_PATH) and keeps them;
 *                    preads and parses each (stat: state, faults, times, threads, start, vsize; status: VmRSS, VmSize,
 *                    VmSwap, context switches; io: read_bytes, write_bytes), statx()s the fd directory for its size,
 *                    and every 12th refresh opens, reads and closes limits; closes the files of pids that ended or
 *                    whose start time changed. Returns the number of processes read, or -errno.
 *   pgb_sum()        a checksum of what was parsed (so nothing is optimised away)
 *   pgb_close()      closes everything
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define LIMITS_INTERVAL 12

struct proc {
    int pid;
    int stat, status, io, fd;
    unsigned long long start;
    int limits_countdown;
    long seen;
    struct proc *next;
};

#define BUCKETS 65536
static struct proc *table[BUCKETS];
static int root_fd = -1;
static char root_path[4096];
static long generation;
static unsigned long long checksum;
static char buffer[8192];
static char listing[32768];

static struct proc *find(int pid) {
    for (struct proc *p = table[pid & (BUCKETS - 1)]; p != NULL; p = p->next) {
        if (p->pid == pid) {
            return p;
        }
    }
    return NULL;
}

static void drop(struct proc *victim) {
    struct proc **link = &table[victim->pid & (BUCKETS - 1)];
    while (*link != victim) {
        link = &(*link)->next;
    }
    *link = victim->next;
    close(victim->stat);
    if (victim->status >= 0) close(victim->status);
    if (victim->io >= 0) close(victim->io);
    if (victim->fd >= 0) close(victim->fd);
    free(victim);
}

static int open_in(int pid, const char *file, int flags) {
    char path[4200];
    snprintf(path, sizeof path, "%s/%d/%s", root_path, pid, file);
    return open(path, flags | O_CLOEXEC);
}

/* pread at offset 0; returns the length, or -1 (errno set). */
static ssize_t read_file(int fd) {
    ssize_t n;
    do {
        n = pread(fd, buffer, sizeof buffer - 1, 0);
    } while (n < 0 && errno == EINTR);
    if (n >= 0) {
        buffer[n] = '\0';
    }
    return n;
}

static unsigned long long field_after(const char *text, const char *key) {
    const char *at = strstr(text, key);
    return at == NULL ? 0 : strtoull(at + strlen(key), NULL, 10);
}

/* Returns 1 when read, 0 when the process ended (or the pid names another process now). */
static int read_proc(struct proc *p) {
    ssize_t n = read_file(p->stat);
    if (n <= 0) {
        return 0;
    }
    char *close_paren = strrchr(buffer, ')');
    if (close_paren == NULL) {
        return 0;
    }
    char *cursor = close_paren + 2;
    char state = *cursor;
    cursor += 2;
    unsigned long long fields[22] = {0};
    for (int i = 4; i <= 23; i++) {
        fields[i - 2] = strtoull(cursor, &cursor, 10);
    }
    /* fields[k] holds stat field k+2: 10 minflt, 12 majflt, 14 utime, 15 stime, 20 num_threads, 22 starttime, 23 vsize */
    unsigned long long start = fields[20];
    if (p->start == 0) {
        p->start = start;
    } else if (p->start != start) {
        return 0;
    }
    checksum += (unsigned long long)state + fields[8] + fields[10] + fields[12] + fields[13] + fields[18] + fields[21];

    if (p->status >= 0 && read_file(p->status) > 0) {
        checksum += field_after(buffer, "VmRSS:") + field_after(buffer, "VmSize:") + field_after(buffer, "VmSwap:")
            + field_after(buffer, "voluntary_ctxt_switches:") + field_after(buffer, "nonvoluntary_ctxt_switches:");
    }
    if (p->io >= 0 && read_file(p->io) > 0) {
        checksum += field_after(buffer, "read_bytes:") + field_after(buffer, "write_bytes:");
    }
    if (p->fd >= 0) {
        struct statx sx;
        if (statx(p->fd, "", AT_EMPTY_PATH, STATX_SIZE, &sx) == 0) {
            checksum += sx.stx_size;
        }
    }
    if (--p->limits_countdown <= 0) {
        p->limits_countdown = LIMITS_INTERVAL;
        int limits = open_in(p->pid, "limits", O_RDONLY);
        if (limits >= 0) {
            if (read_file(limits) > 0) {
                checksum += field_after(buffer, "Max open files");
            }
            close(limits);
        }
    }
    return 1;
}

int pgb_open(const char *root) {
    snprintf(root_path, sizeof root_path, "%s", root);
    root_fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    return root_fd < 0 ? -errno : 0;
}

int pgb_refresh(void) {
    generation++;
    int read = 0;
    if (lseek(root_fd, 0, SEEK_SET) < 0) {
        return -errno;
    }
    for (;;) {
        long n = syscall(SYS_getdents64, root_fd, listing, sizeof listing);
        if (n < 0) {
            return -errno;
        }
        if (n == 0) {
            break;
        }
        for (long offset = 0; offset < n;) {
            struct dirent64 *entry = (struct dirent64 *)(listing + offset);
            offset += entry->d_reclen;
            const char *name = entry->d_name;
            if (name[0] < '1' || name[0] > '9') {
                continue;
            }
            int pid = atoi(name);
            struct proc *p = find(pid);
            if (p == NULL) {
                int stat = open_in(pid, "stat", O_RDONLY);
                if (stat < 0) {
                    continue;
                }
                p = calloc(1, sizeof *p);
                p->pid = pid;
                p->stat = stat;
                p->status = open_in(pid, "status", O_RDONLY);
                p->io = open_in(pid, "io", O_RDONLY);
                p->fd = open_in(pid, "fd", O_PATH);
                p->next = table[pid & (BUCKETS - 1)];
                table[pid & (BUCKETS - 1)] = p;
            }
            if (read_proc(p)) {
                p->seen = generation;
                read++;
            } else {
                drop(p);
            }
        }
    }
    for (int bucket = 0; bucket < BUCKETS; bucket++) {
        for (struct proc *p = table[bucket]; p != NULL;) {
            struct proc *next = p->next;
            if (p->seen != generation) {
                drop(p);
            }
            p = next;
        }
    }
    return read;
}

unsigned long long pgb_sum(void) {
    return checksum;
}

void pgb_close(void) {
    for (int bucket = 0; bucket < BUCKETS; bucket++) {
        while (table[bucket] != NULL) {
            drop(table[bucket]);
        }
    }
    if (root_fd >= 0) {
        close(root_fd);
        root_fd = -1;
    }
}
