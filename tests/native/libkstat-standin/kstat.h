/*
 * kstat.h: the illumos kstat ABI for amd64 (LP64), as the stand-in libkstat serves it.
 *
 * Layouts follow illumos sys/kstat.h, lib/libkstat kstat.h, sys/sysinfo.h, sys/var.h and nfs/nfs_clnt.h
 * (userland, _LP64). The static asserts at the end pin every size and the offsets clients depend on; the
 * values were measured with gcc and match the sizes go-kstat took from cgo on OmniOS.
 */
#ifndef KSTAT_STANDIN_KSTAT_H
#define KSTAT_STANDIN_KSTAT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if !defined(__x86_64__) || !defined(__LP64__)
#error "the stand-in reproduces the amd64 (LP64) kstat ABI only"
#endif

/* illumos basic types (sys/types.h) that Linux does not define. */
typedef unsigned char uchar_t;
typedef unsigned int uint_t;
typedef unsigned long ulong_t;
typedef unsigned long long u_longlong_t;
typedef long long hrtime_t; /* nanoseconds, from gethrtime(): time since boot */
typedef int kid_t;          /* unique kstat id */

/* ---- sys/kstat.h ---------------------------------------------------------------------------------- */

#define KSTAT_STRLEN 31 /* 30 characters + NUL */

typedef struct kstat {
	/* Fields relevant to both kernel and user. */
	hrtime_t ks_crtime;            /* creation time */
	struct kstat *ks_next;         /* kstat chain linkage */
	kid_t ks_kid;                  /* unique kstat ID */
	char ks_module[KSTAT_STRLEN];  /* provider module name */
	uchar_t ks_resv;               /* reserved */
	int ks_instance;               /* provider module's instance */
	char ks_name[KSTAT_STRLEN];    /* kstat name */
	uchar_t ks_type;               /* kstat data type */
	char ks_class[KSTAT_STRLEN];   /* kstat class */
	uchar_t ks_flags;              /* kstat flags */
	void *ks_data;                 /* kstat type-specific data */
	uint_t ks_ndata;               /* # of type-specific data records */
	size_t ks_data_size;           /* total size of kstat data section */
	hrtime_t ks_snaptime;          /* time of last data snapshot */
	/* Fields relevant to the kernel only (never meaningful in userland). */
	int (*ks_update)(struct kstat *, int);
	void *ks_private;
	int (*ks_snapshot)(struct kstat *, void *, int);
	void *ks_lock;
} kstat_t;

/* ks_type */
#define KSTAT_TYPE_RAW 0   /* can be anything; ks_ndata >= 1 */
#define KSTAT_TYPE_NAMED 1 /* name/value pairs; ks_ndata >= 1 */
#define KSTAT_TYPE_INTR 2  /* interrupt statistics; ks_ndata == 1 */
#define KSTAT_TYPE_IO 3    /* I/O statistics; ks_ndata == 1 */
#define KSTAT_TYPE_TIMER 4 /* event timers; ks_ndata >= 1 */
#define KSTAT_NUM_TYPES 5

/* ks_flags */
#define KSTAT_FLAG_VIRTUAL 0x01
#define KSTAT_FLAG_VAR_SIZE 0x02
#define KSTAT_FLAG_WRITABLE 0x04
#define KSTAT_FLAG_PERSISTENT 0x08
#define KSTAT_FLAG_DORMANT 0x10
#define KSTAT_FLAG_INVALID 0x20
#define KSTAT_FLAG_LONGSTRINGS 0x40

/* rw argument of ks_update */
#define KSTAT_READ 0
#define KSTAT_WRITE 1

/* /dev/kstat ioctls */
#define KSTAT_IOC_BASE ('K' << 8)
#define KSTAT_IOC_CHAIN_ID (KSTAT_IOC_BASE | 0x01)
#define KSTAT_IOC_READ (KSTAT_IOC_BASE | 0x02)
#define KSTAT_IOC_WRITE (KSTAT_IOC_BASE | 0x03)

