/*
 * check: the stand-in libkstat's own test program (make check). Usage: check FIXTURE_DIR
 *
 * Loads every fixture of FIXTURE_DIR and FIXTURE_DIR/constructed and checks the chain against an independent
 * count of the file's kstats, every header and statistic for well-formedness, lookups, the values of the
 * lines that are hard to parse, frames (kstats appearing and vanishing, KCIDs, preserved headers), fault
 * injection, kstat_write, misuse detection, handle sharing, concurrent use, and that nothing leaks.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kstat.h"
#include "kstat_standin.h"

static int g_checks, g_failures;
static char g_dir[4096], g_cdir[4096], g_tmp[4096];

#define CHECK(cond, ...)                                                                        \
	do {                                                                                    \
		g_checks++;                                                                     \
		if (!(cond)) {                                                                  \
			g_failures++;                                                           \
			fprintf(stderr, "FAIL %s:%d: %s: ", __func__, __LINE__, #cond);       \
			fprintf(stderr, __VA_ARGS__);                                           \
			fputc('\n', stderr);                                                    \
		}                                                                               \
	} while (0)

static int g_saved_stderr = -1;

/* Expected failures: the library reports load errors on stderr; keep the test output readable. */
static void quiet(int on)
{
	fflush(stderr);
	if (on && g_saved_stderr == -1) {
		int devnull = open("/dev/null", O_WRONLY);

		g_saved_stderr = dup(2);
		dup2(devnull, 2);
		close(devnull);
	} else if (!on && g_saved_stderr != -1) {
		dup2(g_saved_stderr, 2);
		close(g_saved_stderr);
		g_saved_stderr = -1;
	}
}

static long long counter(const char *name)
{
	return kstat_standin_counter(name);
}

static const char *path(const char *dir, const char *file)
{
	static char buf[8][4096];
	static int next;
	char *p = buf[next++ % 8];

	snprintf(p, 4096, "%s/%s", dir, file);
	return p;
}

static const char *write_tmp(const char *name, const char *text)
{
	const char *p = path(g_tmp, name);
	FILE *f = fopen(p, "w");

	if (f != NULL) {
		fputs(text, f);
		fclose(f);
	}
	return p;
}

static kstat_ctl_t *open_with(const char *fixtures)
{
	kstat_ctl_t *kc;

	setenv("KSTAT_STANDIN_FIXTURES", fixtures, 1);
	kc = kstat_open();
	if (kc == NULL)
		fprintf(stderr, "  kstat_open(%s): %s: %s\n", fixtures, strerror(errno), kstat_standin_last_error());
	return kc;
}

static void close_all_checked(kstat_ctl_t *kc, const char *ctx)
{
	CHECK(kstat_close(kc) == 0, "%s: kstat_close", ctx);
	CHECK(counter("handles") == 0, "%s: handles %lld", ctx, counter("handles"));
	CHECK(counter("blocks") == 0 && counter("bytes") == 0, "%s: leaked %lld blocks, %lld bytes", ctx,
	      counter("blocks"), counter("bytes"));
	CHECK(counter("kernel_blocks") == 0 && counter("kernels") == 0, "%s: kernel memory left: %lld blocks", ctx,
	      counter("kernel_blocks"));
}

static kstat_named_t *named(kstat_ctl_t *kc, const char *m, int i, const char *n, const char *stat)
{
	kstat_t *ksp = kstat_lookup(kc, m, i, n);

	if (ksp == NULL) {
		fprintf(stderr, "  no kstat %s:%d:%s\n", m, i, n);
		return NULL;
	}
	if (kstat_read(kc, ksp, NULL) == -1) {
		fprintf(stderr, "  kstat_read %s:%d:%s: %s\n", m, i, n, strerror(errno));
		return NULL;
	}
	return kstat_data_lookup(ksp, stat);
}

static int is_type(const kstat_named_t *kn, int type)
{
	return kn != NULL && kn->data_type == type;
}

static int is_u64(const kstat_named_t *kn, uint64_t v)
{
	return is_type(kn, KSTAT_DATA_UINT64) && kn->value.ui64 == v;
}

static int is_char(const kstat_named_t *kn, const char *v)
{
	size_t n = strlen(v);

	return is_type(kn, KSTAT_DATA_CHAR) && n <= 16 && memcmp(kn->value.c, v, n) == 0 &&
	       (n == 16 || kn->value.c[n] == '\0');
}

static int is_string(const kstat_named_t *kn, const char *v)
{
	return is_type(kn, KSTAT_DATA_STRING) && kn->value.str.addr.ptr != NULL &&
	       strcmp(kn->value.str.addr.ptr, v) == 0 && kn->value.str.len == strlen(v) + 1;
}

/* ---- every fixture ------------------------------------------------------------------------------ */

static int cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Counts the distinct module:instance:name keys of a file, independently of the library's parser. */
static size_t count_keys(const char *file)
{
	FILE *f = fopen(file, "r");
	char line[8192], **keys = NULL;
	size_t n = 0, cap = 0, distinct = 0;

	if (f == NULL)
		return 0;
	while (fgets(line, sizeof(line), f) != NULL) {
		char *p = line, *end;
		int colons = 0;

		if (line[0] == '#' || strspn(line, " \t\r\n") == strlen(line))
			continue;
		for (end = p; *end != '\0' && *end != '\n'; end++) {
			if (*end == '\t' && colons == 2)
				break;
			if (*end == ':' && ++colons == 3)
				break;
		}
		if (n == cap) {
			cap = cap ? 2 * cap : 256;
			keys = realloc(keys, cap * sizeof(char *));
		}
		keys[n++] = strndup(p, (size_t)(end - p));
	}
	fclose(f);
	qsort(keys, n, sizeof(char *), cmpstr);
	for (size_t i = 0; i < n; i++)
		if (i == 0 || strcmp(keys[i], keys[i - 1]) != 0)
			distinct++;
	for (size_t i = 0; i < n; i++)
		free(keys[i]);
	free(keys);
	return distinct;
}

static void check_named(const kstat_t *ksp, const char *ctx)
{
	const kstat_named_t *kn = ksp->ks_data;
	const char *lo = (const char *)ksp->ks_data + (size_t)ksp->ks_ndata * sizeof(kstat_named_t);
	const char *hi = (const char *)ksp->ks_data + ksp->ks_data_size;

	CHECK(ksp->ks_data_size >= (size_t)ksp->ks_ndata * sizeof(kstat_named_t), "%s: data size", ctx);
	for (uint_t i = 0; i < ksp->ks_ndata; i++) {
		int t = kn[i].data_type;

		CHECK(memchr(kn[i].name, '\0', KSTAT_STRLEN) != NULL, "%s: name not terminated", ctx);
		CHECK(t == 0 || t == 1 || t == 2 || t == 3 || t == 4 || t == 9, "%s: %s: data type %d", ctx,
		      kn[i].name, t);
		if (t == KSTAT_DATA_STRING && kn[i].value.str.addr.ptr != NULL) {
			const char *p = kn[i].value.str.addr.ptr;
			uint32_t len = kn[i].value.str.len;

			CHECK(p >= lo && len > 0 && len <= (size_t)(hi - p), "%s: %s: string outside ks_data", ctx,
			      kn[i].name);
			if (p >= lo && len > 0 && len <= (size_t)(hi - p))
				CHECK(p[len - 1] == '\0' && strlen(p) + 1 == len, "%s: %s: str.len", ctx, kn[i].name);
		}
		CHECK(kstat_data_lookup((kstat_t *)ksp, kn[i].name) != NULL, "%s: data_lookup %s", ctx, kn[i].name);
	}
}

static void check_fixture(const char *file)
{
	kstat_ctl_t *kc = open_with(file);
	size_t n = 0, expected = count_keys(file);
	kstat_t *ksp;

	CHECK(kc != NULL, "%s: open: %s", file, kstat_standin_last_error());
	if (kc == NULL)
		return;
	CHECK(kc->kc_chain_id != 0 && kc->kc_chain_id == counter("kcid"), "%s: kcid %d", file, kc->kc_chain_id);
	for (ksp = kc->kc_chain; ksp != NULL; ksp = ksp->ks_next, n++) {
		char ctx[256];
		kid_t r;

		snprintf(ctx, sizeof(ctx), "%s: %s:%d:%s", file, ksp->ks_module, ksp->ks_instance, ksp->ks_name);
		CHECK(ksp->ks_kid == (kid_t)n, "%s: kid %d", ctx, ksp->ks_kid);
		CHECK(ksp->ks_type < KSTAT_NUM_TYPES, "%s: type", ctx);
		CHECK(ksp->ks_class[0] != '\0', "%s: empty class", ctx);
		CHECK(kstat_lookup(kc, ksp->ks_module, ksp->ks_instance, ksp->ks_name) == ksp, "%s: lookup", ctx);
		r = kstat_read(kc, ksp, NULL);
		CHECK(r == kc->kc_chain_id, "%s: read -> %d (%s)", ctx, r, strerror(errno));
		if (r == -1)
			continue;
		CHECK(ksp->ks_data_size == 0 || ksp->ks_data != NULL, "%s: no data", ctx);
		switch (ksp->ks_type) {
		case KSTAT_TYPE_NAMED:
			check_named(ksp, ctx);
			break;
		case KSTAT_TYPE_IO:
			CHECK(ksp->ks_ndata == 1 && ksp->ks_data_size == sizeof(kstat_io_t), "%s: io size", ctx);
			break;
		case KSTAT_TYPE_INTR:
			CHECK(ksp->ks_ndata == 1 && ksp->ks_data_size == sizeof(kstat_intr_t), "%s: intr size", ctx);
			break;
		case KSTAT_TYPE_TIMER:
			CHECK(ksp->ks_data_size == ksp->ks_ndata * sizeof(kstat_timer_t), "%s: timer size", ctx);
			break;
		default:
			CHECK(ksp->ks_ndata == ksp->ks_data_size || !strcmp(ksp->ks_name, "kstat_headers"),
			      "%s: raw ndata", ctx);
			break;
		}
	}
	CHECK(n == expected, "%s: %zu kstats in the chain, the file has %zu", file, n, expected);
	close_all_checked(kc, file);
}

