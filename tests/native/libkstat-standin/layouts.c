/*
 * layouts.c: the fixed structs behind RAW, IO, INTR and TIMER kstats, with the statistic names kstat(1)
 * prints for their fields (illumos cmd/stat/kstat: save_sysinfo, save_vminfo, save_var, save_nfs,
 * save_cpu_stat, save_io, save_intr, save_timer), so a `kstat -p` capture maps back onto the struct.
 */
#include <fnmatch.h>
#include <string.h>

#include "internal.h"

#define F(type, member, kind) { #member, offsetof(type, member), kind, sizeof(((type *)0)->member) }
#define FN(name, type, member, kind) { name, offsetof(type, member), kind, sizeof(((type *)0)->member) }
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const field_t sysinfo_fields[] = {
	F(sysinfo_t, updates, FK_U32), F(sysinfo_t, runque, FK_U32), F(sysinfo_t, runocc, FK_U32),
	F(sysinfo_t, swpque, FK_U32),  F(sysinfo_t, swpocc, FK_U32), F(sysinfo_t, waiting, FK_U32),
};

static const field_t vminfo_fields[] = {
	F(vminfo_t, freemem, FK_U64),    F(vminfo_t, swap_resv, FK_U64), F(vminfo_t, swap_alloc, FK_U64),
	F(vminfo_t, swap_avail, FK_U64), F(vminfo_t, swap_free, FK_U64), F(vminfo_t, updates, FK_U64),
};

static const field_t var_fields[] = {
	F(struct var, v_buf, FK_I32),       F(struct var, v_call, FK_I32),     F(struct var, v_proc, FK_I32),
	F(struct var, v_maxupttl, FK_I32),  F(struct var, v_nglobpris, FK_I32), F(struct var, v_maxsyspri, FK_I32),
	F(struct var, v_clist, FK_I32),     F(struct var, v_maxup, FK_I32),    F(struct var, v_hbuf, FK_I32),
	F(struct var, v_hmask, FK_I32),     F(struct var, v_pbuf, FK_I32),     F(struct var, v_sptmap, FK_I32),
	F(struct var, v_maxpmem, FK_I32),   F(struct var, v_autoup, FK_I32),   F(struct var, v_bufhwm, FK_I32),
};

#define MIK struct mntinfo_kstat
static const field_t mntinfo_fields[] = {
	F(MIK, mik_proto, FK_CHARS),
	F(MIK, mik_vers, FK_U32),
	F(MIK, mik_flags, FK_U32),
	F(MIK, mik_secmod, FK_U32),
	F(MIK, mik_curread, FK_U32),
	F(MIK, mik_curwrite, FK_U32),
	F(MIK, mik_timeo, FK_I32),
	F(MIK, mik_retrans, FK_I32),
	F(MIK, mik_acregmin, FK_U32),
	F(MIK, mik_acregmax, FK_U32),
	F(MIK, mik_acdirmin, FK_U32),
	F(MIK, mik_acdirmax, FK_U32),
	FN("lookup_srtt", MIK, mik_timers[0].srtt, FK_U32),
	FN("lookup_deviate", MIK, mik_timers[0].deviate, FK_U32),
	FN("lookup_rtxcur", MIK, mik_timers[0].rtxcur, FK_U32),
	FN("read_srtt", MIK, mik_timers[1].srtt, FK_U32),
	FN("read_deviate", MIK, mik_timers[1].deviate, FK_U32),
	FN("read_rtxcur", MIK, mik_timers[1].rtxcur, FK_U32),
	FN("write_srtt", MIK, mik_timers[2].srtt, FK_U32),
	FN("write_deviate", MIK, mik_timers[2].deviate, FK_U32),
	FN("write_rtxcur", MIK, mik_timers[2].rtxcur, FK_U32),
	F(MIK, mik_noresponse, FK_U32),
	F(MIK, mik_failover, FK_U32),
	F(MIK, mik_remap, FK_U32),
	F(MIK, mik_curserver, FK_CHARS),
};

