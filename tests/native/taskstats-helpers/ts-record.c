/*
 * ts-record: records raw generic netlink datagrams from the running kernel as hex text, for the decoder
 * fixtures in tests/fixtures/taskstats/. Independent of the C# code under test on purpose.
 *
 *   ts-record family OUT                 the CTRL_CMD_GETFAMILY reply for "TASKSTATS"
 *   ts-record pid PID OUT                the TASKSTATS_CMD_GET reply for a task (PID)
 *   ts-record tgid TGID OUT              the TASKSTATS_CMD_GET reply for a thread group (TGID)
 *   ts-record cgroup DIR OUT             the CGROUPSTATS_CMD_GET reply for a cgroup v1 directory
 *   ts-record listen CPUMASK OUT CMD...  registers CPUMASK for exit records, runs CMD, and records the exit
 *                                        message that carries CMD's pid (plus a thread-group record if any)
 *
 * The output file holds '#' header lines (what, when, kernel, port id, sequence) then the datagram in hex,
 * 16 bytes a line. Error replies (NLMSG_ERROR) are recorded the same way.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define TS_CMD_GET 1
#define TS_CMD_ATTR_PID 1
#define TS_CMD_ATTR_TGID 2
#define TS_CMD_ATTR_REGISTER_CPUMASK 3
#define TS_CMD_ATTR_DEREGISTER_CPUMASK 4
#define TS_TYPE_AGGR_PID 4
#define TS_TYPE_PID 1
#define CG_CMD_GET 4
#define CG_CMD_ATTR_FD 1

static int sock;
static uint32_t port;
static uint32_t seq = 1;
static unsigned char rx[65536];

static void die(const char *what)
{
    fprintf(stderr, "ts-record: %s: %s\n", what, strerror(errno));
    exit(1);
}

static void open_socket(void)
{
    sock = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
    if (sock < 0)
        die("socket");
    struct sockaddr_nl addr = {.nl_family = AF_NETLINK};
    if (bind(sock, (struct sockaddr *)&addr, sizeof addr) != 0)
        die("bind");
    socklen_t len = sizeof addr;
    if (getsockname(sock, (struct sockaddr *)&addr, &len) != 0)
        die("getsockname");
    port = addr.nl_pid;
}

static size_t put_attr(unsigned char *buf, size_t off, uint16_t type, const void *data, uint16_t len)
{
    struct nlattr *a = (struct nlattr *)(buf + off);
    a->nla_len = NLA_HDRLEN + len;
    a->nla_type = type;
    memcpy(buf + off + NLA_HDRLEN, data, len);
    return off + NLA_ALIGN(a->nla_len);
}

static void send_request(uint16_t type, uint8_t cmd, uint16_t attr, const void *data, uint16_t len)
{
    unsigned char buf[512];
    memset(buf, 0, sizeof buf);
    struct nlmsghdr *h = (struct nlmsghdr *)buf;
    h->nlmsg_type = type;
    h->nlmsg_flags = NLM_F_REQUEST;
    h->nlmsg_seq = seq;
    h->nlmsg_pid = port;
    struct genlmsghdr *g = (struct genlmsghdr *)NLMSG_DATA(h);
    g->cmd = cmd;
    g->version = 1;
    size_t off = put_attr(buf, NLMSG_HDRLEN + GENL_HDRLEN, attr, data, len);
    h->nlmsg_len = off;
    struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
    if (sendto(sock, buf, off, 0, (struct sockaddr *)&kernel, sizeof kernel) < 0)
        die("sendto");
}

static ssize_t receive(void)
{
    ssize_t n = recv(sock, rx, sizeof rx, MSG_TRUNC);
    if (n < 0)
        die("recv");
    if ((size_t)n > sizeof rx) {
        fprintf(stderr, "ts-record: datagram of %zd bytes truncated\n", n);
        exit(1);
    }
    return n;
}

static uint16_t family_id(void)
{
    send_request(GENL_ID_CTRL, CTRL_CMD_GETFAMILY, CTRL_ATTR_FAMILY_NAME, "TASKSTATS", 10);
    ssize_t n = receive();
    struct nlmsghdr *h = (struct nlmsghdr *)rx;
    if (h->nlmsg_type == NLMSG_ERROR) {
        fprintf(stderr, "ts-record: no TASKSTATS family\n");
        exit(1);
    }
    unsigned char *p = rx + NLMSG_HDRLEN + GENL_HDRLEN;
    unsigned char *end = rx + (n < (ssize_t)h->nlmsg_len ? n : h->nlmsg_len);
    while (p + NLA_HDRLEN <= end) {
        struct nlattr *a = (struct nlattr *)p;
        if (a->nla_len < NLA_HDRLEN)
            break;
        if (a->nla_type == CTRL_ATTR_FAMILY_ID)
            return *(uint16_t *)(p + NLA_HDRLEN);
        p += NLA_ALIGN(a->nla_len);
    }
    fprintf(stderr, "ts-record: no family id in the reply\n");
    exit(1);
}

static void write_hex(const char *out, const char *what, int argc, char **argv, ssize_t n)
{
    FILE *f = fopen(out, "w");
    if (!f)
        die("fopen");
    struct utsname u;
    uname(&u);
    time_t now = time(NULL);
    char date[64];
    strftime(date, sizeof date, "%Y-%m-%d", gmtime(&now));
    fprintf(f, "# %s\n", what);
    fprintf(f, "# recorded %s from Linux %s %s by tests/native/taskstats-helpers/ts-record", date, u.release, u.machine);
    for (int i = 1; i < argc; i++)
        fprintf(f, " %s", argv[i]);
    fprintf(f, "\n# port: %u\n# seq: %u\n# bytes: %zd\n", port, seq, n);
    for (ssize_t i = 0; i < n; i++)
        fprintf(f, "%02x%s", rx[i], (i % 16 == 15 || i == n - 1) ? "\n" : " ");
    fclose(f);
}

static uint32_t record_pid(ssize_t n)
{
    /* pid in the first AGGR_PID nest of the first message, or 0 */
    struct nlmsghdr *h = (struct nlmsghdr *)rx;
    if (n < (ssize_t)(NLMSG_HDRLEN + GENL_HDRLEN + 2 * NLA_HDRLEN + 4) || h->nlmsg_type == NLMSG_ERROR)
        return 0;
    struct nlattr *nest = (struct nlattr *)(rx + NLMSG_HDRLEN + GENL_HDRLEN);
    struct nlattr *inner = (struct nlattr *)((unsigned char *)nest + NLA_HDRLEN);
    if (nest->nla_type != TS_TYPE_AGGR_PID || inner->nla_type != TS_TYPE_PID)
        return 0;
    return *(uint32_t *)((unsigned char *)inner + NLA_HDRLEN);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: ts-record family OUT | pid PID OUT | tgid TGID OUT | cgroup DIR OUT | listen CPUMASK OUT CMD...\n");
        return 2;
    }
    open_socket();
    const char *mode = argv[1];
    if (strcmp(mode, "family") == 0 && argc == 3) {
        send_request(GENL_ID_CTRL, CTRL_CMD_GETFAMILY, CTRL_ATTR_FAMILY_NAME, "TASKSTATS", 10);
        write_hex(argv[2], "CTRL_CMD_GETFAMILY reply (CTRL_CMD_NEWFAMILY) for the family name TASKSTATS", argc, argv, receive());
        return 0;
    }
    uint16_t family = family_id();
    seq++;
    if ((strcmp(mode, "pid") == 0 || strcmp(mode, "tgid") == 0) && argc == 4) {
        uint32_t id = (uint32_t)atol(argv[2]);
        int tgid = strcmp(mode, "tgid") == 0;
        send_request(family, TS_CMD_GET, tgid ? TS_CMD_ATTR_TGID : TS_CMD_ATTR_PID, &id, 4);
        char what[160];
        snprintf(what, sizeof what, "TASKSTATS_CMD_GET reply for %s %u (family id %u)", tgid ? "TGID" : "PID", id, family);
        write_hex(argv[3], what, argc, argv, receive());
        return 0;
    }
    if (strcmp(mode, "cgroup") == 0 && argc == 4) {
        int fd = open(argv[2], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
            die("open cgroup directory");
        uint32_t ufd = (uint32_t)fd;
        send_request(family, CG_CMD_GET, CG_CMD_ATTR_FD, &ufd, 4);
        char what[300];
        snprintf(what, sizeof what, "CGROUPSTATS_CMD_GET reply for the directory %s (family id %u)", argv[2], family);
        write_hex(argv[3], what, argc, argv, receive());
        return 0;
    }
    if (strcmp(mode, "listen") == 0 && argc >= 5) {
        const char *mask = argv[2];
        send_request(family, TS_CMD_GET, TS_CMD_ATTR_REGISTER_CPUMASK, mask, (uint16_t)(strlen(mask) + 1));
        pid_t child = fork();
        if (child < 0)
            die("fork");
        if (child == 0) {
            int null = open("/dev/null", O_WRONLY);
            dup2(null, STDOUT_FILENO);
            execvp(argv[4], argv + 4);
            _exit(127);
        }
        int status;
        waitpid(child, &status, 0);
        struct timeval tv = {.tv_sec = 5};
        setsockopt(sock, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        for (;;) {
            ssize_t n = recv(sock, rx, sizeof rx, MSG_TRUNC);
            if (n < 0)
                die("recv exit record");
            if ((size_t)n > sizeof rx) {
                fprintf(stderr, "ts-record: datagram truncated\n");
                return 1;
            }
            if (record_pid(n) == (uint32_t)child) {
                seq = ((struct nlmsghdr *)rx)->nlmsg_seq;
                char what[200];
                snprintf(what, sizeof what, "exit message (TASKSTATS_CMD_NEW, unsolicited) for pid %d, wait status 0x%x, after REGISTER_CPUMASK %s (family id %u)", child, status, mask, family);
                write_hex(argv[3], what, argc, argv, n);
                return 0;
            }
        }
    }
    fprintf(stderr, "ts-record: bad arguments\n");
    return 2;
}
