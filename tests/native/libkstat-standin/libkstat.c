/*
 * libkstat.c: libkstat's seven functions over the simulated kernel (illumos lib/libkstat/common/kstat.c
 * behaviour), and the stand-in's control functions. One lock serializes the library state; like the real
 * libkstat, one kstat_ctl_t must not be used by two threads at once.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "kstat_standin.h"

#define HANDLE_MAGIC 0x6B637472u /* "kctr" */

typedef struct handle {
	kstat_ctl_t kc; /* first: a client sees only these 24 bytes */
	kernel_t *kernel;
	uint32_t magic;
} handle_t;

enum op {
	OP_OPEN,
	OP_CLOSE,
	OP_CHAIN_UPDATE,
	OP_LOOKUP,
	OP_DATA_LOOKUP,
	OP_READ,
	OP_WRITE,
	OP_IOCTL_READ,
	OP_IOCTL_WRITE,
	OP_IOCTL_CHAIN_ID,
	OP_COUNT
};

static const char *const op_names[OP_COUNT] = {
	"open", "close", "chain_update", "lookup", "data_lookup", "read", "write",
	"ioctl_read", "ioctl_write", "ioctl_chain_id",
};

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static kernel_t *g_current;
static struct {
	int err;
	int count;
} g_inject[OP_COUNT];
static long long g_calls[OP_COUNT];
static long long g_injected, g_retries, g_misuse, g_handles, g_kernels;
static int g_privileged = 1;
static char g_last_error[1024];

/* kstat_standin_corrupt(): what the next successful reads of matching kstats hand the client. */
enum corruption { CORRUPT_NONE, CORRUPT_NDATA, CORRUPT_STRING_PTR, CORRUPT_STRING_LEN };
static struct {
	enum corruption what;
	char module[KSTAT_STRLEN];
	char name[KSTAT_STRLEN];
	int has_module, has_name, instance;
	long long value;
	int count;
} g_corrupt;
static long long g_corrupted;

/* Settings: kstat_standin_config() overrides, else the environment variable of the same name. */
enum setting { SET_FIXTURES, SET_ADVANCE, SET_MISUSE, SET_EAGAIN_MS, SET_COUNT };
static const char *const setting_names[SET_COUNT] = {
	"KSTAT_STANDIN_FIXTURES", "KSTAT_STANDIN_ADVANCE", "KSTAT_STANDIN_MISUSE", "KSTAT_STANDIN_EAGAIN_MS",
};
static char *g_settings[SET_COUNT];

static const char *setting(enum setting which)
{
	return g_settings[which] != NULL ? g_settings[which] : getenv(setting_names[which]);
}

#define LOCK() pthread_mutex_lock(&g_lock)
#define UNLOCK() pthread_mutex_unlock(&g_lock)

/* Consumes one injected failure of op: 1 (errno set) or 0. */
static int injected(enum op op)
{
	if (g_inject[op].count <= 0 || g_inject[op].err == 0)
		return 0;
	g_inject[op].count--;
	g_injected++;
	errno = g_inject[op].err;
	return 1;
}

static int misuse(const char *fn, const char *what)
{
	const char *mode = setting(SET_MISUSE);

	g_misuse++;
	if (mode == NULL || strcmp(mode, "errno") != 0) {
		fprintf(stderr, "libkstat-standin: %s: %s\n", fn, what);
		fflush(stderr);
		abort();
	}
	errno = EFAULT;
	return -1;
}

static handle_t *handle_of(kstat_ctl_t *kc, const char *fn)
{
	handle_t *h = (handle_t *)kc;

	if (kc == NULL) {
		misuse(fn, "kstat_ctl_t is NULL");
		return NULL;
	}
	if (h->magic != HANDLE_MAGIC) {
		misuse(fn, "kstat_ctl_t was closed by kstat_close (or is not from kstat_open): use after free");
		return NULL;
	}
	return h;
}

static int kstat_ok(const kstat_t *ksp, const char *fn)
{
	if (ksp == NULL)
		return misuse(fn, "kstat_t is NULL") == 0;
	if (ksp->ks_kid == SA_POISON_KID && (uintptr_t)ksp->ks_next == SA_POISON_PTR)
		return misuse(fn, "kstat_t was freed by kstat_chain_update or kstat_close: use after free") == 0;
	return 1;
}