/* Named statistics. */
typedef struct kstat_named {
	char name[KSTAT_STRLEN]; /* name of counter */
	uchar_t data_type;       /* data type */
	union {
		char c[16]; /* enough for 128-bit ints; may lack a NUL */
		int32_t i32;
		uint32_t ui32;
		struct {
			union {
				char *ptr; /* NUL-terminated string */
				char __pad[8];
			} addr;
			uint32_t len; /* strlen + 1 */
		} str;
		int64_t i64;
		uint64_t ui64;
		/* obsolete */
		long l;
		ulong_t ul;
		long long ll;
		u_longlong_t ull;
		float f;
		double d;
	} value;
} kstat_named_t;

#define KSTAT_DATA_CHAR 0
#define KSTAT_DATA_INT32 1
#define KSTAT_DATA_UINT32 2
#define KSTAT_DATA_INT64 3
#define KSTAT_DATA_UINT64 4
#define KSTAT_DATA_LONG KSTAT_DATA_INT64   /* LP64 userland; the kernel's LONG (7) is rewritten to 3 */
#define KSTAT_DATA_ULONG KSTAT_DATA_UINT64 /* LP64 userland; the kernel's ULONG (8) is rewritten to 4 */
#define KSTAT_DATA_STRING 9
/* obsolete */
#define KSTAT_DATA_LONGLONG KSTAT_DATA_INT64
#define KSTAT_DATA_ULONGLONG KSTAT_DATA_UINT64
#define KSTAT_DATA_FLOAT 5
#define KSTAT_DATA_DOUBLE 6

#define KSTAT_NAMED_PTR(kptr) ((kstat_named_t *)(kptr)->ks_data)
#define KSTAT_NAMED_STR_PTR(knptr) ((knptr)->value.str.addr.ptr)
#define KSTAT_NAMED_STR_BUFLEN(knptr) ((knptr)->value.str.len)

/* Interrupt statistics. */
#define KSTAT_INTR_HARD 0
#define KSTAT_INTR_SOFT 1
#define KSTAT_INTR_WATCHDOG 2
#define KSTAT_INTR_SPURIOUS 3
#define KSTAT_INTR_MULTSVC 4
#define KSTAT_NUM_INTRS 5

typedef struct kstat_intr {
	uint_t intrs[KSTAT_NUM_INTRS]; /* interrupt counters */
} kstat_intr_t;

#define KSTAT_INTR_PTR(kptr) ((kstat_intr_t *)(kptr)->ks_data)

/* Event timer statistics. */
typedef struct kstat_timer {
	char name[KSTAT_STRLEN];  /* event name */
	uchar_t resv;             /* reserved */
	u_longlong_t num_events;  /* number of events */
	hrtime_t elapsed_time;    /* cumulative elapsed time */
	hrtime_t min_time;        /* shortest event duration */
	hrtime_t max_time;        /* longest event duration */
	hrtime_t start_time;      /* previous event start time */
	hrtime_t stop_time;       /* previous event stop time */
} kstat_timer_t;

#define KSTAT_TIMER_PTR(kptr) ((kstat_timer_t *)(kptr)->ks_data)

/* I/O statistics. */
typedef struct kstat_io {
	u_longlong_t nread;    /* number of bytes read */
	u_longlong_t nwritten; /* number of bytes written */
	uint_t reads;          /* number of read operations (32-bit, wraps) */
	uint_t writes;         /* number of write operations (32-bit, wraps) */
	hrtime_t wtime;        /* cumulative wait (pre-service) time */
	hrtime_t wlentime;     /* cumulative wait length*time product */
	hrtime_t wlastupdate;  /* last time wait queue changed */
	hrtime_t rtime;        /* cumulative run (service) time */
	hrtime_t rlentime;     /* cumulative run length*time product */
	hrtime_t rlastupdate;  /* last time run queue changed */
	uint_t wcnt;           /* count of elements in wait state */
	uint_t rcnt;           /* count of elements in run state */
} kstat_io_t;

#define KSTAT_IO_PTR(kptr) ((kstat_io_t *)(kptr)->ks_data)