static int has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int check_directory(const char *dir)
{
	struct dirent **list;
	int n = scandir(dir, &list, NULL, alphasort), loaded = 0;

	CHECK(n > 0, "cannot list %s", dir);
	for (int i = 0; i < n; i++) {
		if (has_suffix(list[i]->d_name, ".kstat") || has_suffix(list[i]->d_name, ".txt")) {
			check_fixture(path(dir, list[i]->d_name));
			loaded++;
		}
		free(list[i]);
	}
	free(list);
	return loaded;
}

/* ---- values of real captures ---------------------------------------------------------------------- */

/* How many statistics of the file's single kstat have each named data type. */
static void type_census(const char *file, const int expected[10])
{
	kstat_ctl_t *kc = open_with(path(g_dir, file));
	int got[10] = { 0 };

	if (kc == NULL)
		return;
	CHECK(kstat_read(kc, kc->kc_chain, NULL) != -1, "%s: read", file);
	for (uint_t i = 0; i < kc->kc_chain->ks_ndata; i++) {
		int t = KSTAT_NAMED_PTR(kc->kc_chain)[i].data_type;

		if (t >= 0 && t < 10)
			got[t]++;
	}
	for (int t = 0; t < 10; t++)
		CHECK(got[t] == expected[t], "%s: %d statistics of type %d, the capture header lists %d", file, got[t], t,
		      expected[t]);
	close_all_checked(kc, file);
}

static void test_real_values(void)
{
	kstat_ctl_t *kc;
	kstat_named_t *kn;
	kstat_t *ksp;

	/* the data types listed in the illumos-*.kstat headers are the ones served */
	type_census("illumos-link--0--dns_net0.kstat", (const int[10]){ [2] = 16, [4] = 5 });
	type_census("illumos-zones--5--cube-ws.kstat", (const int[10]){ [2] = 10, [4] = 4, [9] = 1 });
	type_census("illumos-zfs--0--arcstats.kstat", (const int[10]){ [4] = 99 });
	type_census("illumos-cpu--3--sys.kstat", (const int[10]){ [4] = 58 });
	type_census("illumos-cpu--0--vm.kstat", (const int[10]){ [4] = 31 });
	type_census("illumos-nfs--0--rfsreqcnt_v4.kstat", (const int[10]){ [4] = 39 });
	type_census("illumos-cpu_info--0--cpu_info0.kstat", (const int[10]){ [0] = 3, [1] = 9, [3] = 6, [4] = 1, [9] = 5 });
	type_census("illumos-sderr--6--sd6,err.kstat", (const int[10]){ [0] = 4, [2] = 9, [4] = 1 });
	type_census("illumos-memory_cap--7--serv-wf.kstat", (const int[10]){ [0] = 2, [4] = 11, [9] = 1 });

	/* spaces-only capture: names with spaces, a value with spaces (tab stop rule), single-space separator */
	kc = open_with(path(g_dir, "ansible-sderr-sd0-vbox.kstat"));
	if (kc != NULL) {
		CHECK(is_u64(named(kc, "sderr", 0, "sd0,err", "Hard Errors"), 0), "Hard Errors");
		CHECK(is_u64(named(kc, "sderr", 0, "sd0,err", "Illegal Request"), 6), "Illegal Request (single space)");
		CHECK(is_u64(named(kc, "sderr", 0, "sd0,err", "Predictive Failure Analysis"), 0), "PFA");
		/* 17 bytes (the capture expanded a tab inside it): a STRING by inference */
		CHECK(is_string(named(kc, "sderr", 0, "sd0,err", "Product"), "VBOX HARDDISK   9"), "Product");
		CHECK(is_char(named(kc, "sderr", 0, "sd0,err", "Serial No"), "VB0ad2ec4d-074a"), "Serial No");
		CHECK(is_u64(named(kc, "sderr", 0, "sd0,err", "Size"), 53687091200ull), "Size");
		CHECK(is_char(named(kc, "sderr", 0, "sd0,err", "Revision"), "1.0"), "Revision");
		ksp = kstat_lookup(kc, "sderr", 0, "sd0,err");
		CHECK(ksp != NULL && ksp->ks_ndata == 11 && !strcmp(ksp->ks_class, "device_error"), "sderr class");
		close_all_checked(kc, "ansible");
	}
	/* captured types, trailing spaces kept in CHAR values */
	kc = open_with(path(g_dir, "illumos-sderr--6--sd6,err.kstat"));
	if (kc != NULL) {
		kn = named(kc, "sderr", 6, "sd6,err", "Hard Errors");
		CHECK(is_type(kn, KSTAT_DATA_UINT32) && kn->value.ui32 == 0, "captured UINT32");
		kn = named(kc, "sderr", 6, "sd6,err", "Illegal Request");
		CHECK(is_type(kn, KSTAT_DATA_UINT32) && kn->value.ui32 == 1148, "Illegal Request 1148");
		CHECK(is_u64(named(kc, "sderr", 6, "sd6,err", "Size"), 5000947302400ull), "captured UINT64");
		CHECK(is_char(named(kc, "sderr", 6, "sd6,err", "Serial No"), "WXP1E7916Z6K   "), "trailing spaces");
		CHECK(is_char(named(kc, "sderr", 6, "sd6,err", "Vendor"), "WD      "), "Vendor WD");
		CHECK(is_char(named(kc, "sderr", 6, "sd6,err", "Revision"), "4008"), "captured CHAR digits");
		ksp = kstat_lookup(kc, "sderr", 6, "sd6,err");
		CHECK(ksp != NULL && ksp->ks_crtime == 38500266617ll && ksp->ks_snaptime == 365817895114649ll,
		      "crtime/snaptime");
		close_all_checked(kc, "illumos sderr");
	}
	kc = open_with(path(g_dir, "illumos-cpu_info--0--cpu_info0.kstat"));
	if (kc != NULL) {
		CHECK(is_string(named(kc, "cpu_info", 0, "cpu_info0", "brand"),
				"Intel(r) Core(tm) i5-6400 CPU @ 2.70GHz"), "brand");
		kn = named(kc, "cpu_info", 0, "cpu_info0", "family");
		CHECK(is_type(kn, KSTAT_DATA_INT32) && kn->value.i32 == 6, "family INT32");
		kn = named(kc, "cpu_info", 0, "cpu_info0", "pg_id");
		CHECK(is_type(kn, KSTAT_DATA_INT64) && kn->value.i64 == 5, "pg_id INT64");
		CHECK(is_char(named(kc, "cpu_info", 0, "cpu_info0", "state"), "on-line"), "state");
		CHECK(is_string(named(kc, "cpu_info", 0, "cpu_info0", "vendor_id"), "GenuineIntel"),
		      "captured STRING of 12 bytes");
		kn = named(kc, "cpu_info", 0, "cpu_info0", "supported_frequencies_Hz");
		CHECK(is_type(kn, KSTAT_DATA_STRING) && kn->value.str.len == 174 &&
			      !strncmp(kn->value.str.addr.ptr, "800000000:900000000:", 20),
		      "value with colons");
		ksp = kstat_lookup(kc, "cpu_info", 0, "cpu_info0");
		CHECK(ksp != NULL && (ksp->ks_flags & KSTAT_FLAG_LONGSTRINGS), "LONGSTRINGS");
		close_all_checked(kc, "cpu_info");
	}
	kc = open_with(path(g_dir, "frsw3nr-cpu_info-sol10-x86.kstat"));
	if (kc != NULL) {
		kn = named(kc, "cpu_info", 0, "cpu_info0", "pg_id");
		CHECK(is_type(kn, KSTAT_DATA_INT64) && kn->value.i64 == -1, "negative -> INT64");
		CHECK(is_string(named(kc, "cpu_info", 0, "cpu_info0", "brand"), "Intel(r) Core(tm) i5-4460  CPU @ 3.20GHz"),
		      "brand with a double space");
		CHECK(is_char(named(kc, "cpu_info", 0, "cpu_info0", "fpu_type"), "i387 compatible"), "15-byte CHAR");
		close_all_checked(kc, "frsw3nr");
	}
	kc = open_with(path(g_dir, "opensvc-system_pages-sol11.4-docstring.kstat"));
	if (kc != NULL) {
		ksp = kstat_lookup(kc, "unix", 0, "system_pages");
		CHECK(ksp != NULL && ksp->ks_crtime == 35300879878ll && ksp->ks_snaptime == 15173890295243ll,
		      "decimal comma");
		CHECK(is_u64(named(kc, "unix", 0, "system_pages", "econtig"), 18446744073646514176ull), "near 2^64");
		close_all_checked(kc, "opensvc");
	}
	kc = open_with(path(g_dir, "vmstat-system_pages.kstat"));
	if (kc != NULL) {
		ksp = kstat_lookup(kc, "unix", 0, "system_pages");
		CHECK(ksp != NULL && !strcmp(ksp->ks_class, "pages"), "default class of system_pages");
		CHECK(is_u64(named(kc, "unix", 0, "system_pages", "physmem"), 489586), "physmem");
		close_all_checked(kc, "vmstat pages");
	}
	kc = open_with(path(g_dir, "illumos-memory_cap--7--serv-wf.kstat"));
	if (kc != NULL) {
		CHECK(is_u64(named(kc, "memory_cap", 7, "serv-wf", "swapcap"), UINT64_MAX), "2^64-1");
		CHECK(is_string(named(kc, "memory_cap", 7, "serv-wf", "zonename"), "serv-wf"), "zonename");
		ksp = kstat_lookup(kc, "memory_cap", 7, "serv-wf");
		CHECK(ksp != NULL && ksp->ks_ndata == 14, "two empty-named statistics kept");
		kn = ksp != NULL ? KSTAT_NAMED_PTR(ksp) : NULL;
		CHECK(kn != NULL && kn[0].name[0] == '\0' && is_char(&kn[0], "") && is_char(&kn[1], ""),
		      "empty names, CHAR");
		close_all_checked(kc, "memory_cap");
	}
	kc = open_with(path(g_dir, "ddagent-memory_cap-smartos.kstat"));
	if (kc != NULL) {
		CHECK(is_string(named(kc, "memory_cap", 360, "53aa9b7e-48ba-4152-a52b-a6368c", "zonename"),
				"53aa9b7e-48ba-4152-a52b-a6368c3d9e7c"), "zone name cut to 30 characters");
		close_all_checked(kc, "ddagent memory_cap");
	}
	kc = open_with(path(g_dir, "ohai-cpu_info-x86.kstat"));
	if (kc != NULL) {
		CHECK(is_u64(named(kc, "cpu_info", 2, "cpu_info2", "model"), 93), "trailing space after a number");
		CHECK(is_string(named(kc, "cpu_info", 10, "cpu_info10", "brand"),
				"Crazy(r) Argon(r) CPU           Y5570  @ 1.93GHz"), "unaligned brand");
		CHECK(counter("kstats") == 16, "16 CPUs");
		close_all_checked(kc, "ohai");
	}
	kc = open_with(path(g_dir, "vmstat-cpu_stat.kstat"));
	if (kc != NULL) {
		cpu_stat_t cs;

		ksp = kstat_lookup(kc, "cpu_stat", 2, "cpu_stat2");
		CHECK(ksp != NULL && ksp->ks_type == KSTAT_TYPE_RAW && ksp->ks_data_size == sizeof(cpu_stat_t),
		      "cpu_stat RAW");
		if (ksp != NULL && kstat_read(kc, ksp, &cs) != -1) {
			CHECK(cs.cpu_sysinfo.cpu[CPU_IDLE] == 2390178542u && cs.cpu_sysinfo.idlethread == 3368087417u &&
				      cs.cpu_sysinfo.cpu[CPU_KERNEL] == 50617796u && cs.cpu_sysinfo.cpu[CPU_USER] == 38603497u &&
				      cs.cpu_vminfo.kernel_asflt == 0 && cs.cpu_sysinfo.syscall == 0,
			      "cpu_stat fields");
		}
		ksp = kstat_lookup(kc, "cpu_stat", 31, "cpu_stat31");
		CHECK(ksp != NULL && kstat_read(kc, ksp, &cs) != -1 && cs.cpu_sysinfo.cpu[CPU_USER] == 14400967u,
		      "last line without a newline");
		CHECK(counter("kstats") == 32, "32 CPUs");
		close_all_checked(kc, "cpu_stat");
	}
	kc = open_with(path(g_dir, "fcicq-vminfo.kstat"));
	if (kc != NULL) {
		vminfo_t vi;

		ksp = kstat_lookup(kc, "unix", 0, "vminfo");
		CHECK(ksp != NULL && kstat_read(kc, ksp, &vi) != -1 && vi.swap_alloc == 71486708419765ull &&
			      vi.updates == 11978989 && vi.freemem == 0,
		      "vminfo_t");
		close_all_checked(kc, "vminfo");
	}
	kc = open_with(path(g_dir, "illumos-nfs--0--rfsreqcnt_v4.kstat"));
	if (kc != NULL) {
		CHECK(is_u64(named(kc, "nfs", 0, "rfsreqcnt_v4", "null"), 0), "statistic named null");
		CHECK(is_u64(named(kc, "nfs", 0, "rfsreqcnt_v4", "compound"), 39876), "compound");
		close_all_checked(kc, "nfs");
	}
	kc = open_with(path(g_dir, "zmailer-sd30-disk-io-excerpt.kstat"));
	if (kc != NULL) {
		ksp = kstat_lookup(kc, "sd", 30, "sd30");
		CHECK(ksp != NULL && ksp->ks_type == KSTAT_TYPE_NAMED, "an IO excerpt stays NAMED");
		close_all_checked(kc, "zmailer");
	}
	kc = open_with(path(g_dir, "illumos-chain-headers.txt"));
	if (kc != NULL) {
		size_t types[KSTAT_NUM_TYPES] = { 0 }, n = 0;
		kstat_t *hdr;

		for (ksp = kc->kc_chain; ksp != NULL; ksp = ksp->ks_next, n++)
			types[ksp->ks_type]++;
		CHECK(n == 1566 && types[0] == 12 && types[1] == 1521 && types[3] == 33, "chain: %zu kstats", n);
		ksp = kstat_lookup(kc, "acpi_drv", 0, "battery warning");
		CHECK(ksp != NULL && ksp->ks_crtime == 34665302022ll, "name with a space");
		ksp = kstat_lookup(kc, "sd", 2, "sd2,a");
		CHECK(ksp != NULL && ksp->ks_type == KSTAT_TYPE_IO && !strcmp(ksp->ks_class, "partition") &&
			      kstat_read(kc, ksp, NULL) != -1 && ((kstat_io_t *)ksp->ks_data)->nread == 0,
		      "zeroed IO");
		ksp = kstat_lookup(kc, "cpu_stat", 3, "cpu_stat3");
		CHECK(ksp != NULL && ksp->ks_data_size == sizeof(cpu_stat_t), "zeroed cpu_stat_t");
		hdr = kstat_lookup(kc, "unix", 0, "kstat_headers");
		CHECK(hdr != NULL && hdr->ks_kid == 0 && kstat_read(kc, hdr, NULL) != -1 && hdr->ks_ndata == 1566,
		      "kstat_headers");
		if (hdr != NULL && hdr->ks_data != NULL) {
			kstat_t *h = hdr->ks_data;
			size_t i = 0;

			for (ksp = kc->kc_chain; ksp != NULL && i < hdr->ks_ndata; ksp = ksp->ks_next, i++)
				if (h[i].ks_kid != ksp->ks_kid || strcmp(h[i].ks_name, ksp->ks_name) != 0)
					break;
			CHECK(i == 1566, "kstat_headers data = the chain (%zu)", i);
		}
		close_all_checked(kc, "chain headers");
	}
}