static long eagain_ms(void)
{
	const char *s = setting(SET_EAGAIN_MS);
	char *end;
	long v;

	if (s == NULL || *s == '\0')
		return 100;
	v = strtol(s, &end, 10);
	return *end == '\0' && v >= 0 && v <= 10000 ? v : 100;
}

static void free_chain(kstat_ctl_t *kc)
{
	kstat_t *ksp = kc->kc_chain, *next;

	while (ksp != NULL) {
		next = ksp->ks_next;
		sa_free(ksp->ks_data);
		sa_free(ksp);
		ksp = next;
	}
	kc->kc_chain = NULL;
	kc->kc_chain_id = 0;
}

/* kstat_chain_update's body; explicit = called by the client (counted, may advance a frame). */
static kid_t chain_update_locked(handle_t *h, int explicit_call)
{
	kstat_ctl_t *kc = &h->kc;
	kernel_t *k = h->kernel;
	kstat_t *o, *next, **pp;
	size_t j = 0;

	if (explicit_call) {
		g_calls[OP_CHAIN_UPDATE]++;
		if (injected(OP_CHAIN_UPDATE))
			return -1;
		if (k->advance && k->cur + 1 < k->nframes && kernel_set_frame(k, k->cur + 1) != 0)
			return -1;
	}
	if (injected(OP_IOCTL_CHAIN_ID))
		return -1;
	if (k->kcid == kc->kc_chain_id)
		return 0;
	/* Remove deleted kstats (both lists are in KID order; new kstats have the highest KIDs). */
	pp = &kc->kc_chain;
	for (o = kc->kc_chain; o != NULL; o = next) {
		next = o->ks_next;
		if (j < k->nlive && o->ks_kid == k->live[j].kid) {
			pp = &o->ks_next;
			j++;
		} else {
			*pp = next;
			sa_free(o->ks_data);
			sa_free(o);
		}
	}
	/* Append the new ones. */
	for (; j < k->nlive; j++) {
		kstat_t *n = sa_calloc(sizeof(kstat_t), SA_CLIENT);

		if (n == NULL) {
			errno = ENOMEM;
			return -1;
		}
		kernel_header(k, &k->live[j], n);
		*pp = n;
		pp = &n->ks_next;
	}
	kc->kc_chain_id = k->kcid;
	return k->kcid;
}

static int close_locked(handle_t *h)
{
	kernel_t *k = h->kernel;
	int rc;

	free_chain(&h->kc);
	rc = close(h->kc.kc_kd);
	if (k != NULL && --k->refs == 0) {
		if (g_current == k)
			g_current = NULL;
		kernel_free(k);
		g_kernels--;
	}
	h->magic = 0;
	sa_free(h);
	g_handles--;
	return rc;
}

/* ---- libkstat ------------------------------------------------------------------------------------- */

SA_EXPORT kstat_ctl_t *kstat_open(void)
{
	const char *src, *adv;
	int advance, e;
	kernel_t *k;
	handle_t *h;

	LOCK();
	g_calls[OP_OPEN]++;
	if (injected(OP_OPEN))
		goto fail;
	src = setting(SET_FIXTURES);
	adv = setting(SET_ADVANCE);
	advance = adv != NULL && strcmp(adv, "update") == 0;
	if (src == NULL || *src == '\0') {
		snprintf(g_last_error, sizeof(g_last_error),
			 "KSTAT_STANDIN_FIXTURES is not set: set it to a comma-separated list of kstat -p fixture "
			 "files (one frame each)");
		errno = ENOENT;
		goto fail;
	}
	if (g_current != NULL && g_current->advance == advance && strcmp(g_current->source, src) == 0) {
		k = g_current;
	} else {
		k = kernel_load(src, advance, g_last_error, sizeof(g_last_error));
		if (k == NULL) {
			e = errno;
			fprintf(stderr, "libkstat-standin: %s\n", g_last_error);
			errno = e;
			goto fail;
		}
		g_current = k;
		g_kernels++;
	}
	h = sa_calloc(sizeof(*h), SA_CLIENT);
	if (h == NULL) {
		errno = ENOMEM;
		goto drop_kernel;
	}
	h->kc.kc_kd = open("/dev/null", O_RDONLY);
	if (h->kc.kc_kd == -1) {
		e = errno;
		sa_free(h);
		errno = e;
		goto drop_kernel;
	}
	h->kernel = k;
	h->magic = HANDLE_MAGIC;
	k->refs++;
	g_handles++;
	if (chain_update_locked(h, 0) == -1) {
		e = errno;
		close_locked(h);
		UNLOCK();
		errno = e;
		return NULL;
	}
	UNLOCK();
	return &h->kc;
drop_kernel:
	if (k->refs == 0) {
		e = errno;
		if (g_current == k)
			g_current = NULL;
		kernel_free(k);
		g_kernels--;
		errno = e;
	}
fail:
	e = errno;
	UNLOCK();
	errno = e;
	return NULL;
}