/* ---- lib/libkstat kstat.h ------------------------------------------------------------------------- */

typedef struct kstat_ctl {
	kid_t kc_chain_id;  /* current kstat chain ID */
	kstat_t *kc_chain;  /* pointer to kstat chain */
	int kc_kd;          /* /dev/kstat descriptor */
} kstat_ctl_t;

extern kstat_ctl_t *kstat_open(void);
extern int kstat_close(kstat_ctl_t *);
extern kid_t kstat_read(kstat_ctl_t *, kstat_t *, void *);
extern kid_t kstat_write(kstat_ctl_t *, kstat_t *, void *);
extern kid_t kstat_chain_update(kstat_ctl_t *);
extern kstat_t *kstat_lookup(kstat_ctl_t *, const char *, int, const char *);
extern void *kstat_data_lookup(kstat_t *, const char *);

/* ---- sys/sysinfo.h: RAW kstats unix:0:sysinfo, unix:0:vminfo, cpu_stat:N:cpu_statN ---------------- */

#define CPU_IDLE 0
#define CPU_USER 1
#define CPU_KERNEL 2
#define CPU_WAIT 3
#define CPU_STATES 4

#define W_IO 0
#define W_SWAP 1
#define W_PIO 2
#define W_STATES 3

typedef struct cpu_sysinfo {
	uint_t cpu[CPU_STATES]; /* CPU utilization, in ticks */
	uint_t wait[W_STATES];  /* CPU wait time breakdown */
	uint_t bread;
	uint_t bwrite;
	uint_t lread;
	uint_t lwrite;
	uint_t phread;
	uint_t phwrite;
	uint_t pswitch;
	uint_t trap;
	uint_t intr;
	uint_t syscall;
	uint_t sysread;
	uint_t syswrite;
	uint_t sysfork;
	uint_t sysvfork;
	uint_t sysexec;
	uint_t readch;
	uint_t writech;
	uint_t rcvint;
	uint_t xmtint;
	uint_t mdmint;
	uint_t rawch;
	uint_t canch;
	uint_t outch;
	uint_t msg;
	uint_t sema;
	uint_t namei;
	uint_t ufsiget;
	uint_t ufsdirblk;
	uint_t ufsipage;
	uint_t ufsinopage;
	uint_t inodeovf;
	uint_t fileovf;
	uint_t procovf;
	uint_t intrthread;
	uint_t intrblk;
	uint_t idlethread;
	uint_t inv_swtch;
	uint_t nthreads;
	uint_t cpumigrate;
	uint_t xcalls;
	uint_t mutex_adenters;
	uint_t rw_rdfails;
	uint_t rw_wrfails;
	uint_t modload;
	uint_t modunload;
	uint_t bawrite;
	uint_t rw_enters;
	uint_t win_uo_cnt;
	uint_t win_uu_cnt;
	uint_t win_so_cnt;
	uint_t win_su_cnt;
	uint_t win_suo_cnt;
} cpu_sysinfo_t;

typedef struct sysinfo {
	uint_t updates; /* (1 sec) ++ */
	uint_t runque;  /* (1 sec) += num runnable procs */
	uint_t runocc;  /* (1 sec) ++ if num runnable procs > 0 */
	uint_t swpque;  /* (1 sec) += num swapped procs */
	uint_t swpocc;  /* (1 sec) ++ if num swapped procs > 0 */
	uint_t waiting; /* (1 sec) += jobs waiting for I/O */
} sysinfo_t;

typedef struct cpu_syswait {
	int iowait; /* procs waiting for block I/O */
	int swap;   /* unused */
	int physio; /* unused */
} cpu_syswait_t;