/* ---- values of constructed fixtures --------------------------------------------------------------- */

static void test_constructed_values(void)
{
	kstat_ctl_t *kc = open_with(path(g_cdir, "types.kstat"));
	kstat_named_t *kn;
	kstat_t *ksp;

	if (kc != NULL) {
		kn = named(kc, "standin", 0, "types", "char16");
		CHECK(is_type(kn, KSTAT_DATA_CHAR) && !memcmp(kn->value.c, "exactly16bytes!!", 16), "16-byte CHAR");
		CHECK(is_char(named(kc, "standin", 0, "types", "char_empty"), ""), "empty CHAR");
		kn = named(kc, "standin", 0, "types", "int32_min");
		CHECK(is_type(kn, KSTAT_DATA_INT32) && kn->value.i32 == INT32_MIN, "INT32 min");
		kn = named(kc, "standin", 0, "types", "uint32_max");
		CHECK(is_type(kn, KSTAT_DATA_UINT32) && kn->value.ui32 == UINT32_MAX, "UINT32 max");
		kn = named(kc, "standin", 0, "types", "int64_min");
		CHECK(is_type(kn, KSTAT_DATA_INT64) && kn->value.i64 == INT64_MIN, "INT64 min");
		kn = named(kc, "standin", 0, "types", "int64_inferred");
		CHECK(is_type(kn, KSTAT_DATA_INT64) && kn->value.i64 == -1, "INT64 inferred");
		CHECK(is_u64(named(kc, "standin", 0, "types", "uint64_inferred"), UINT64_MAX), "UINT64 inferred");
		CHECK(is_string(named(kc, "standin", 0, "types", "too_big_is_string"), "18446744073709551616"),
		      "2^64 is a string");
		CHECK(is_string(named(kc, "standin", 0, "types", "string_empty"), ""), "empty STRING");
		kn = named(kc, "standin", 0, "types", "string_null");
		CHECK(is_type(kn, KSTAT_DATA_STRING) && kn->value.str.addr.ptr == NULL && kn->value.str.len == 0,
		      "NULL STRING");
		CHECK(is_char(named(kc, "standin", 0, "types", "colons and spaces"), "a:b c::d"), "colons");
		ksp = kstat_lookup(kc, "standin", 0, "types");
		CHECK(ksp != NULL && ksp->ks_crtime == 42000000001ll, "crtime with a comma");

		ksp = kstat_lookup(kc, "vioif", 0, "vioif0");
		CHECK(ksp != NULL && ksp->ks_type == KSTAT_TYPE_INTR && !strcmp(ksp->ks_class, "controller"), "INTR");
		if (ksp != NULL && kstat_read(kc, ksp, NULL) != -1) {
			kstat_intr_t *in = KSTAT_INTR_PTR(ksp);

			CHECK(in->intrs[KSTAT_INTR_HARD] == 1234567 && in->intrs[KSTAT_INTR_SOFT] == 890 &&
				      in->intrs[KSTAT_INTR_SPURIOUS] == 3 && in->intrs[KSTAT_INTR_MULTSVC] == 12,
			      "INTR values");
			CHECK(kstat_data_lookup(ksp, "hard") == NULL && errno == EINVAL, "data_lookup on INTR: EINVAL");
		}
		ksp = kstat_lookup(kc, "standin", 0, "timers");
		CHECK(ksp != NULL && ksp->ks_type == KSTAT_TYPE_TIMER && ksp->ks_ndata == 2, "TIMER records");
		if (ksp != NULL && kstat_read(kc, ksp, NULL) != -1) {
			kstat_timer_t *t = kstat_data_lookup(ksp, "writes");

			CHECK(t == KSTAT_TIMER_PTR(ksp) + 1 && t->num_events == 500 && t->min_time == 2000 &&
				      t->elapsed_time == 7500000000ll && t->start_time == 86399900000000ll,
			      "TIMER writes (Solaris form: seconds)");
		}
		ksp = kstat_lookup(kc, "standin", 0, "flush");
		CHECK(ksp != NULL && ksp->ks_type == KSTAT_TYPE_TIMER && kstat_read(kc, ksp, NULL) != -1 &&
			      !strcmp(KSTAT_TIMER_PTR(ksp)->name, "flush") && KSTAT_TIMER_PTR(ksp)->num_events == 4242 &&
			      KSTAT_TIMER_PTR(ksp)->min_time == 100000 &&
			      KSTAT_TIMER_PTR(ksp)->stop_time == 86399250000000ll,
		      "one TIMER (illumos form)");
		close_all_checked(kc, "types");
	}
	kc = open_with(path(g_cdir, "nfs-mntinfo.kstat"));
	if (kc != NULL) {
		struct mntinfo_kstat mi;

		ksp = kstat_lookup(kc, "nfs", 4, "mntinfo");
		CHECK(ksp != NULL && ksp->ks_type == KSTAT_TYPE_RAW && kstat_read(kc, ksp, &mi) != -1 &&
			      !strcmp(mi.mik_proto, "tcp") && mi.mik_vers == 4 && mi.mik_timers[1].srtt == 21 &&
			      mi.mik_timers[2].rtxcur == 32 && mi.mik_noresponse == 2 &&
			      !strcmp(mi.mik_curserver, "fileserver.example.com"),
		      "mntinfo");
		close_all_checked(kc, "mntinfo");
	}
	kc = open_with(path(g_cdir, "disk-io-frame0.kstat"));
	if (kc != NULL) {
		kstat_io_t io;

		ksp = kstat_lookup(kc, "sd", 0, "sd0");
		CHECK(ksp != NULL && ksp->ks_type == KSTAT_TYPE_IO && kstat_read(kc, ksp, &io) != -1 &&
			      io.rtime == 3600000000003ll && io.rlastupdate == 86400123455789ll && io.rcnt == 1 &&
			      io.reads == 3115833 && ksp->ks_crtime == 32000000000ll,
		      "IO values (illumos form: hrtime fields integer ns, crtime seconds)");
		CHECK(is_type(named(kc, "sderr", 0, "sd0,err", "Hard Errors"), KSTAT_DATA_UINT32), "directive glob");
		CHECK(is_char(named(kc, "sderr", 0, "sd0,err", "Serial No"), "VB0ad2ec4d-074a"), "directive with space");
		close_all_checked(kc, "disk");
	}
	kc = open_with(path(g_cdir, "system-frame0.kstat"));
	if (kc != NULL) {
		kn = named(kc, "unix", 0, "system_misc", "avenrun_1min");
		CHECK(is_type(kn, KSTAT_DATA_UINT32) && kn->value.ui32 == 166, "system_misc UINT32");
		kn = named(kc, "unix", 0, "system_misc", "boot_time");
		CHECK(is_type(kn, KSTAT_DATA_UINT32) && kn->value.ui32 == 1700000000, "boot_time");
		close_all_checked(kc, "system");
	}
}

