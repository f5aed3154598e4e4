/*
 * One refresh of the own process made from C, for comparison with KstatOtel's refresh in one BenchmarkDotNet run.
 * It makes the same system calls, on descriptors opened once, and does no parsing:
 *   full (taskstats + procfs): sendto + recv of a taskstats TGID query (family id looked up once, reply checked and
 *     walked to the STATS payload), pread of /proc/self/stat and /proc/self/io, statx of /proc/self/fd (its size is
 *     the descriptor count), getrusage(RUSAGE_SELF) (the context switches), clock_gettime(CLOCK_BOOTTIME);
 *   procfs alone: the two preads, the statx, getrusage(RUSAGE_SELF), clock_gettime(CLOCK_BOOTTIME).
 * Every function returns 0, or a negative errno.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define TS_CMD_GET 1
#define TS_CMD_ATTR_TGID 2
#define TS_TYPE_STATS 3
#define TS_TYPE_AGGR_TGID 5

static int sock = -1, stat_fd = -1, io_fd = -1, fd_dir = -1;
static uint32_t port, seq;
static uint16_t family;
static pid_t self;
static unsigned char rx[16384];
static unsigned char stats[1024];
static char text[4096];

static int exchange(const void *req, size_t len)
{
    struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
    if (sendto(sock, req, len, 0, (struct sockaddr *)&kernel, sizeof kernel) < 0)
        return -errno;
    ssize_t got = recv(sock, rx, sizeof rx, MSG_TRUNC);
    if (got < 0)
        return -errno;
    if ((size_t)got > sizeof rx || got < (ssize_t)NLMSG_HDRLEN)
        return -EPROTO;
    struct nlmsghdr *h = (struct nlmsghdr *)rx;
    if (h->nlmsg_len > (uint32_t)got || h->nlmsg_seq != seq || h->nlmsg_pid != port)
        return -EPROTO;
    if (h->nlmsg_type == NLMSG_ERROR)
        return *(int *)NLMSG_DATA(h);
    return 0;
}

static int resolve_family(void)
{
    struct {
        struct nlmsghdr n;
        struct genlmsghdr g;
        struct nlattr a;
        char name[12];
    } req = {0};
    req.n.nlmsg_len = sizeof req;
    req.n.nlmsg_type = GENL_ID_CTRL;
    req.n.nlmsg_flags = NLM_F_REQUEST;
    req.n.nlmsg_seq = ++seq;
    req.n.nlmsg_pid = port;
    req.g.cmd = CTRL_CMD_GETFAMILY;
    req.g.version = 1;
    req.a.nla_type = CTRL_ATTR_FAMILY_NAME;
    req.a.nla_len = NLA_HDRLEN + 10;
    memcpy(req.name, "TASKSTATS", 10);
    int rc = exchange(&req, sizeof req);
    if (rc != 0)
        return rc;
    struct nlmsghdr *h = (struct nlmsghdr *)rx;
    unsigned char *p = rx + NLMSG_HDRLEN + GENL_HDRLEN, *end = rx + h->nlmsg_len;
    while (p + NLA_HDRLEN <= end) {
        struct nlattr *a = (struct nlattr *)p;
        if (a->nla_len < NLA_HDRLEN || p + a->nla_len > end)
            return -EPROTO;
        if (a->nla_type == CTRL_ATTR_FAMILY_ID) {
            family = *(uint16_t *)(p + NLA_HDRLEN);
            return 0;
        }
        p += NLA_ALIGN(a->nla_len);
    }
    return -ENOENT;
}

static int query_self(void)
{
    struct {
        struct nlmsghdr n;
        struct genlmsghdr g;
        struct nlattr a;
        uint32_t id;
    } req = {0};
    req.n.nlmsg_len = sizeof req;
    req.n.nlmsg_type = family;
    req.n.nlmsg_flags = NLM_F_REQUEST;
    req.n.nlmsg_seq = ++seq;
    req.n.nlmsg_pid = port;
    req.g.cmd = TS_CMD_GET;
    req.g.version = 1;
    req.a.nla_type = TS_CMD_ATTR_TGID;
    req.a.nla_len = NLA_HDRLEN + 4;
    req.id = (uint32_t)self;
    int rc = exchange(&req, sizeof req);
    if (rc != 0)
        return rc;
    struct nlmsghdr *h = (struct nlmsghdr *)rx;
    if (h->nlmsg_type != family)
        return -EPROTO;
    unsigned char *p = rx + NLMSG_HDRLEN + GENL_HDRLEN, *end = rx + h->nlmsg_len;
    while (p + NLA_HDRLEN <= end) {
        struct nlattr *a = (struct nlattr *)p;
        if (a->nla_len < NLA_HDRLEN || p + a->nla_len > end)
            return -EPROTO;
        if (a->nla_type == TS_TYPE_AGGR_TGID) {
            end = p + a->nla_len;
            p += NLA_HDRLEN;
            continue;
        }
        if (a->nla_type == TS_TYPE_STATS) {
            size_t n = a->nla_len - NLA_HDRLEN;
            memcpy(stats, p + NLA_HDRLEN, n < sizeof stats ? n : sizeof stats);
            return 0;
        }
        p += NLA_ALIGN(a->nla_len);
    }
    return -EPROTO;
}

static int read_procfs(void)
{
    if (pread(stat_fd, text, sizeof text, 0) <= 0)
        return -errno;
    if (pread(io_fd, text, sizeof text, 0) <= 0)
        return -errno;
    struct statx sx;
    if (statx(fd_dir, "", AT_EMPTY_PATH, STATX_SIZE, &sx) != 0)
        return -errno;
    return 0;
}

static int boot_time(void)
{
    struct timespec ts;
    return clock_gettime(CLOCK_BOOTTIME, &ts) == 0 ? 0 : -errno;
}

int ib_open(void)
{
    char path[64];
    self = getpid();
    snprintf(path, sizeof path, "/proc/%d/stat", self);
    stat_fd = open(path, O_RDONLY | O_CLOEXEC);
    snprintf(path, sizeof path, "/proc/%d/io", self);
    io_fd = open(path, O_RDONLY | O_CLOEXEC);
    snprintf(path, sizeof path, "/proc/%d/fd", self);
    fd_dir = open(path, O_PATH | O_CLOEXEC);
    if (stat_fd < 0 || io_fd < 0 || fd_dir < 0)
        return -errno;
    sock = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
    if (sock < 0)
        return -errno;
    struct sockaddr_nl addr = {.nl_family = AF_NETLINK};
    socklen_t alen = sizeof addr;
    if (bind(sock, (struct sockaddr *)&addr, sizeof addr) < 0 || getsockname(sock, (struct sockaddr *)&addr, &alen) < 0)
        return -errno;
    port = addr.nl_pid;
    return resolve_family();
}

int ib_refresh_procfs(void)
{
    int rc = read_procfs();
    if (rc != 0)
        return rc;
    struct rusage usage;
    if (getrusage(RUSAGE_SELF, &usage) != 0)
        return -errno;
    return boot_time();
}

int ib_refresh_full(void)
{
    int rc = query_self();
    return rc != 0 ? rc : ib_refresh_procfs();
}

void ib_close(void)
{
    int *fds[] = {&sock, &stat_fd, &io_fd, &fd_dir};
    for (size_t i = 0; i < sizeof fds / sizeof fds[0]; i++) {
        if (*fds[i] >= 0)
            close(*fds[i]);
        *fds[i] = -1;
    }
}