SA_EXPORT int kstat_close(kstat_ctl_t *kc)
{
	handle_t *h;
	int rc, e;

	LOCK();
	g_calls[OP_CLOSE]++;
	h = handle_of(kc, "kstat_close");
	if (h == NULL) {
		UNLOCK();
		return -1;
	}
	rc = close_locked(h);
	e = errno;
	UNLOCK();
	errno = e;
	return rc;
}

SA_EXPORT kid_t kstat_chain_update(kstat_ctl_t *kc)
{
	handle_t *h;
	kid_t r;
	int e;

	LOCK();
	h = handle_of(kc, "kstat_chain_update");
	if (h == NULL) {
		g_calls[OP_CHAIN_UPDATE]++;
		UNLOCK();
		return -1;
	}
	r = chain_update_locked(h, 1);
	e = errno;
	UNLOCK();
	errno = e;
	return r;
}

SA_EXPORT kstat_t *kstat_lookup(kstat_ctl_t *kc, const char *module, int instance, const char *name)
{
	kstat_t *ksp;

	LOCK();
	g_calls[OP_LOOKUP]++;
	if (handle_of(kc, "kstat_lookup") == NULL || injected(OP_LOOKUP)) {
		int e = errno;
		UNLOCK();
		errno = e;
		return NULL;
	}
	for (ksp = kc->kc_chain; ksp != NULL; ksp = ksp->ks_next) {
		if ((module == NULL || strcmp(ksp->ks_module, module) == 0) &&
		    (instance == -1 || ksp->ks_instance == instance) &&
		    (name == NULL || strcmp(ksp->ks_name, name) == 0)) {
			UNLOCK();
			return ksp;
		}
	}
	UNLOCK();
	errno = ENOENT;
	return NULL;
}

SA_EXPORT void *kstat_data_lookup(kstat_t *ksp, const char *name)
{
	size_t size;
	char *data;
	int e;

	LOCK();
	g_calls[OP_DATA_LOOKUP]++;
	if (!kstat_ok(ksp, "kstat_data_lookup") || injected(OP_DATA_LOOKUP))
		goto fail;
	switch (ksp->ks_type) {
	case KSTAT_TYPE_NAMED:
		size = sizeof(kstat_named_t);
		break;
	case KSTAT_TYPE_TIMER:
		size = sizeof(kstat_timer_t);
		break;
	default:
		errno = EINVAL;
		goto fail;
	}
	if (ksp->ks_data == NULL && ksp->ks_ndata > 0) {
		misuse("kstat_data_lookup", "ks_data is NULL: call kstat_read first (libkstat would crash here)");
		goto fail;
	}
	data = ksp->ks_data;
	/* name is the first member of both kstat_named_t and kstat_timer_t */
	for (uint_t i = 0; i < ksp->ks_ndata; i++, data += size) {
		if (strncmp(name, data, KSTAT_STRLEN) == 0 && strlen(name) < KSTAT_STRLEN) {
			UNLOCK();
			return data;
		}
	}
	errno = ENOENT;
fail:
	e = errno;
	UNLOCK();
	errno = e;
	return NULL;
}

/* The first STRING statistic with a value of a NAMED kstat's data, or NULL. */
static kstat_named_t *first_string(kstat_t *ksp)
{
	kstat_named_t *kn = ksp->ks_data;

	if (ksp->ks_type != KSTAT_TYPE_NAMED || kn == NULL)
		return NULL;
	for (uint_t i = 0; i < ksp->ks_ndata && (i + 1) * sizeof(*kn) <= ksp->ks_data_size; i++, kn++)
		if (kn->data_type == KSTAT_DATA_STRING && KSTAT_NAMED_STR_PTR(kn) != NULL)
			return kn;
	return NULL;
}