/*
 * The hrtime fields of IO and TIMER kstats in both capture forms: illumos kstat(1) prints them as integer
 * nanoseconds (SAVE_HRTIME: KSTAT_DATA_UINT64, "%llu"); Solaris's Perl kstat(1) printed seconds with decimals.
 * crtime and snaptime are seconds in both.
 */
static void test_hrtime_forms(void)
{
	static const char text[] =
		"# illumos form\n"
		"sd:0:sd0:crtime\t32.000000000\nsd:0:sd0:snaptime\t86400.123456789\n"
		"sd:0:sd0:nread\t1\nsd:0:sd0:nwritten\t2\nsd:0:sd0:reads\t3\nsd:0:sd0:writes\t4\n"
		"sd:0:sd0:wtime\t120000000001\nsd:0:sd0:wlentime\t150000000002\nsd:0:sd0:wlastupdate\t86400123451789\n"
		"sd:0:sd0:rtime\t3600000000003\nsd:0:sd0:rlentime\t5400000000004\nsd:0:sd0:rlastupdate\t86400123455789\n"
		"sd:0:sd0:wcnt\t0\nsd:0:sd0:rcnt\t1\n"
		"# Solaris form (a comma where the locale has one)\n"
		"sd:1:sd1:crtime\t32\nsd:1:sd1:snaptime\t86400,123456789\n"
		"sd:1:sd1:nread\t1\nsd:1:sd1:nwritten\t2\nsd:1:sd1:reads\t3\nsd:1:sd1:writes\t4\n"
		"sd:1:sd1:wtime\t120.000000001\nsd:1:sd1:wlentime\t150.000000002\nsd:1:sd1:wlastupdate\t86400.123451789\n"
		"sd:1:sd1:rtime\t3600.000000003\nsd:1:sd1:rlentime\t5400,000000004\nsd:1:sd1:rlastupdate\t86400.123455789\n"
		"sd:1:sd1:wcnt\t0\nsd:1:sd1:rcnt\t1\n"
		"# 0 is 0 in both forms; %llu prints all 64 bits\n"
		"sd:2:sd2:nread\t0\nsd:2:sd2:nwritten\t0\nsd:2:sd2:reads\t0\nsd:2:sd2:writes\t0\n"
		"sd:2:sd2:wtime\t0\nsd:2:sd2:wlentime\t0.000000000\nsd:2:sd2:wlastupdate\t0\n"
		"sd:2:sd2:rtime\t18446744073709551615\nsd:2:sd2:rlentime\t9223372036854775807\nsd:2:sd2:rlastupdate\t0\n"
		"sd:2:sd2:wcnt\t0\nsd:2:sd2:rcnt\t0\n"
		"t:0:illumos:name\tillumos\nt:0:illumos:num_events\t7\nt:0:illumos:elapsed_time\t12500000000\n"
		"t:0:illumos:min_time\t100000\nt:0:illumos:max_time\t750000000\nt:0:illumos:start_time\t86399000000000\n"
		"t:0:illumos:stop_time\t86399250000000\n"
		"t:0:solaris:name\tsolaris\nt:0:solaris:num_events\t7\nt:0:solaris:elapsed_time\t12.5\n"
		"t:0:solaris:min_time\t0.0001\nt:0:solaris:max_time\t0.750000000\nt:0:solaris:start_time\t86399.0\n"
		"t:0:solaris:stop_time\t86399.250000000\n";
	kstat_ctl_t *kc = open_with(write_tmp("hrtime-forms.kstat", text));
	const char *names[] = { "illumos", "solaris" };
	kstat_io_t io;
	kstat_t *ksp;

	CHECK(kc != NULL, "hrtime forms load");
	if (kc == NULL)
		return;
	for (int i = 0; i < 2; i++) {
		ksp = kstat_lookup(kc, "sd", i, i == 0 ? "sd0" : "sd1");
		CHECK(ksp != NULL && ksp->ks_type == KSTAT_TYPE_IO && kstat_read(kc, ksp, &io) != -1, "%s IO read",
		      names[i]);
		if (ksp == NULL || ksp->ks_type != KSTAT_TYPE_IO)
			continue;
		CHECK(io.wtime == 120000000001ll && io.wlentime == 150000000002ll && io.wlastupdate == 86400123451789ll,
		      "%s IO w times: %lld %lld %lld", names[i], (long long)io.wtime, (long long)io.wlentime,
		      (long long)io.wlastupdate);
		CHECK(io.rtime == 3600000000003ll && io.rlentime == 5400000000004ll && io.rlastupdate == 86400123455789ll,
		      "%s IO r times: %lld %lld %lld", names[i], (long long)io.rtime, (long long)io.rlentime,
		      (long long)io.rlastupdate);
		CHECK(ksp->ks_crtime == 32000000000ll && ksp->ks_snaptime == 86400123456789ll,
		      "%s crtime/snaptime stay seconds", names[i]);
	}
	ksp = kstat_lookup(kc, "sd", 2, "sd2");
	CHECK(ksp != NULL && kstat_read(kc, ksp, &io) != -1 && io.wtime == 0 && io.wlentime == 0 &&
		      (uint64_t)io.rtime == UINT64_MAX && io.rlentime == INT64_MAX,
	      "0 and 64-bit IO times");
	for (int i = 0; i < 2; i++) {
		kstat_timer_t *t;

		ksp = kstat_lookup(kc, "t", 0, names[i]);
		CHECK(ksp != NULL && ksp->ks_type == KSTAT_TYPE_TIMER && kstat_read(kc, ksp, NULL) != -1,
		      "%s TIMER read", names[i]);
		if (ksp == NULL || ksp->ks_type != KSTAT_TYPE_TIMER)
			continue;
		t = KSTAT_TIMER_PTR(ksp);
		CHECK(t->num_events == 7 && t->elapsed_time == 12500000000ll && t->min_time == 100000 &&
			      t->max_time == 750000000 && t->start_time == 86399000000000ll &&
			      t->stop_time == 86399250000000ll,
		      "%s TIMER times: %lld %lld %lld %lld %lld", names[i], (long long)t->elapsed_time,
		      (long long)t->min_time, (long long)t->max_time, (long long)t->start_time,
		      (long long)t->stop_time);
	}
	close_all_checked(kc, "hrtime forms");
}

/* ---- frames ----------------------------------------------------------------------------------------- */