#define CS cpu_stat_t
#define SI(m) FN(#m, CS, cpu_sysinfo.m, FK_U32)
#define VI(m) FN(#m, CS, cpu_vminfo.m, FK_U32)
static const field_t cpu_stat_fields[] = {
	/* kstat(1) names the tick array after the states and the wait array wait_*. (kstat(1) itself prints
	 * cpu[W_*] for wait_*, a bug; the stand-in maps them onto wait[], where the struct keeps them.) */
	FN("idle", CS, cpu_sysinfo.cpu[CPU_IDLE], FK_U32),
	FN("user", CS, cpu_sysinfo.cpu[CPU_USER], FK_U32),
	FN("kernel", CS, cpu_sysinfo.cpu[CPU_KERNEL], FK_U32),
	FN("wait", CS, cpu_sysinfo.cpu[CPU_WAIT], FK_U32),
	FN("wait_io", CS, cpu_sysinfo.wait[W_IO], FK_U32),
	FN("wait_swap", CS, cpu_sysinfo.wait[W_SWAP], FK_U32),
	FN("wait_pio", CS, cpu_sysinfo.wait[W_PIO], FK_U32),
	SI(bread), SI(bwrite), SI(lread), SI(lwrite), SI(phread), SI(phwrite), SI(pswitch), SI(trap), SI(intr),
	SI(syscall), SI(sysread), SI(syswrite), SI(sysfork), SI(sysvfork), SI(sysexec), SI(readch), SI(writech),
	SI(rcvint), SI(xmtint), SI(mdmint), SI(rawch), SI(canch), SI(outch), SI(msg), SI(sema), SI(namei),
	SI(ufsiget), SI(ufsdirblk), SI(ufsipage), SI(ufsinopage), SI(inodeovf), SI(fileovf), SI(procovf),
	SI(intrthread), SI(intrblk), SI(idlethread), SI(inv_swtch), SI(nthreads), SI(cpumigrate), SI(xcalls),
	SI(mutex_adenters), SI(rw_rdfails), SI(rw_wrfails), SI(modload), SI(modunload), SI(bawrite),
	SI(rw_enters), SI(win_uo_cnt), SI(win_uu_cnt), SI(win_so_cnt), SI(win_su_cnt), SI(win_suo_cnt),
	FN("iowait", CS, cpu_syswait.iowait, FK_I32),
	FN("swap", CS, cpu_syswait.swap, FK_I32),
	FN("physio", CS, cpu_syswait.physio, FK_I32),
	VI(pgrec), VI(pgfrec), VI(pgin), VI(pgpgin), VI(pgout), VI(pgpgout), VI(swapin), VI(pgswapin), VI(swapout),
	VI(pgswapout), VI(zfod), VI(dfree), VI(scan), VI(rev), VI(hat_fault), VI(as_fault), VI(maj_fault),
	VI(cow_fault), VI(prot_fault), VI(softlock), VI(kernel_asflt), VI(pgrrun), VI(execpgin), VI(execpgout),
	VI(execfree), VI(anonpgin), VI(anonpgout), VI(anonfree), VI(fspgin), VI(fspgout), VI(fsfree),
};

static const field_t io_fields[] = {
	F(kstat_io_t, nread, FK_U64),        F(kstat_io_t, nwritten, FK_U64),    F(kstat_io_t, reads, FK_U32),
	F(kstat_io_t, writes, FK_U32),       F(kstat_io_t, wtime, FK_HRTIME),    F(kstat_io_t, wlentime, FK_HRTIME),
	F(kstat_io_t, wlastupdate, FK_HRTIME), F(kstat_io_t, rtime, FK_HRTIME), F(kstat_io_t, rlentime, FK_HRTIME),
	F(kstat_io_t, rlastupdate, FK_HRTIME), F(kstat_io_t, wcnt, FK_U32),     F(kstat_io_t, rcnt, FK_U32),
};

static const field_t intr_fields[] = {
	FN("hard", kstat_intr_t, intrs[KSTAT_INTR_HARD], FK_U32),
	FN("soft", kstat_intr_t, intrs[KSTAT_INTR_SOFT], FK_U32),
	FN("watchdog", kstat_intr_t, intrs[KSTAT_INTR_WATCHDOG], FK_U32),
	FN("spurious", kstat_intr_t, intrs[KSTAT_INTR_SPURIOUS], FK_U32),
	FN("multiple_service", kstat_intr_t, intrs[KSTAT_INTR_MULTSVC], FK_U32),
};