/* Applies a pending kstat_standin_corrupt() to what a successful read just returned (called with the lock held). */
static void corrupt_read(kstat_t *ksp)
{
	kstat_named_t *kn;

	if (g_corrupt.count <= 0 || (g_corrupt.has_module && strcmp(g_corrupt.module, ksp->ks_module) != 0) ||
	    (g_corrupt.has_name && strcmp(g_corrupt.name, ksp->ks_name) != 0) ||
	    (g_corrupt.instance != -1 && g_corrupt.instance != ksp->ks_instance))
		return;
	switch (g_corrupt.what) {
	case CORRUPT_NDATA:
		ksp->ks_ndata = (uint_t)g_corrupt.value;
		break;
	case CORRUPT_STRING_PTR:
	case CORRUPT_STRING_LEN:
		if ((kn = first_string(ksp)) == NULL)
			return; /* nothing to corrupt in this kstat: wait for one that has a string */
		if (g_corrupt.what == CORRUPT_STRING_PTR)
			KSTAT_NAMED_STR_PTR(kn) += g_corrupt.value;
		else
			KSTAT_NAMED_STR_BUFLEN(kn) = (uint32_t)g_corrupt.value;
		break;
	default:
		return;
	}
	g_corrupt.count--;
	g_corrupted++;
}

SA_EXPORT kid_t kstat_read(kstat_ctl_t *kc, kstat_t *ksp, void *buf)
{
	handle_t *h;
	kid_t kcid;
	int e;

	LOCK();
	g_calls[OP_READ]++;
	h = handle_of(kc, "kstat_read");
	if (h == NULL || !kstat_ok(ksp, "kstat_read") || injected(OP_READ))
		goto fail;
	if (ksp->ks_data == NULL && ksp->ks_data_size > 0) {
		ksp->ks_data = sa_calloc(ksp->ks_data_size, SA_CLIENT);
		if (ksp->ks_data == NULL) {
			errno = ENOMEM;
			goto fail;
		}
	}
	for (;;) {
		kcid = injected(OP_IOCTL_READ) ? -1 : kernel_read(h->kernel, ksp);
		if (kcid != -1)
			break;
		if (errno == EAGAIN) {
			g_retries++;
			UNLOCK();
			(void)poll(NULL, 0, (int)eagain_ms()); /* back off a moment, and try again */
			LOCK();
			continue;
		}
		if (errno == ENOMEM && (ksp->ks_flags & (KSTAT_FLAG_VAR_SIZE | KSTAT_FLAG_LONGSTRINGS))) {
			/* the mating dance for variable-size kstats: resize to what the kernel said */
			g_retries++;
			sa_free(ksp->ks_data);
			ksp->ks_data = ksp->ks_data_size > 0 ? sa_calloc(ksp->ks_data_size, SA_CLIENT) : NULL;
			if (ksp->ks_data != NULL || ksp->ks_data_size == 0)
				continue;
			errno = ENOMEM;
		}
		goto fail;
	}
	corrupt_read(ksp);
	if (buf != NULL && ksp->ks_data_size > 0) {
		memcpy(buf, ksp->ks_data, ksp->ks_data_size);
		if (ksp->ks_type == KSTAT_TYPE_NAMED && ksp->ks_data_size != ksp->ks_ndata * sizeof(kstat_named_t)) {
			kstat_named_t *kn = buf;

			for (uint_t i = 0; i < ksp->ks_ndata; i++, kn++) {
				if (kn->data_type != KSTAT_DATA_STRING || KSTAT_NAMED_STR_PTR(kn) == NULL)
					continue;
				KSTAT_NAMED_STR_PTR(kn) = (char *)buf + (KSTAT_NAMED_STR_PTR(kn) - (char *)ksp->ks_data);
			}
		}
	}
	UNLOCK();
	return kcid;
fail:
	e = errno;
	UNLOCK();
	errno = e;
	return -1;
}