static void test_frames(void)
{
	char list[8192];
	kstat_ctl_t *kc;
	kstat_t *net0, *net1, *ksp;
	kid_t kcid0, kcid1;
	kstat_named_t *kn;

	snprintf(list, sizeof(list), "%s,%s", path(g_cdir, "net-frame0.kstat"), path(g_cdir, "net-frame1.kstat"));
	kc = open_with(list);
	if (kc == NULL)
		return;
	CHECK(counter("frames") == 2 && counter("frame") == 0, "two frames");
	net0 = kstat_lookup(kc, "link", 0, "net0");
	net1 = kstat_lookup(kc, "link", 0, "net1");
	CHECK(net0 != NULL && net1 != NULL && kstat_lookup(kc, "link", 0, "net2") == NULL, "frame 0 links");
	kn = named(kc, "link", 0, "net0", "rbytes64");
	CHECK(is_u64(kn, 4294000000ull), "rbytes64 frame 0");
	kn = named(kc, "link", 0, "net0", "rbytes");
	CHECK(is_type(kn, KSTAT_DATA_UINT32) && kn->value.ui32 == 4294000000u, "rbytes frame 0");
	kcid0 = kc->kc_chain_id;
	CHECK(kstat_chain_update(kc) == 0, "no change yet");
	CHECK(kstat_standin_set_frame(1) == 0, "set_frame");
	CHECK(kstat_read(kc, net1, NULL) == -1 && errno == ENXIO, "vanished kstat: ENXIO");
	CHECK(kstat_read(kc, net0, NULL) == kcid0 + 2, "survivor readable, returns the new KCID");
	kn = named(kc, "link", 0, "net0", "rbytes");
	CHECK(is_type(kn, KSTAT_DATA_UINT32) && kn->value.ui32 == (uint32_t)(4294000000ull + 100000000ull),
	      "32-bit rbytes wrapped");
	kcid1 = kstat_chain_update(kc);
	CHECK(kcid1 == kcid0 + 2 && kc->kc_chain_id == kcid1, "new KCID %d (was %d)", kcid1, kcid0);
	CHECK(kstat_lookup(kc, "link", 0, "net0") == net0, "unchanged kstat keeps its header");
	CHECK(kstat_lookup(kc, "link", 0, "net1") == NULL && errno == ENOENT, "net1 gone");
	ksp = kstat_lookup(kc, "link", 0, "net2");
	CHECK(ksp != NULL && ksp->ks_kid == 2 && ksp->ks_data == NULL && kc->kc_chain == net0 && net0->ks_next == ksp,
	      "net2 appended");
	CHECK(is_u64(named(kc, "link", 0, "net0", "rbytes64"), 4294000000ull + 100000000ull), "values of frame 1");
	CHECK(kstat_chain_update(kc) == 0, "stable again");
	CHECK(kstat_standin_set_frame(2) == -1 && errno == EINVAL, "frame out of range");
	CHECK(kstat_standin_next_frame() == 1, "next_frame stays on the last");
	/* back to frame 0: net1 comes back as a new kstat (new KID), net2 is deleted */
	CHECK(kstat_standin_set_frame(0) == 0 && kstat_chain_update(kc) == kcid1 + 2, "back to frame 0");
	ksp = kstat_lookup(kc, "link", 0, "net1");
	CHECK(ksp != NULL && ksp->ks_kid == 3, "recreated kstat has a new KID");
	/* a stale header after the update: poisoned, and reported */
	setenv("KSTAT_STANDIN_MISUSE", "errno", 1);
	CHECK(kstat_read(kc, net1, NULL) == -1 && errno == EFAULT && counter("misuse") == 1, "use after update");
	unsetenv("KSTAT_STANDIN_MISUSE");
	close_all_checked(kc, "frames");

	/* CPU offline; disk wrap */
	snprintf(list, sizeof(list), "%s,%s", path(g_cdir, "cpu-frame0.kstat"), path(g_cdir, "cpu-frame1.kstat"));
	kc = open_with(list);
	if (kc != NULL) {
		kstat_t *info1 = kstat_lookup(kc, "cpu_info", 1, "cpu_info1");

		CHECK(kstat_lookup(kc, "cpu", 1, "sys") != NULL, "cpu 1 in frame 0");
		CHECK(kstat_standin_next_frame() == 1 && kstat_chain_update(kc) > 0, "frame 1");
		CHECK(kstat_lookup(kc, "cpu", 1, "sys") == NULL && kstat_lookup(kc, "cpu_stat", 1, NULL) == NULL,
		      "cpu 1 kstats deleted");
		CHECK(kstat_lookup(kc, "cpu_info", 1, "cpu_info1") == info1, "cpu_info1 kept");
		CHECK(is_char(named(kc, "cpu_info", 1, "cpu_info1", "state"), "off-line"), "off-line");
		close_all_checked(kc, "cpu offline");
	}
	snprintf(list, sizeof(list), "%s,%s", path(g_cdir, "disk-io-frame0.kstat"), path(g_cdir, "disk-io-frame1.kstat"));
	kc = open_with(list);
	if (kc != NULL) {
		kstat_io_t a, b;

		ksp = kstat_lookup(kc, "sd", 1, "sd1");
		hrtime_t t0 = 0;

		CHECK(ksp != NULL && kstat_read(kc, ksp, &a) != -1, "sd1 frame 0");
		if (ksp != NULL)
			t0 = ksp->ks_snaptime;
		CHECK(kstat_standin_set_frame(1) == 0 && kstat_chain_update(kc) == 0, "same kstats, same KCID");
		CHECK(ksp != NULL && kstat_read(kc, ksp, &b) != -1, "sd1 frame 1");
		CHECK(b.reads == 1000 && (uint32_t)(b.reads - a.reads) == 1296 && (uint32_t)(b.writes - a.writes) == 1796,
		      "reads/writes wrap");
		CHECK(ksp != NULL && ksp->ks_snaptime - t0 == 10000000000ll, "10 s between the frames");
		close_all_checked(kc, "disk wrap");
	}
}

static void test_advance(void)
{
	char list[8192];
	kstat_ctl_t *kc;
	kid_t k0, k1;

	snprintf(list, sizeof(list), "%s,%s", path(g_cdir, "net-frame0.kstat"), path(g_cdir, "net-frame1.kstat"));
	setenv("KSTAT_STANDIN_ADVANCE", "update", 1);
	kc = open_with(list);
	unsetenv("KSTAT_STANDIN_ADVANCE");
	if (kc == NULL)
		return;
	k0 = kc->kc_chain_id;
	CHECK(counter("frame") == 0, "starts at frame 0");
	k1 = kstat_chain_update(kc);
	CHECK(k1 == k0 + 2 && counter("frame") == 1, "update advanced: %d", k1);
	CHECK(kstat_chain_update(kc) == 0 && counter("frame") == 1, "last frame repeats");
	CHECK(kstat_lookup(kc, "link", 0, "net2") != NULL, "net2 after advance");
	close_all_checked(kc, "advance");
}

/* ---- fault injection -------------------------------------------------------------------------------- */