typedef struct cpu_vminfo {
	uint_t pgrec;
	uint_t pgfrec;
	uint_t pgin;
	uint_t pgpgin;
	uint_t pgout;
	uint_t pgpgout;
	uint_t swapin;
	uint_t pgswapin;
	uint_t swapout;
	uint_t pgswapout;
	uint_t zfod;
	uint_t dfree;
	uint_t scan;
	uint_t rev;
	uint_t hat_fault;
	uint_t as_fault;
	uint_t maj_fault;
	uint_t cow_fault;
	uint_t prot_fault;
	uint_t softlock;
	uint_t kernel_asflt;
	uint_t pgrrun;
	uint_t execpgin;
	uint_t execpgout;
	uint_t execfree;
	uint_t anonpgin;
	uint_t anonpgout;
	uint_t anonfree;
	uint_t fspgin;
	uint_t fspgout;
	uint_t fsfree;
} cpu_vminfo_t;

typedef struct vminfo {
	uint64_t freemem;    /* (1 sec) += freemem in pages */
	uint64_t swap_resv;  /* (1 sec) += reserved swap in pages */
	uint64_t swap_alloc; /* (1 sec) += allocated swap in pages */
	uint64_t swap_avail; /* (1 sec) += unreserved swap in pages */
	uint64_t swap_free;  /* (1 sec) += unallocated swap in pages */
	uint64_t updates;    /* (1 sec) ++ */
} vminfo_t;

typedef struct cpu_stat {
	uint_t __cpu_stat_lock[2]; /* 32-bit kstat compat. */
	cpu_sysinfo_t cpu_sysinfo;
	cpu_syswait_t cpu_syswait;
	cpu_vminfo_t cpu_vminfo;
} cpu_stat_t;

/* ---- sys/var.h: RAW kstat unix:0:var --------------------------------------------------------------- */

struct var {
	int v_buf;
	int v_call;
	int v_proc;
	int v_maxupttl;
	int v_nglobpris;
	int v_maxsyspri;
	int v_clist;
	int v_maxup;
	int v_hbuf;
	int v_hmask;
	int v_pbuf;
	int v_sptmap;
	int v_maxpmem;
	int v_autoup;
	int v_bufhwm;
};

/* ---- nfs/nfs_clnt.h: RAW kstat nfs:<minor>:mntinfo ------------------------------------------------- */

#define KNC_STRSIZE 128
#define NFS_CALLTYPES 3
#define SYS_NMLN 257

struct mntinfo_kstat {
	char mik_proto[KNC_STRSIZE];
	uint32_t mik_vers;
	uint_t mik_flags;
	uint_t mik_secmod;
	uint32_t mik_curread;
	uint32_t mik_curwrite;
	int mik_timeo;
	int mik_retrans;
	uint_t mik_acregmin;
	uint_t mik_acregmax;
	uint_t mik_acdirmin;
	uint_t mik_acdirmax;
	struct {
		uint32_t srtt;
		uint32_t deviate;
		uint32_t rtxcur;
	} mik_timers[NFS_CALLTYPES + 1];
	uint32_t mik_noresponse;
	uint32_t mik_failover;
	uint32_t mik_remap;
	char mik_curserver[SYS_NMLN];
};

/* ---- the measured amd64 layout ---------------------------------------------------------------------- */