static const field_t timer_fields[] = {
	F(kstat_timer_t, name, FK_CHARS),          F(kstat_timer_t, num_events, FK_U64),
	F(kstat_timer_t, elapsed_time, FK_HRTIME), F(kstat_timer_t, min_time, FK_HRTIME),
	F(kstat_timer_t, max_time, FK_HRTIME),     F(kstat_timer_t, start_time, FK_HRTIME),
	F(kstat_timer_t, stop_time, FK_HRTIME),
};

static const layout_t layouts[] = {
	{ "sysinfo", sizeof(sysinfo_t), sysinfo_fields, COUNT(sysinfo_fields) },
	{ "vminfo", sizeof(vminfo_t), vminfo_fields, COUNT(vminfo_fields) },
	{ "var", sizeof(struct var), var_fields, COUNT(var_fields) },
	{ "mntinfo", sizeof(struct mntinfo_kstat), mntinfo_fields, COUNT(mntinfo_fields) },
	{ "cpu_stat", sizeof(cpu_stat_t), cpu_stat_fields, COUNT(cpu_stat_fields) },
};

static const layout_t io_layout = { "io", sizeof(kstat_io_t), io_fields, COUNT(io_fields) };
static const layout_t intr_layout = { "intr", sizeof(kstat_intr_t), intr_fields, COUNT(intr_fields) };
static const layout_t timer_layout = { "timer", sizeof(kstat_timer_t), timer_fields, COUNT(timer_fields) };

const layout_t *layout_by_struct(const char *struct_name)
{
	for (size_t i = 0; i < COUNT(layouts); i++)
		if (strcmp(layouts[i].struct_name, struct_name) == 0)
			return &layouts[i];
	return NULL;
}

const layout_t *layout_for_kstat(const char *module, const char *name)
{
	if (strcmp(module, "unix") == 0) {
		if (strcmp(name, "sysinfo") == 0)
			return layout_by_struct("sysinfo");
		if (strcmp(name, "vminfo") == 0)
			return layout_by_struct("vminfo");
		if (strcmp(name, "var") == 0)
			return layout_by_struct("var");
		return NULL;
	}
	if (strcmp(module, "nfs") == 0 && strcmp(name, "mntinfo") == 0)
		return layout_by_struct("mntinfo");
	if (strcmp(module, "cpu_stat") == 0)
		return layout_by_struct("cpu_stat");
	return NULL;
}

const layout_t *layout_io(void)
{
	return &io_layout;
}

const layout_t *layout_intr(void)
{
	return &intr_layout;
}

const layout_t *layout_timer(void)
{
	return &timer_layout;
}

const field_t *layout_field(const layout_t *layout, const char *name)
{
	for (size_t i = 0; i < layout->nfields; i++)
		if (strcmp(layout->fields[i].name, name) == 0)
			return &layout->fields[i];
	return NULL;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

const char *default_class(const char *module, const char *name, int type)
{
	static const struct {
		const char *module, *name, *class_name;
	} table[] = {
		{ "unix", "system_pages", "pages" },  { "unix", "vminfo", "vm" },
		{ "unix", "segmap", "vm" },           { "unix", "kstat_headers", "kstat" },
		{ "unix", "kstat_types", "kstat" },   { "link", "*", "net" },
		{ "zones", "*", "zone_misc" },        { "memory_cap", "*", "zone_memory_cap" },
		{ "caps", "*_zone_*", "zone_caps" },  { "caps", "*_project_*", "project_caps" },
		{ "vmem", "*", "vmem" },
	};

	if (type == KSTAT_TYPE_IO)
		return strchr(name, ',') != NULL ? "partition" : "disk";
	if (type == KSTAT_TYPE_NAMED && (ends_with(module, "err") || ends_with(module, "error")) &&
	    (ends_with(name, ",err") || ends_with(name, ",error")))
		return "device_error";
	for (size_t i = 0; i < COUNT(table); i++)
		if (strcmp(table[i].module, module) == 0 && fnmatch(table[i].name, name, 0) == 0)
			return table[i].class_name;
	return "misc";
}

const char *const known_multiword_statistics[] = {
	"Soft Errors", "Hard Errors",     "Transport Errors", "Serial No",                   "Media Error",
	"Device Not Ready", "No Device",  "Illegal Request",  "Predictive Failure Analysis", NULL,
};