static void test_injection(void)
{
	char list[8192];
	kstat_ctl_t *kc;
	kstat_t *ksp, *net1;
	long long inj;

	snprintf(list, sizeof(list), "%s", path(g_cdir, "net-frame0.kstat"));
	CHECK(kstat_standin_inject("open", EAGAIN, 1) == 0, "inject open");
	quiet(1);
	kc = open_with(list);
	quiet(0);
	CHECK(kc == NULL && errno == EAGAIN, "open fails with EAGAIN");
	CHECK(kstat_standin_inject("ioctl_chain_id", ENXIO, 1) == 0, "inject chain id");
	quiet(1);
	kc = open_with(list);
	quiet(0);
	CHECK(kc == NULL && errno == ENXIO, "open fails with ENXIO");
	CHECK(counter("handles") == 0 && counter("blocks") == 0 && counter("kernels") == 0, "failed opens leak nothing");
	CHECK(kstat_standin_inject("bogus", EAGAIN, 1) == -1 && errno == EINVAL, "unknown op");
	kc = open_with(list);
	if (kc == NULL)
		return;
	ksp = kstat_lookup(kc, "link", 0, "net0");
	inj = counter("injected");
	kstat_standin_inject("read", EAGAIN, 2);
	CHECK(kstat_read(kc, ksp, NULL) == -1 && errno == EAGAIN, "read EAGAIN 1");
	CHECK(kstat_read(kc, ksp, NULL) == -1 && errno == EAGAIN, "read EAGAIN 2");
	CHECK(kstat_read(kc, ksp, NULL) == kc->kc_chain_id, "read succeeds after count");
	CHECK(counter("injected") == inj + 2, "injected counter");
	kstat_standin_inject("read", ENOMEM, 1);
	CHECK(kstat_read(kc, ksp, NULL) == -1 && errno == ENOMEM, "read ENOMEM");
	kstat_standin_inject("read", ENXIO, 5);
	kstat_standin_inject("read", 0, 0);
	CHECK(kstat_read(kc, ksp, NULL) != -1, "injection cleared");

	long long retries = counter("retries");
	kstat_standin_inject("ioctl_read", EAGAIN, 2);
	CHECK(kstat_read(kc, ksp, NULL) == kc->kc_chain_id && counter("retries") == retries + 2,
	      "libkstat retries EAGAIN internally");
	kstat_standin_inject("ioctl_read", ENOMEM, 1);
	CHECK((ksp->ks_flags & KSTAT_FLAG_LONGSTRINGS) && kstat_read(kc, ksp, NULL) != -1 &&
		      counter("retries") == retries + 3,
	      "ENOMEM on a LONGSTRINGS kstat: reallocated and retried");
	kstat_standin_inject("ioctl_read", ENXIO, 1);
	CHECK(kstat_read(kc, ksp, NULL) == -1 && errno == ENXIO, "kernel ENXIO surfaces");

	kstat_standin_inject("chain_update", EAGAIN, 1);
	CHECK(kstat_chain_update(kc) == -1 && errno == EAGAIN && kc->kc_chain == ksp, "chain_update EAGAIN");
	kstat_standin_inject("lookup", ENOMEM, 1);
	CHECK(kstat_lookup(kc, "link", 0, "net0") == NULL && errno == ENOMEM, "lookup ENOMEM");
	kstat_standin_inject("data_lookup", EAGAIN, 1);
	CHECK(kstat_data_lookup(ksp, "rbytes") == NULL && errno == EAGAIN, "data_lookup EAGAIN");
	CHECK(kstat_data_lookup(ksp, "rbytes") != NULL, "data_lookup afterwards");

	/* a kstat removed between lookup and read */
	net1 = kstat_lookup(kc, "link", 0, "net1");
	CHECK(kstat_standin_remove("link", 0, "net1") == 1, "remove");
	CHECK(kstat_read(kc, net1, NULL) == -1 && errno == ENXIO, "read after remove: ENXIO");
	CHECK(kstat_chain_update(kc) > 0 && kstat_lookup(kc, "link", 0, "net1") == NULL, "update drops it");
	CHECK(kstat_standin_remove("link", 0, "net1") == 0 && errno == ENOENT, "nothing to remove");
	CHECK(kstat_read(kc, ksp, NULL) != -1, "others still readable");
	/* corrupted reads: the next read of a matching kstat carries inconsistent data, the one after is sound again */
	{
		kstat_t *info;
		kstat_named_t *kn, *brand = NULL;
		char *good;
		long long corrupted = counter("corrupted");

		CHECK(kstat_standin_corrupt(NULL, -1, NULL, "bogus", 1, 1) == -1 && errno == EINVAL, "unknown corruption");
		CHECK(kstat_standin_corrupt("link", 0, "net0", "ndata", 100000, 1) == 0, "corrupt ndata");
		CHECK(kstat_read(kc, ksp, NULL) != -1 && ksp->ks_ndata == 100000, "ndata corrupted");
		CHECK(kstat_read(kc, ksp, NULL) != -1 && ksp->ks_ndata * sizeof(kstat_named_t) <= ksp->ks_data_size,
		      "next read sound");
		close_all_checked(kc, "corruption (links)");
		kc = open_with(path(g_dir, "illumos-cpu_info--0--cpu_info0.kstat"));
		if (kc == NULL)
			return;
		info = kstat_lookup(kc, "cpu_info", 0, NULL);
		CHECK(info != NULL && kstat_read(kc, info, NULL) != -1, "cpu_info read");
		kn = info->ks_data;
		for (uint_t i = 0; i < info->ks_ndata; i++, kn++)
			if (kn->data_type == KSTAT_DATA_STRING && KSTAT_NAMED_STR_PTR(kn) != NULL && brand == NULL)
				brand = kn;
		CHECK(brand != NULL, "cpu_info has a string");
		if (brand == NULL) {
			close_all_checked(kc, "corruption");
			return;
		}
		good = KSTAT_NAMED_STR_PTR(brand);
		kstat_standin_corrupt("cpu_info", -1, NULL, "string_ptr", 1 << 20, 1);
		CHECK(kstat_read(kc, info, NULL) != -1 && KSTAT_NAMED_STR_PTR(brand) == good + (1 << 20),
		      "string pointer moved out of ks_data");
		CHECK(kstat_read(kc, info, NULL) != -1 && KSTAT_NAMED_STR_PTR(brand) == good, "pointer sound again");
		kstat_standin_corrupt("cpu_info", 0, "cpu_info0", "string_len", 1 << 30, 1);
		CHECK(kstat_read(kc, info, NULL) != -1 && KSTAT_NAMED_STR_BUFLEN(brand) == 1u << 30, "string length lies");
		CHECK(kstat_read(kc, info, NULL) != -1 && KSTAT_NAMED_STR_BUFLEN(brand) == strlen(good) + 1,
		      "length sound again");
		CHECK(counter("corrupted") == corrupted + 3, "corrupted counter");
	}
	close_all_checked(kc, "injection");
	CHECK(kstat_standin_set_frame(0) == -1 && errno == ESRCH, "no kernel after the last close");
	CHECK(kstat_standin_remove(NULL, -1, NULL) == -1 && errno == ESRCH, "remove without kernel");
}

/* ---- lookups, reads, writes, errors ---------------------------------------------------------------- */

static void test_lookup_read_write(void)
{
	kstat_ctl_t *kc = open_with(path(g_cdir, "types.kstat"));
	kstat_t *ksp;
	kstat_named_t *kn, buf[8];
	char big[4096];

	if (kc == NULL)
		return;
	CHECK(kstat_lookup(kc, "standin", -1, NULL) == kstat_lookup(kc, "standin", 0, "flush"), "wildcards");
	CHECK(kstat_lookup(kc, NULL, -1, "tunables") != NULL, "name only");
	CHECK(kstat_lookup(kc, "standin", 1, NULL) == NULL && errno == ENOENT, "ENOENT");

	/* data_lookup before read: libkstat would crash; the stand-in reports it */
	ksp = kstat_lookup(kc, "standin", 0, "types");
	setenv("KSTAT_STANDIN_MISUSE", "errno", 1);
	CHECK(ksp != NULL && kstat_data_lookup(ksp, "char16") == NULL && errno == EFAULT, "data_lookup before read");
	unsetenv("KSTAT_STANDIN_MISUSE");
	CHECK(kstat_read(kc, ksp, big) != -1 && ksp->ks_data_size <= sizeof(big), "read into a buffer");
	kn = (kstat_named_t *)(void *)big;
	for (uint_t i = 0; i < ksp->ks_ndata; i++)
		if (kn[i].data_type == KSTAT_DATA_STRING && kn[i].value.str.addr.ptr != NULL)
			CHECK(kn[i].value.str.addr.ptr >= big && kn[i].value.str.addr.ptr < big + ksp->ks_data_size,
			      "string pointers rebased onto the caller's buffer (%s)", kn[i].name);
	CHECK(kstat_data_lookup(ksp, "absent") == NULL && errno == ENOENT, "absent statistic");

	/* writes */
	ksp = kstat_lookup(kc, "standin", 0, "tunables");
	CHECK(ksp != NULL && (ksp->ks_flags & KSTAT_FLAG_WRITABLE) && kstat_read(kc, ksp, NULL) != -1, "tunables");
	if (ksp != NULL && ksp->ks_data_size <= sizeof(big)) {
		kstat_named_t *limit;
		size_t size = ksp->ks_data_size;
		char *w = big;

		memcpy(w, ksp->ks_data, size);
		kn = (kstat_named_t *)(void *)w;
		for (uint_t i = 0; i < ksp->ks_ndata; i++)
			if (kn[i].data_type == KSTAT_DATA_STRING)
				kn[i].value.str.addr.ptr = w + (kn[i].value.str.addr.ptr - (char *)ksp->ks_data);
		limit = NULL;
		for (uint_t i = 0; i < ksp->ks_ndata; i++)
			if (!strcmp(kn[i].name, "limit"))
				limit = &kn[i];
		CHECK(limit != NULL, "limit");
		if (limit != NULL) {
			limit->value.ui64 = 250;
			kstat_standin_set_privileged(0);
			CHECK(kstat_write(kc, ksp, w) == -1 && errno == EPERM, "EPERM without privilege");
			kstat_standin_set_privileged(1);
			CHECK(kstat_write(kc, ksp, w) == kc->kc_chain_id, "write: %s", strerror(errno));
			CHECK(is_u64(named(kc, "standin", 0, "tunables", "limit"), 250), "written value read back");
			CHECK(is_string(named(kc, "standin", 0, "tunables", "label"), "initial label"), "strings kept");
			limit->data_type = KSTAT_DATA_INT64;
			CHECK(kstat_write(kc, ksp, w) == -1 && errno == EINVAL, "type change: EINVAL");
			limit->data_type = KSTAT_DATA_UINT64;
			for (uint_t i = 0; i < ksp->ks_ndata; i++)
				if (kn[i].data_type == KSTAT_DATA_STRING)
					kn[i].value.str.addr.ptr = w + size + 100;
			CHECK(kstat_write(kc, ksp, w) == -1 && errno == EINVAL, "string outside: EINVAL");
		}
		ksp->ks_ndata--;
		CHECK(kstat_write(kc, ksp, NULL) == -1 && errno == EINVAL, "ndata mismatch: EINVAL");
		ksp->ks_ndata++;
		kstat_standin_inject("ioctl_write", EAGAIN, 1);
		CHECK(kstat_read(kc, ksp, NULL) != -1 && kstat_write(kc, ksp, NULL) != -1, "write retries EAGAIN");
		/* a frame change restores the fixture's values */
		CHECK(kstat_standin_set_frame(0) == 0 && kstat_chain_update(kc) == 0, "same frame again");
		CHECK(is_u64(named(kc, "standin", 0, "tunables", "limit"), 100), "frame values restored");
	}
	ksp = kstat_lookup(kc, "standin", 0, "types");
	CHECK(ksp != NULL && kstat_write(kc, ksp, NULL) == -1 && errno == EACCES, "not writable: EACCES");
	(void)buf;
	close_all_checked(kc, "lookup/read/write");
}

static void expect_load_error(const char *name, const char *text, const char *needle)
{
	const char *p = write_tmp(name, text);
	kstat_ctl_t *kc;

	setenv("KSTAT_STANDIN_FIXTURES", p, 1);
	quiet(1);
	kc = kstat_open();
	quiet(0);
	CHECK(kc == NULL && errno == EINVAL, "%s: should not load (errno %d)", name, errno);
	CHECK(strstr(kstat_standin_last_error(), needle) != NULL && strstr(kstat_standin_last_error(), name) != NULL,
	      "%s: message '%s' lacks '%s'", name, kstat_standin_last_error(), needle);
	if (kc != NULL)
		kstat_close(kc);
	CHECK(counter("blocks") == 0 && counter("kernel_blocks") == 0, "%s: failed load leaks", name);
}