SA_EXPORT kid_t kstat_write(kstat_ctl_t *kc, kstat_t *ksp, void *buf)
{
	handle_t *h;
	kid_t kcid;
	int e;

	LOCK();
	g_calls[OP_WRITE]++;
	h = handle_of(kc, "kstat_write");
	if (h == NULL || !kstat_ok(ksp, "kstat_write") || injected(OP_WRITE))
		goto fail;
	if (ksp->ks_data == NULL && ksp->ks_data_size > 0) {
		ksp->ks_data = sa_calloc(ksp->ks_data_size, SA_CLIENT);
		if (ksp->ks_data == NULL) {
			errno = ENOMEM;
			goto fail;
		}
	}
	if (buf != NULL && ksp->ks_data_size > 0) {
		memcpy(ksp->ks_data, buf, ksp->ks_data_size);
		if (ksp->ks_type == KSTAT_TYPE_NAMED) {
			const kstat_named_t *oknp = buf;
			kstat_named_t *nknp = KSTAT_NAMED_PTR(ksp);

			for (uint_t i = 0; i < ksp->ks_ndata; i++, oknp++, nknp++) {
				if (nknp->data_type != KSTAT_DATA_STRING || KSTAT_NAMED_STR_PTR(nknp) == NULL)
					continue;
				/* pointers into buf become pointers into ks_data at the same offset */
				KSTAT_NAMED_STR_PTR(nknp) =
					(char *)ksp->ks_data + (KSTAT_NAMED_STR_PTR(oknp) - (char *)buf);
			}
		}
	}
	for (;;) {
		kcid = injected(OP_IOCTL_WRITE) ? -1 : kernel_write(h->kernel, ksp, g_privileged);
		if (kcid != -1 || errno != EAGAIN)
			break;
		g_retries++;
		UNLOCK();
		(void)poll(NULL, 0, (int)eagain_ms());
		LOCK();
	}
	e = errno;
	UNLOCK();
	errno = e;
	return kcid;
fail:
	e = errno;
	UNLOCK();
	errno = e;
	return -1;
}

/* ---- control functions ------------------------------------------------------------------------------ */

SA_EXPORT int kstat_standin_set_frame(int frame)
{
	int rc, e;

	LOCK();
	if (g_current == NULL) {
		UNLOCK();
		errno = ESRCH;
		return -1;
	}
	rc = kernel_set_frame(g_current, frame);
	e = errno;
	UNLOCK();
	errno = e;
	return rc;
}

SA_EXPORT int kstat_standin_next_frame(void)
{
	int rc, e;

	LOCK();
	if (g_current == NULL) {
		UNLOCK();
		errno = ESRCH;
		return -1;
	}
	rc = g_current->cur;
	if (g_current->cur + 1 < g_current->nframes)
		rc = kernel_set_frame(g_current, g_current->cur + 1) == 0 ? g_current->cur : -1;
	e = errno;
	UNLOCK();
	errno = e;
	return rc;
}

SA_EXPORT int kstat_standin_inject(const char *op, int err, int count)
{
	if (op == NULL) {
		errno = EINVAL;
		return -1;
	}
	for (int i = 0; i < OP_COUNT; i++) {
		if (strcmp(op, op_names[i]) != 0 || i == OP_CLOSE)
			continue;
		LOCK();
		g_inject[i].err = count > 0 ? err : 0;
		g_inject[i].count = err != 0 && count > 0 ? count : 0;
		UNLOCK();
		return 0;
	}
	errno = EINVAL;
	return -1;
}

SA_EXPORT int kstat_standin_corrupt(const char *module, int instance, const char *name, const char *what, long long value,
				  int count)
{
	enum corruption c;

	if (what == NULL || (module != NULL && strlen(module) >= KSTAT_STRLEN) ||
	    (name != NULL && strlen(name) >= KSTAT_STRLEN)) {
		errno = EINVAL;
		return -1;
	}
	if (strcmp(what, "ndata") == 0)
		c = CORRUPT_NDATA;
	else if (strcmp(what, "string_ptr") == 0)
		c = CORRUPT_STRING_PTR;
	else if (strcmp(what, "string_len") == 0)
		c = CORRUPT_STRING_LEN;
	else {
		errno = EINVAL;
		return -1;
	}
	LOCK();
	memset(&g_corrupt, 0, sizeof(g_corrupt));
	g_corrupt.what = count > 0 ? c : CORRUPT_NONE;
	g_corrupt.count = count > 0 ? count : 0;
	g_corrupt.value = value;
	g_corrupt.instance = instance;
	g_corrupt.has_module = module != NULL;
	g_corrupt.has_name = name != NULL;
	if (module != NULL)
		snprintf(g_corrupt.module, sizeof(g_corrupt.module), "%s", module);
	if (name != NULL)
		snprintf(g_corrupt.name, sizeof(g_corrupt.name), "%s", name);
	UNLOCK();
	return 0;
}

