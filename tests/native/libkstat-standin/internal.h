/*
 * internal.h: types shared by the stand-in's sources (not installed, not exported).
 */
#ifndef KSTAT_STANDIN_INTERNAL_H
#define KSTAT_STANDIN_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "kstat.h"

#define SA_EXPORT __attribute__((visibility("default")))

/* ---- alloc.c: accounted allocations, poisoned and quarantined on free ----------------------------- */

typedef enum sa_kind {
	SA_CLIENT = 0, /* memory handed to clients: handles, kstat_t headers, ks_data */
	SA_KERNEL = 1, /* the simulated kernel: fixture images, written data */
	SA_KINDS = 2
} sa_kind_t;

#define SA_POISON_BYTE 0xA5
#define SA_POISON_KID ((kid_t)0xA5A5A5A5u)
#define SA_POISON_PTR ((uintptr_t)0xA5A5A5A5A5A5A5A5ull)

void *sa_calloc(size_t size, sa_kind_t kind);
char *sa_strdup(const char *s, sa_kind_t kind);
char *sa_strndup(const char *s, size_t n, sa_kind_t kind);
/* Fills the block with SA_POISON_BYTE; client blocks then wait in a bounded quarantine before free(). */
void sa_free(void *p);
long long sa_blocks(sa_kind_t kind);
long long sa_bytes(sa_kind_t kind);
long long sa_quarantined(void);
void sa_quarantine_flush(void);

/* ---- layouts.c: RAW struct layouts and the names kstat(1) gives their fields ---------------------- */

typedef enum field_kind { FK_U32, FK_I32, FK_U64, FK_I64, FK_HRTIME, FK_CHARS } field_kind_t;

typedef struct field {
	const char *name;
	size_t offset;
	field_kind_t kind;
	size_t size; /* bytes (FK_CHARS: array length) */
} field_t;

typedef struct layout {
	const char *struct_name; /* "sysinfo", "vminfo", "var", "mntinfo", "cpu_stat" */
	size_t size;
	const field_t *fields;
	size_t nfields;
} layout_t;

const layout_t *layout_by_struct(const char *struct_name);
/* The RAW layout illumos gives module:name (unix:sysinfo, unix:vminfo, unix:var, nfs:mntinfo, cpu_stat:*). */
const layout_t *layout_for_kstat(const char *module, const char *name);
const layout_t *layout_io(void);    /* kstat_io_t, with kstat(1)'s names */
const layout_t *layout_intr(void);  /* kstat_intr_t: hard soft watchdog spurious multiple_service */
const layout_t *layout_timer(void); /* kstat_timer_t: name num_events elapsed_time ... stop_time */
const field_t *layout_field(const layout_t *layout, const char *name);
/* The class illumos gives a kstat of this kind, for captures without a class line. */
const char *default_class(const char *module, const char *name, int type);
/* Built-in multi-word statistic names (disk error kstats), NULL-terminated. */
extern const char *const known_multiword_statistics[];

/* ---- fixture.c: kstat -p files -> kernel images -------------------------------------------------- */

typedef enum ks_dynamic {
	KS_STATIC = 0,
	KS_HEADERS = 1 /* unix:0:kstat_headers: its data is the array of kstat_t headers of the chain */
} ks_dynamic_t;

typedef struct ks_image {
	char module[KSTAT_STRLEN];
	char name[KSTAT_STRLEN];
	char class_name[KSTAT_STRLEN];
	int instance;
	uchar_t type;
	uchar_t flags;
	ks_dynamic_t dynamic;
	hrtime_t crtime;
	hrtime_t snaptime;
	uint_t ndata;
	size_t data_size;
	/* data_size bytes (kernel memory). NAMED STRING statistics hold, in str.addr.ptr, the offset of their
	 * bytes inside data plus one (0 = NULL pointer); reads re-base it onto the reader's buffer. */
	unsigned char *data;
	/* Provenance (kstat_standin_captured): which values the fixture gave, as opposed to defaults the stand-in
	 * filled (class by kind, crtime 0, snaptime 0, zero struct fields). Clients of the seven libkstat
	 * functions never see it: they get the full, zero-filled struct, as from a kernel. */
	unsigned given_pseudo; /* GIVEN_CLASS | GIVEN_CRTIME | GIVEN_SNAPTIME */
	const layout_t *layout; /* RAW with a known struct, IO, INTR, TIMER: the layout of one record; else NULL */
	size_t nrecords;        /* records of `layout` in data (TIMER: ndata; others 1) */
	unsigned char *given;   /* nrecords * layout->nfields flags, 1 = the fixture gave the field (kernel memory) */
} ks_image_t;

#define GIVEN_CLASS 1u
#define GIVEN_CRTIME 2u
#define GIVEN_SNAPTIME 4u

typedef struct frame {
	ks_image_t *ks;
	size_t n;
} frame_t;

/* Loads the files of one frame. 0, or -1 with errno and a message "file:line: cause" in err. */
int fixture_load_frame(char *const *paths, size_t npaths, frame_t *out, char *err, size_t errlen);
void fixture_free_frame(frame_t *frame);

/* ---- kernel.c: the simulated kernel -------------------------------------------------------------- */

typedef struct live {
	kid_t kid;
	const ks_image_t *img;
	unsigned char *written; /* data stored by kstat_write (image format), or NULL */
} live_t;

typedef struct kernel {
	int refs;
	char *source; /* the KSTAT_STANDIN_FIXTURES value it was loaded from */
	int advance;  /* every explicit kstat_chain_update advances one frame */
	frame_t *frames;
	int nframes;
	int cur;
	live_t *live; /* sorted by kid */
	size_t nlive;
	kid_t next_kid;
	kid_t kcid;
} kernel_t;

kernel_t *kernel_load(const char *source, int advance, char *err, size_t errlen);
void kernel_free(kernel_t *k);
int kernel_set_frame(kernel_t *k, int frame);
int kernel_remove(kernel_t *k, const char *module, int instance, const char *name);
/* Fills a chain header (everything but ks_next and ks_data) for a live kstat. */
void kernel_header(const kernel_t *k, const live_t *l, kstat_t *out);
/* The KSTAT_IOC_READ / KSTAT_IOC_WRITE emulation: the KCID, or -1 with errno. */
kid_t kernel_read(const kernel_t *k, kstat_t *ksp);
kid_t kernel_write(kernel_t *k, kstat_t *ksp, int privileged);
/* kstat_standin_captured() for the current frame: 1, 0, or -1 with errno ENOENT. */
int kernel_captured(const kernel_t *k, const char *module, int instance, const char *name, const char *statistic);

#endif /* KSTAT_STANDIN_INTERNAL_H */