static void test_load_errors(void)
{
	kstat_ctl_t *kc;

	unsetenv("KSTAT_STANDIN_FIXTURES");
	CHECK(kstat_open() == NULL && errno == ENOENT && strstr(kstat_standin_last_error(), "KSTAT_STANDIN_FIXTURES"),
	      "no env var");
	setenv("KSTAT_STANDIN_FIXTURES", "/nonexistent/x.kstat", 1);
	quiet(1);
	kc = kstat_open();
	quiet(0);
	CHECK(kc == NULL && errno == ENOENT && strstr(kstat_standin_last_error(), "/nonexistent/x.kstat"),
	      "missing file");
	expect_load_error("bad-line.kstat", "# x\nnot a kstat line\n", "bad-line.kstat:2:");
	expect_load_error("bad-instance.kstat", "m:x:n:s\t1\n", "instance");
	expect_load_error("long-name.kstat", "m:0:a_name_that_is_much_longer_than_thirty:s\t1\n", "longer than 30");
	expect_load_error("raw-unknown.kstat", "#! kstat m:0:n RAW\nm:0:n:s\t1\n", "no known layout");
	expect_load_error("raw-field.kstat", "unix:0:sysinfo:bogus\t1\n", "not a field of sysinfo");
	expect_load_error("directive.kstat", "#! frobnicate\n", "unknown directive");
	expect_load_error("int32.kstat", "#! type m:0:n:s INT32\nm:0:n:s\t2147483648\n", "not a valid INT32");
	expect_load_error("char17.kstat", "#! type m:0:n:s CHAR\nm:0:n:s\t12345678901234567\n", "longer than 16");
	expect_load_error("hrtime.kstat", "#! kstat d:0:d0 IO\nd:0:d0:rtime\tsoon\n", "not an hrtime");
	expect_load_error("hrtime-negative.kstat", "#! kstat d:0:d0 IO\nd:0:d0:rtime\t-5\n", "not an hrtime");
	expect_load_error("hrtime-exponent.kstat", "#! kstat d:0:d0 IO\nd:0:d0:rlastupdate\t1e9\n", "not an hrtime");
	expect_load_error("hrtime-too-big.kstat", "#! kstat d:0:d0 IO\nd:0:d0:wtime\t18446744073709551616\n",
			  "not an hrtime");
	expect_load_error("u32.kstat", "sd:0:sd0:nread\t1\nsd:0:sd0:nwritten\t1\nsd:0:sd0:reads\t4294967296\n"
				       "sd:0:sd0:writes\t1\nsd:0:sd0:wtime\t0\nsd:0:sd0:wlentime\t0\nsd:0:sd0:wlastupdate\t0\n"
				       "sd:0:sd0:rtime\t0\nsd:0:sd0:rlentime\t0\nsd:0:sd0:rlastupdate\t0\nsd:0:sd0:wcnt\t0\n"
				       "sd:0:sd0:rcnt\t0\n", "does not fit");
	expect_load_error("invalid.kstat", "#! kstat m:0:n NAMED INVALID\n", "retry forever");
	expect_load_error("header.kstat", "m:0:n\tclass=misc type=7 crtime=0\n", "type=7");
	expect_load_error("unmatched.kstat", "#! type m:0:n:x UINT32\nm:0:n:s\t1\n", "matches no statistic");
	expect_load_error("unmatched2.kstat", "#! kstat m:0:other IO\nm:0:n:s\t1\n", "matches no kstat");
	expect_load_error("proto.kstat", "nfs:1:mntinfo:mik_proto\t"
					 "0123456789012345678901234567890123456789012345678901234567890123456789"
					 "0123456789012345678901234567890123456789012345678901234567\n", "longer than 127");

	/* a directive declaring a multi-word statistic for a space-separated capture */
	kc = open_with(write_tmp("multi.kstat", "#! statistic Odd Name\nm:0:n:Odd Name 5\nm:0:n:Other   six words\n"));
	CHECK(kc != NULL, "multi-word directive");
	if (kc != NULL) {
		CHECK(is_u64(named(kc, "m", 0, "n", "Odd Name"), 5), "declared multi-word statistic");
		CHECK(is_char(named(kc, "m", 0, "n", "Other"), "six words"), "tab stop split");
		close_all_checked(kc, "multi");
	}
	/* a comma inside a file name, in a list of frames */
	{
		char list[8192];

		snprintf(list, sizeof(list), "%s,%s", path(g_dir, "illumos-sderr--6--sd6,err.kstat"),
			 path(g_dir, "ansible-sderr-sd0-vbox.kstat"));
		kc = open_with(list);
		CHECK(kc != NULL && counter("frames") == 2, "comma in a file name");
		if (kc != NULL)
			close_all_checked(kc, "comma");
	}
}

/* A LONGSTRINGS kstat whose string grows keeps its KID; libkstat's ENOMEM dance resizes the buffer. */
static void test_var_size(void)
{
	char list[8192];
	kstat_ctl_t *kc;
	kstat_t *ksp, *fixed;
	long long retries;

	snprintf(list, sizeof(list), "%s,%s",
		 write_tmp("grow0.kstat", "m:0:n:crtime\t1\nm:0:n:s\ta string of some length\nm:0:f:v\t1\n"),
		 write_tmp("grow1.kstat", "m:0:n:crtime\t1\nm:0:n:s\ta string of some length, and then much longer\n"
					  "m:0:f:v\t1\nm:0:f:w\t2\n"));
	kc = open_with(list);
	if (kc == NULL)
		return;
	ksp = kstat_lookup(kc, "m", 0, "n");
	fixed = kstat_lookup(kc, "m", 0, "f");
	CHECK(ksp != NULL && kstat_read(kc, ksp, NULL) != -1 && (ksp->ks_flags & KSTAT_FLAG_LONGSTRINGS), "frame 0");
	retries = counter("retries");
	kstat_standin_set_frame(1);
	CHECK(kstat_read(kc, ksp, NULL) != -1 && counter("retries") == retries + 1, "mating dance");
	CHECK(is_string(kstat_data_lookup(ksp, "s"), "a string of some length, and then much longer"), "grown");
	CHECK(kstat_chain_update(kc) > 0, "m:0:f changed size without VAR_SIZE: recreated");
	CHECK(kstat_lookup(kc, "m", 0, "n") == ksp && kstat_lookup(kc, "m", 0, "f") != fixed, "KIDs");
	close_all_checked(kc, "var size");
}

/* ---- provenance: kstat_standin_captured ------------------------------------------------------------ */

static void test_provenance(void)
{
	kstat_ctl_t *kc;
	kstat_t *ksp;

	kstat_standin_reset();
	CHECK(kstat_standin_captured("unix", 0, "system_misc", "class") == -1 && errno == ESRCH, "no kernel: ESRCH");
	CHECK(kstat_standin_captured(NULL, 0, "x", "class") == -1 && errno == EINVAL, "NULL: EINVAL");

	/* a NAMED excerpt without pseudo-statistics: served with defaults, reported as not given */
	kc = open_with(path(g_dir, "illumos-man-kstat-ex1-system_misc-avenrun.kstat"));
	if (kc != NULL) {
		ksp = kstat_lookup(kc, "unix", 0, "system_misc");
		CHECK(ksp != NULL && strcmp(ksp->ks_class, "misc") == 0 && ksp->ks_crtime == 0, "defaults still served");
		CHECK(kstat_standin_captured("unix", 0, "system_misc", "class") == 0, "avenrun: class not given");
		CHECK(kstat_standin_captured("unix", 0, "system_misc", "crtime") == 0, "avenrun: crtime not given");
		CHECK(kstat_standin_captured("unix", 0, "system_misc", "snaptime") == 0, "avenrun: snaptime not given");
		CHECK(kstat_standin_captured("unix", 0, "system_misc", "avenrun_1min") == 1, "avenrun: named given");
		CHECK(kstat_standin_captured("unix", 0, "system_misc", "nproc") == -1 && errno == ENOENT,
		      "absent named statistic: ENOENT");
		CHECK(kstat_standin_captured("unix", 1, "system_misc", "class") == -1 && errno == ENOENT,
		      "absent kstat: ENOENT");
		close_all_checked(kc, "provenance avenrun");
	}

	/* a partial cpu_stat capture: the struct is full and zero-filled, only the captured fields are given */
	kc = open_with(path(g_dir, "vmstat-cpu_stat.kstat"));
	if (kc != NULL) {
		cpu_stat_t cs;

		ksp = kstat_lookup(kc, "cpu_stat", 0, "cpu_stat0");
		CHECK(ksp != NULL && kstat_read(kc, ksp, &cs) != -1 && ksp->ks_data_size == sizeof(cpu_stat_t) &&
		      cs.cpu_sysinfo.cpu[CPU_IDLE] == 2325343762u && cs.cpu_sysinfo.cpu[CPU_WAIT] == 0,
		      "cpu_stat0 served in full");
		CHECK(kstat_standin_captured("cpu_stat", 0, "cpu_stat0", "idle") == 1 &&
		      kstat_standin_captured("cpu_stat", 0, "cpu_stat0", "kernel_asflt") == 1 &&
		      kstat_standin_captured("cpu_stat", 0, "cpu_stat0", "idlethread") == 1, "captured fields given");
		CHECK(kstat_standin_captured("cpu_stat", 0, "cpu_stat0", "wait") == 0 &&
		      kstat_standin_captured("cpu_stat", 0, "cpu_stat0", "iowait") == 0 &&
		      kstat_standin_captured("cpu_stat", 0, "cpu_stat0", "fsfree") == 0, "zero-filled fields not given");
		CHECK(kstat_standin_captured("cpu_stat", 0, "cpu_stat0", "bogus") == -1 && errno == ENOENT,
		      "not a field: ENOENT");
		CHECK(kstat_standin_captured("cpu_stat", 0, "cpu_stat0", "crtime") == 0, "cpu_stat0: crtime not given");
		close_all_checked(kc, "provenance cpu_stat");
	}

	/* chain headers give class and crtime, not snaptime nor any field */
	kc = open_with(path(g_dir, "illumos-chain-headers.txt"));
	if (kc != NULL) {
		CHECK(kstat_standin_captured("cpu_stat", 0, "cpu_stat0", "class") == 1 &&
		      kstat_standin_captured("cpu_stat", 0, "cpu_stat0", "crtime") == 1 &&
		      kstat_standin_captured("cpu_stat", 0, "cpu_stat0", "snaptime") == 0 &&
		      kstat_standin_captured("cpu_stat", 0, "cpu_stat0", "idle") == 0, "chain header provenance");
		close_all_checked(kc, "provenance chain headers");
	}

	/* several timers: TIMER:FIELD; everything given */
	kc = open_with(path(g_cdir, "types.kstat"));
	if (kc != NULL) {
		CHECK(kstat_standin_captured("standin", 0, "timers", "writes:min_time") == 1 &&
		      kstat_standin_captured("standin", 0, "timers", "reads:num_events") == 1 &&
		      kstat_standin_captured("standin", 0, "timers", "class") == 1 &&
		      kstat_standin_captured("standin", 0, "timers", "snaptime") == 1, "timers given");
		CHECK(kstat_standin_captured("standin", 0, "timers", "other:min_time") == -1 && errno == ENOENT &&
		      kstat_standin_captured("standin", 0, "timers", "min_time") == -1 && errno == ENOENT,
		      "timers: unknown record or no record: ENOENT");
		close_all_checked(kc, "provenance timers");
	}

	/* '#! snaptime' counts as given; a field changed by kstat_write becomes given, an unchanged one stays not */
	kc = open_with(write_tmp("provenance.kstat", "#! snaptime 5\n#! kstat unix:0:sysinfo RAW WRITABLE\n"
						       "unix:0:sysinfo:runque\t7\n"));
	if (kc != NULL) {
		sysinfo_t si;

		ksp = kstat_lookup(kc, "unix", 0, "sysinfo");
		CHECK(kstat_standin_captured("unix", 0, "sysinfo", "snaptime") == 1 &&
		      kstat_standin_captured("unix", 0, "sysinfo", "runque") == 1 &&
		      kstat_standin_captured("unix", 0, "sysinfo", "updates") == 0 &&
		      kstat_standin_captured("unix", 0, "sysinfo", "swpque") == 0, "sysinfo before write");
		CHECK(ksp != NULL && kstat_read(kc, ksp, &si) != -1 && si.runque == 7, "read sysinfo");
		si.updates = 3;
		CHECK(ksp != NULL && kstat_write(kc, ksp, &si) != -1, "write sysinfo: %s", strerror(errno));
		CHECK(kstat_standin_captured("unix", 0, "sysinfo", "updates") == 1 &&
		      kstat_standin_captured("unix", 0, "sysinfo", "swpque") == 0, "sysinfo after write");
		close_all_checked(kc, "provenance write");
	}
	kstat_standin_reset();
}