#define KSTAT_ABI_ASSERT(cond) _Static_assert(cond, #cond)
KSTAT_ABI_ASSERT(sizeof(kstat_t) == 184);
KSTAT_ABI_ASSERT(offsetof(kstat_t, ks_next) == 8);
KSTAT_ABI_ASSERT(offsetof(kstat_t, ks_kid) == 16);
KSTAT_ABI_ASSERT(offsetof(kstat_t, ks_module) == 20);
KSTAT_ABI_ASSERT(offsetof(kstat_t, ks_resv) == 51);
KSTAT_ABI_ASSERT(offsetof(kstat_t, ks_instance) == 52);
KSTAT_ABI_ASSERT(offsetof(kstat_t, ks_name) == 56);
KSTAT_ABI_ASSERT(offsetof(kstat_t, ks_type) == 87);
KSTAT_ABI_ASSERT(offsetof(kstat_t, ks_class) == 88);
KSTAT_ABI_ASSERT(offsetof(kstat_t, ks_flags) == 119);
KSTAT_ABI_ASSERT(offsetof(kstat_t, ks_data) == 120);
KSTAT_ABI_ASSERT(offsetof(kstat_t, ks_ndata) == 128);
KSTAT_ABI_ASSERT(offsetof(kstat_t, ks_data_size) == 136);
KSTAT_ABI_ASSERT(offsetof(kstat_t, ks_snaptime) == 144);
KSTAT_ABI_ASSERT(offsetof(kstat_t, ks_update) == 152);
KSTAT_ABI_ASSERT(offsetof(kstat_t, ks_lock) == 176);
KSTAT_ABI_ASSERT(sizeof(kstat_ctl_t) == 24);
KSTAT_ABI_ASSERT(offsetof(kstat_ctl_t, kc_chain) == 8);
KSTAT_ABI_ASSERT(offsetof(kstat_ctl_t, kc_kd) == 16);
KSTAT_ABI_ASSERT(sizeof(kstat_named_t) == 48);
KSTAT_ABI_ASSERT(offsetof(kstat_named_t, data_type) == 31);
KSTAT_ABI_ASSERT(offsetof(kstat_named_t, value) == 32);
KSTAT_ABI_ASSERT(offsetof(kstat_named_t, value.str.addr.ptr) == 32);
KSTAT_ABI_ASSERT(offsetof(kstat_named_t, value.str.len) == 40);
KSTAT_ABI_ASSERT(sizeof(kstat_intr_t) == 20);
KSTAT_ABI_ASSERT(sizeof(kstat_io_t) == 80);
KSTAT_ABI_ASSERT(offsetof(kstat_io_t, reads) == 16);
KSTAT_ABI_ASSERT(offsetof(kstat_io_t, wtime) == 24);
KSTAT_ABI_ASSERT(offsetof(kstat_io_t, rtime) == 48);
KSTAT_ABI_ASSERT(offsetof(kstat_io_t, wcnt) == 72);
KSTAT_ABI_ASSERT(offsetof(kstat_io_t, rcnt) == 76);
KSTAT_ABI_ASSERT(sizeof(kstat_timer_t) == 80);
KSTAT_ABI_ASSERT(offsetof(kstat_timer_t, resv) == 31);
KSTAT_ABI_ASSERT(offsetof(kstat_timer_t, num_events) == 32);
KSTAT_ABI_ASSERT(offsetof(kstat_timer_t, stop_time) == 72);
KSTAT_ABI_ASSERT(sizeof(sysinfo_t) == 24);
KSTAT_ABI_ASSERT(sizeof(vminfo_t) == 48);
KSTAT_ABI_ASSERT(sizeof(struct var) == 60);
KSTAT_ABI_ASSERT(sizeof(cpu_sysinfo_t) == 236);
KSTAT_ABI_ASSERT(offsetof(cpu_sysinfo_t, pswitch) == 52);
KSTAT_ABI_ASSERT(offsetof(cpu_sysinfo_t, syscall) == 64);
KSTAT_ABI_ASSERT(sizeof(cpu_stat_t) == 380);
KSTAT_ABI_ASSERT(offsetof(cpu_stat_t, cpu_sysinfo) == 8);
KSTAT_ABI_ASSERT(offsetof(cpu_stat_t, cpu_syswait) == 244);
KSTAT_ABI_ASSERT(offsetof(cpu_stat_t, cpu_vminfo) == 256);
KSTAT_ABI_ASSERT(sizeof(struct mntinfo_kstat) == 492);
KSTAT_ABI_ASSERT(offsetof(struct mntinfo_kstat, mik_vers) == 128);
KSTAT_ABI_ASSERT(offsetof(struct mntinfo_kstat, mik_timers) == 172);
KSTAT_ABI_ASSERT(offsetof(struct mntinfo_kstat, mik_noresponse) == 220);
KSTAT_ABI_ASSERT(offsetof(struct mntinfo_kstat, mik_curserver) == 232);

#ifdef __cplusplus
}
#endif

#endif /* KSTAT_STANDIN_KSTAT_H */
