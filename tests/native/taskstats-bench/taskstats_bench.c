/*
 * A taskstats query from C, for comparison with KstatOtel.Taskstats in one BenchmarkDotNet run.
 * It does the work the managed client does per query, no less: build the request (patch id and sequence),
 * sendto the kernel, recv the reply, check its length, type, sequence and port, walk the attributes to the
 * STATS payload and copy it out. The family id is looked up once, in tsb_open.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define TS_CMD_GET 1
#define TS_CMD_ATTR_PID 1
#define TS_CMD_ATTR_TGID 2
#define TS_TYPE_STATS 3
#define TS_TYPE_AGGR_PID 4
#define TS_TYPE_AGGR_TGID 5

static int sock = -1;
static uint32_t port;
static uint32_t seq;
static uint16_t family;
static unsigned char rx[16384];
static unsigned char stats[1024];

struct request {
    struct nlmsghdr n;
    struct genlmsghdr g;
    struct nlattr a;
    uint32_t id;
};

static int exchange(const void *req, size_t len, ssize_t *got)
{
    struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
    if (sendto(sock, req, len, 0, (struct sockaddr *)&kernel, sizeof kernel) < 0)
        return -errno;
    *got = recv(sock, rx, sizeof rx, MSG_TRUNC);
    if (*got < 0)
        return -errno;
    if ((size_t)*got > sizeof rx || *got < (ssize_t)NLMSG_HDRLEN)
        return -EPROTO;
    struct nlmsghdr *h = (struct nlmsghdr *)rx;
    if (h->nlmsg_len > (uint32_t)*got || h->nlmsg_seq != seq || h->nlmsg_pid != port)
        return -EPROTO;
    if (h->nlmsg_type == NLMSG_ERROR)
        return *(int *)NLMSG_DATA(h);
    return 0;
}

int tsb_open(void)
{
    sock = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
    if (sock < 0)
        return -errno;
    struct sockaddr_nl addr = {.nl_family = AF_NETLINK};
    socklen_t alen = sizeof addr;
    if (bind(sock, (struct sockaddr *)&addr, sizeof addr) < 0 || getsockname(sock, (struct sockaddr *)&addr, &alen) < 0)
        return -errno;
    port = addr.nl_pid;

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
    ssize_t got;
    int rc = exchange(&req, sizeof req, &got);
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

/* Queries a thread group (tgid != 0) or a task; returns the struct version, or a negative errno. */
static int query(uint16_t attr, uint32_t id)
{
    struct request req = {0};
    req.n.nlmsg_len = sizeof req;
    req.n.nlmsg_type = family;
    req.n.nlmsg_flags = NLM_F_REQUEST;
    req.n.nlmsg_seq = ++seq;
    req.n.nlmsg_pid = port;
    req.g.cmd = TS_CMD_GET;
    req.g.version = 1;
    req.a.nla_type = attr;
    req.a.nla_len = NLA_HDRLEN + 4;
    req.id = id;
    ssize_t got;
    int rc = exchange(&req, sizeof req, &got);
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
        if (a->nla_type == TS_TYPE_AGGR_PID || a->nla_type == TS_TYPE_AGGR_TGID) {
            end = p + a->nla_len;
            p += NLA_HDRLEN;
            continue;
        }
        if (a->nla_type == TS_TYPE_STATS) {
            size_t n = a->nla_len - NLA_HDRLEN;
            memcpy(stats, p + NLA_HDRLEN, n < sizeof stats ? n : sizeof stats);
            return *(uint16_t *)stats;
        }
        p += NLA_ALIGN(a->nla_len);
    }
    return -EPROTO;
}

int tsb_query_tgid(int tgid) { return query(TS_CMD_ATTR_TGID, (uint32_t)tgid); }

int tsb_query_pid(int pid) { return query(TS_CMD_ATTR_PID, (uint32_t)pid); }

void tsb_close(void)
{
    if (sock >= 0)
        close(sock);
    sock = -1;
}