SA_EXPORT int kstat_standin_remove(const char *module, int instance, const char *name)
{
	int rc, e;

	LOCK();
	if (g_current == NULL) {
		UNLOCK();
		errno = ESRCH;
		return -1;
	}
	rc = kernel_remove(g_current, module, instance, name);
	e = errno;
	UNLOCK();
	errno = e;
	return rc;
}

SA_EXPORT int kstat_standin_captured(const char *module, int instance, const char *name, const char *statistic)
{
	int rc, e;

	if (module == NULL || name == NULL || statistic == NULL) {
		errno = EINVAL;
		return -1;
	}
	LOCK();
	if (g_current == NULL) {
		UNLOCK();
		errno = ESRCH;
		return -1;
	}
	rc = kernel_captured(g_current, module, instance, name, statistic);
	e = errno;
	UNLOCK();
	errno = e;
	return rc;
}

SA_EXPORT long long kstat_standin_counter(const char *name)
{
	long long v = -1;
	int found = 1;

	if (name == NULL) {
		errno = EINVAL;
		return -1;
	}
	LOCK();
	for (int i = 0; i <= OP_WRITE; i++)
		if (strcmp(name, op_names[i]) == 0) {
			v = g_calls[i];
			goto out;
		}
	if (strcmp(name, "injected") == 0)
		v = g_injected;
	else if (strcmp(name, "corrupted") == 0)
		v = g_corrupted;
	else if (strcmp(name, "retries") == 0)
		v = g_retries;
	else if (strcmp(name, "misuse") == 0)
		v = g_misuse;
	else if (strcmp(name, "handles") == 0)
		v = g_handles;
	else if (strcmp(name, "kernels") == 0)
		v = g_kernels;
	else if (strcmp(name, "blocks") == 0)
		v = sa_blocks(SA_CLIENT);
	else if (strcmp(name, "bytes") == 0)
		v = sa_bytes(SA_CLIENT);
	else if (strcmp(name, "kernel_blocks") == 0)
		v = sa_blocks(SA_KERNEL);
	else if (strcmp(name, "kernel_bytes") == 0)
		v = sa_bytes(SA_KERNEL);
	else if (strcmp(name, "quarantine_blocks") == 0)
		v = sa_quarantined();
	else if (strcmp(name, "frame") == 0)
		v = g_current != NULL ? g_current->cur : -1;
	else if (strcmp(name, "frames") == 0)
		v = g_current != NULL ? g_current->nframes : -1;
	else if (strcmp(name, "kcid") == 0)
		v = g_current != NULL ? g_current->kcid : -1;
	else if (strcmp(name, "kstats") == 0)
		v = g_current != NULL ? (long long)g_current->nlive : -1;
	else
		found = 0;
out:
	UNLOCK();
	if (!found)
		errno = EINVAL;
	return v;
}

SA_EXPORT void kstat_standin_reset(void)
{
	LOCK();
	memset(g_inject, 0, sizeof(g_inject));
	memset(g_calls, 0, sizeof(g_calls));
	memset(&g_corrupt, 0, sizeof(g_corrupt));
	g_injected = g_retries = g_misuse = g_corrupted = 0;
	g_privileged = 1;
	g_last_error[0] = '\0';
	/* open handles keep their kernel (freed with the last of them); the next kstat_open loads afresh */
	g_current = NULL;
	UNLOCK();
}

SA_EXPORT void kstat_standin_set_privileged(int privileged)
{
	LOCK();
	g_privileged = privileged != 0;
	UNLOCK();
}

SA_EXPORT const char *kstat_standin_last_error(void)
{
	return g_last_error;
}

SA_EXPORT int kstat_standin_config(const char *name, const char *value)
{
	char *copy = NULL;

	for (int i = 0; name != NULL && i < SET_COUNT; i++) {
		if (strcmp(name, setting_names[i]) != 0)
			continue;
		if (value != NULL && (copy = strdup(value)) == NULL) {
			errno = ENOMEM;
			return -1;
		}
		LOCK();
		free(g_settings[i]);
		g_settings[i] = copy;
		UNLOCK();
		return 0;
	}
	errno = EINVAL;
	return -1;
}

__attribute__((destructor)) static void settings_at_unload(void)
{
	for (int i = 0; i < SET_COUNT; i++) {
		free(g_settings[i]);
		g_settings[i] = NULL;
	}
}
