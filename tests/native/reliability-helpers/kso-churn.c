/*
 * kso-churn: short-lived processes for the reliability tests.
 *
 *   kso-churn churn N PARALLEL MAX_LIFE_US KILL_PERCENT COMM
 *       Runs N children in all, at most PARALLEL at a time. Each child names itself COMM, touches a little memory,
 *       makes a few system calls and sleeps up to MAX_LIFE_US microseconds, then exits 0. The parent prints
 *       "spawn PID" for each child (line-buffered), sends SIGKILL to KILL_PERCENT % of them at a random moment of
 *       their life, reaps them all and prints "done N KILLED".
 *   kso-churn burst N COMM
 *       Names itself COMM, then forks N children (named COMM from their birth: a child that named itself after the
 *       fork could be seen under the parent's name first) that exit at once, as fast as it can, reaps them and prints
 *       "done N": a flood of exit records, N + 1 with COMM counting its own.
 *   kso-churn hold COMM
 *       Names itself COMM, prints "ready PID" and waits until its standard input closes (a long-lived member whose
 *       command line and environment are whatever the caller gave it).
 *
 * Naming a process (prctl PR_SET_NAME) is a test helper's business; the library never does it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void die(const char *what)
{
	fprintf(stderr, "kso-churn: %s: %s\n", what, strerror(errno));
	exit(100);
}

static void name_self(const char *comm)
{
	if (prctl(PR_SET_NAME, comm, 0, 0, 0) != 0)
		die("prctl(PR_SET_NAME)");
}

static void sleep_us(long us)
{
	struct timespec ts = { us / 1000000, (us % 1000000) * 1000 };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
	}
}

static void child_life(const char *comm, long life_us)
{
	volatile char page[16384];

	name_self(comm);
	for (size_t i = 0; i < sizeof page; i += 4096)
		page[i] = (char)i; /* minor faults */
	for (int i = 0; i < 8; i++)
		(void)getppid(); /* a few system calls */
	if (life_us > 0)
		sleep_us(life_us);
	_exit(0);
}

static int churn(long n, int parallel, long max_life_us, int kill_percent, const char *comm)
{
	long started = 0, killed = 0;
	int running = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	srand((unsigned)getpid());
	while (started < n || running > 0) {
		while (started < n && running < parallel) {
			long life = max_life_us > 0 ? rand() % (max_life_us + 1) : 0;
			pid_t pid = fork();

			if (pid < 0)
				die("fork");
			if (pid == 0)
				child_life(comm, life);
			started++;
			running++;
			printf("spawn %d\n", (int)pid);
			if (rand() % 100 < kill_percent) {
				sleep_us(rand() % (life + 1)); /* somewhere in its life */
				if (kill(pid, SIGKILL) == 0)
					killed++;
			}
		}
		if (waitpid(-1, NULL, 0) > 0)
			running--;
		else if (errno != EINTR)
			die("waitpid");
	}
	printf("done %ld %ld\n", started, killed);
	return 0;
}

static int burst(long n, const char *comm)
{
	name_self(comm);
	for (long i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid < 0) {
			if (errno == EAGAIN) { /* the process limit: reap some and go on */
				while (waitpid(-1, NULL, WNOHANG) > 0) {
				}
				i--;
				continue;
			}
			die("fork");
		}
		if (pid == 0)
			_exit(0);
	}
	while (waitpid(-1, NULL, 0) > 0 || errno == EINTR) {
	}
	printf("done %ld\n", n);
	return 0;
}

static int hold(const char *comm)
{
	char buf[64];

	name_self(comm);
	printf("ready %d\n", (int)getpid());
	fflush(stdout);
	while (read(STDIN_FILENO, buf, sizeof buf) > 0) {
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 7 && strcmp(argv[1], "churn") == 0)
		return churn(atol(argv[2]), atoi(argv[3]), atol(argv[4]), atoi(argv[5]), argv[6]);
	if (argc == 4 && strcmp(argv[1], "burst") == 0)
		return burst(atol(argv[2]), argv[3]);
	if (argc >= 3 && strcmp(argv[1], "hold") == 0)
		return hold(argv[2]);
	fprintf(stderr, "usage: kso-churn churn N PARALLEL MAX_LIFE_US KILL_PERCENT COMM | burst N COMM | hold COMM [ARGS...]\n");
	return 2;
}