/* ---- sharing, threads --------------------------------------------------------------------------- */

static void test_config(void)
{
	kstat_ctl_t *kc;

	setenv("KSTAT_STANDIN_FIXTURES", "/nonexistent/env.kstat", 1);
	CHECK(kstat_standin_config("KSTAT_STANDIN_FIXTURES", path(g_cdir, "nfs-mntinfo.kstat")) == 0, "config");
	kc = kstat_open();
	CHECK(kc != NULL && kstat_lookup(kc, "nfs", 4, "mntinfo") != NULL, "override wins over the environment");
	if (kc != NULL)
		close_all_checked(kc, "config");
	CHECK(kstat_standin_config("KSTAT_STANDIN_MISUSE", "errno") == 0, "config misuse");
	kc = kstat_open();
	if (kc != NULL) {
		kstat_t *ksp = kstat_lookup(kc, "nfs", 4, "mntinfo");
		long long misuse = counter("misuse");

		kstat_close(kc);
		CHECK(kstat_read(kc, ksp, NULL) == -1 && errno == EFAULT && counter("misuse") == misuse + 1,
		      "use after close reported");
	}
	CHECK(kstat_standin_config("KSTAT_STANDIN_MISUSE", NULL) == 0, "remove override");
	CHECK(kstat_standin_config("KSTAT_STANDIN_FIXTURES", NULL) == 0, "remove override");
	CHECK(kstat_standin_config("BOGUS", "x") == -1 && errno == EINVAL, "unknown setting");
	quiet(1);
	kc = kstat_open();
	quiet(0);
	CHECK(kc == NULL && errno == ENOENT, "back to the environment");
}

static void test_sharing(void)
{
	const char *a = path(g_cdir, "types.kstat"), *b = path(g_cdir, "nfs-mntinfo.kstat");
	kstat_ctl_t *k1 = open_with(a), *k2 = open_with(a), *k3;

	CHECK(k1 != NULL && k2 != NULL && counter("kernels") == 1 && counter("handles") == 2, "shared kernel");
	kstat_standin_reset();
	k3 = open_with(a);
	CHECK(k3 != NULL && counter("kernels") == 2, "reset: next open loads afresh");
	CHECK(kstat_standin_remove("standin", -1, NULL) == 4, "acts on the current kernel");
	CHECK(k1 != NULL && kstat_read(k1, kstat_lookup(k1, "standin", 0, "types"), NULL) != -1,
	      "other kernel untouched");
	if (k1 != NULL)
		kstat_close(k1);
	if (k2 != NULL)
		kstat_close(k2);
	CHECK(counter("kernels") == 1, "old kernel freed with its last handle");
	if (k3 != NULL)
		kstat_close(k3);
	k1 = open_with(b);
	CHECK(k1 != NULL && counter("kstats") == 1, "another fixture");
	if (k1 != NULL)
		close_all_checked(k1, "sharing");
}

struct worker {
	const char *fixtures;
	int iterations;
	long reads;
};

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	kstat_ctl_t *kc = kstat_open();

	if (kc == NULL)
		return NULL;
	for (int i = 0; i < w->iterations; i++) {
		(void)kstat_chain_update(kc);
		for (kstat_t *ksp = kc->kc_chain; ksp != NULL; ksp = ksp->ks_next)
			if (kstat_read(kc, ksp, NULL) != -1)
				w->reads++;
	}
	kstat_close(kc);
	return NULL;
}

static void test_threads(void)
{
	char list[16384];
	pthread_t t[4];
	struct worker w[4];
	kstat_ctl_t *keep;
	const char *d = g_cdir;

	snprintf(list, sizeof(list), "%s+%s+%s,%s+%s+%s", path(d, "cpu-frame0.kstat"), path(d, "net-frame0.kstat"),
		 path(d, "disk-io-frame0.kstat"), path(d, "cpu-frame1.kstat"), path(d, "net-frame1.kstat"),
		 path(d, "disk-io-frame1.kstat"));
	keep = open_with(list);
	if (keep == NULL)
		return;
	for (int i = 0; i < 4; i++) {
		w[i] = (struct worker){ list, 200, 0 };
		pthread_create(&t[i], NULL, worker_main, &w[i]);
	}
	for (int i = 0; i < 400; i++)
		kstat_standin_set_frame(i % 2);
	for (int i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		CHECK(w[i].reads > 0, "worker %d read nothing", i);
	}
	close_all_checked(keep, "threads");
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void measure_chain(void)
{
	double t0 = now(), t1, t2;
	kstat_ctl_t *kc = open_with(path(g_dir, "illumos-chain-headers.txt"));
	int rounds = 200;
	size_t n = 0;

	if (kc == NULL)
		return;
	t1 = now();
	for (int r = 0; r < rounds; r++)
		for (kstat_t *ksp = kc->kc_chain; ksp != NULL; ksp = ksp->ks_next)
			n += kstat_read(kc, ksp, NULL) != -1;
	t2 = now();
	printf("chain of %lld kstats: kstat_open %.2f ms; walk + kstat_read of every kstat %.1f us a round (%d rounds)\n",
	       counter("kstats"), (t1 - t0) * 1e3, (t2 - t1) * 1e6 / rounds, rounds);
	CHECK(n == (size_t)rounds * 1566, "every read succeeded");
	close_all_checked(kc, "measure");
}

int main(int argc, char **argv)
{
	int loaded;

	if (argc != 2) {
		fprintf(stderr, "usage: check FIXTURE_DIR\n");
		return 2;
	}
	snprintf(g_dir, sizeof(g_dir), "%s", argv[1]);
	snprintf(g_cdir, sizeof(g_cdir), "%s/constructed", argv[1]);
	snprintf(g_tmp, sizeof(g_tmp), "/tmp/kstat-standin-check.XXXXXX");
	if (mkdtemp(g_tmp) == NULL) {
		perror("mkdtemp");
		return 2;
	}
	loaded = check_directory(g_dir);
	loaded += check_directory(g_cdir);
	test_real_values();
	test_constructed_values();
	test_hrtime_forms();
	test_frames();
	test_advance();
	test_injection();
	test_lookup_read_write();
	test_load_errors();
	test_var_size();
	test_provenance();
	test_config();
	test_sharing();
	test_threads();
	measure_chain();
	kstat_standin_reset();
	CHECK(counter("blocks") == 0 && counter("kernel_blocks") == 0 && counter("handles") == 0 &&
		      counter("kernels") == 0,
	      "nothing left at the end");
	{
		char cmd[8300];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", g_tmp);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", g_tmp);
	}
	printf("check: %d fixtures loaded, %d checks, %d failed\n", loaded, g_checks, g_failures);
	return g_failures == 0 ? 0 : 1;
}
