/*
 * kstat-offsets: prints the C compiler's view of every struct and field of kstat.h, so a managed test can
 * compare its struct layouts with sizeof/offsetof:
 *
 *   STRUCT SIZE                 e.g. "kstat_t 184"
 *   STRUCT.FIELD OFFSET SIZE    e.g. "kstat_named_t.value.str.len 40 4"
 *
 * Offsets of nested members are from the start of the outer struct. With --constants it also prints
 * "#define NAME VALUE" for the constants of kstat.h.
 */
#include <stdio.h>
#include <string.h>

#include "kstat.h"

#define S(type) printf("%s %zu\n", #type, sizeof(type))
#define SN(label, type) printf("%s %zu\n", label, sizeof(type))
#define F(type, member) printf("%s.%s %zu %zu\n", #type, #member, offsetof(type, member), sizeof(((type *)0)->member))
#define FN(label, type, member) \
	printf("%s.%s %zu %zu\n", label, #member, offsetof(type, member), sizeof(((type *)0)->member))
#define C(name) printf("#define %s %lld\n", #name, (long long)(name))

static void structs(void)
{
	S(kstat_ctl_t);
	F(kstat_ctl_t, kc_chain_id);
	F(kstat_ctl_t, kc_chain);
	F(kstat_ctl_t, kc_kd);

	S(kstat_t);
	F(kstat_t, ks_crtime);
	F(kstat_t, ks_next);
	F(kstat_t, ks_kid);
	F(kstat_t, ks_module);
	F(kstat_t, ks_resv);
	F(kstat_t, ks_instance);
	F(kstat_t, ks_name);
	F(kstat_t, ks_type);
	F(kstat_t, ks_class);
	F(kstat_t, ks_flags);
	F(kstat_t, ks_data);
	F(kstat_t, ks_ndata);
	F(kstat_t, ks_data_size);
	F(kstat_t, ks_snaptime);
	F(kstat_t, ks_update);
	F(kstat_t, ks_private);
	F(kstat_t, ks_snapshot);
	F(kstat_t, ks_lock);

	S(kstat_named_t);
	F(kstat_named_t, name);
	F(kstat_named_t, data_type);
	F(kstat_named_t, value);
	F(kstat_named_t, value.c);
	F(kstat_named_t, value.i32);
	F(kstat_named_t, value.ui32);
	F(kstat_named_t, value.str);
	F(kstat_named_t, value.str.addr);
	F(kstat_named_t, value.str.addr.ptr);
	F(kstat_named_t, value.str.len);
	F(kstat_named_t, value.i64);
	F(kstat_named_t, value.ui64);
	F(kstat_named_t, value.l);
	F(kstat_named_t, value.ul);
	F(kstat_named_t, value.ll);
	F(kstat_named_t, value.ull);
	F(kstat_named_t, value.f);
	F(kstat_named_t, value.d);

	S(kstat_intr_t);
	F(kstat_intr_t, intrs);
	F(kstat_intr_t, intrs[KSTAT_INTR_HARD]);
	F(kstat_intr_t, intrs[KSTAT_INTR_SOFT]);
	F(kstat_intr_t, intrs[KSTAT_INTR_WATCHDOG]);
	F(kstat_intr_t, intrs[KSTAT_INTR_SPURIOUS]);
	F(kstat_intr_t, intrs[KSTAT_INTR_MULTSVC]);

	S(kstat_io_t);
	F(kstat_io_t, nread);
	F(kstat_io_t, nwritten);
	F(kstat_io_t, reads);
	F(kstat_io_t, writes);
	F(kstat_io_t, wtime);
	F(kstat_io_t, wlentime);
	F(kstat_io_t, wlastupdate);
	F(kstat_io_t, rtime);
	F(kstat_io_t, rlentime);
	F(kstat_io_t, rlastupdate);
	F(kstat_io_t, wcnt);
	F(kstat_io_t, rcnt);

	S(kstat_timer_t);
	F(kstat_timer_t, name);
	F(kstat_timer_t, resv);
	F(kstat_timer_t, num_events);
	F(kstat_timer_t, elapsed_time);
	F(kstat_timer_t, min_time);
	F(kstat_timer_t, max_time);
	F(kstat_timer_t, start_time);
	F(kstat_timer_t, stop_time);

	S(sysinfo_t);
	F(sysinfo_t, updates);
	F(sysinfo_t, runque);
	F(sysinfo_t, runocc);
	F(sysinfo_t, swpque);
	F(sysinfo_t, swpocc);
	F(sysinfo_t, waiting);

	S(vminfo_t);
	F(vminfo_t, freemem);
	F(vminfo_t, swap_resv);
	F(vminfo_t, swap_alloc);
	F(vminfo_t, swap_avail);
	F(vminfo_t, swap_free);
	F(vminfo_t, updates);

	SN("var", struct var);
	FN("var", struct var, v_buf);
	FN("var", struct var, v_call);
	FN("var", struct var, v_proc);
	FN("var", struct var, v_maxupttl);
	FN("var", struct var, v_nglobpris);
	FN("var", struct var, v_maxsyspri);
	FN("var", struct var, v_clist);
	FN("var", struct var, v_maxup);
	FN("var", struct var, v_hbuf);
	FN("var", struct var, v_hmask);
	FN("var", struct var, v_pbuf);
	FN("var", struct var, v_sptmap);
	FN("var", struct var, v_maxpmem);
	FN("var", struct var, v_autoup);
	FN("var", struct var, v_bufhwm);

	SN("mntinfo_kstat", struct mntinfo_kstat);
	FN("mntinfo_kstat", struct mntinfo_kstat, mik_proto);
	FN("mntinfo_kstat", struct mntinfo_kstat, mik_vers);
	FN("mntinfo_kstat", struct mntinfo_kstat, mik_flags);
	FN("mntinfo_kstat", struct mntinfo_kstat, mik_secmod);
	FN("mntinfo_kstat", struct mntinfo_kstat, mik_curread);
	FN("mntinfo_kstat", struct mntinfo_kstat, mik_curwrite);
	FN("mntinfo_kstat", struct mntinfo_kstat, mik_timeo);
	FN("mntinfo_kstat", struct mntinfo_kstat, mik_retrans);
	FN("mntinfo_kstat", struct mntinfo_kstat, mik_acregmin);
	FN("mntinfo_kstat", struct mntinfo_kstat, mik_acregmax);
	FN("mntinfo_kstat", struct mntinfo_kstat, mik_acdirmin);
	FN("mntinfo_kstat", struct mntinfo_kstat, mik_acdirmax);
	FN("mntinfo_kstat", struct mntinfo_kstat, mik_timers);
	FN("mntinfo_kstat", struct mntinfo_kstat, mik_timers[0].srtt);
	FN("mntinfo_kstat", struct mntinfo_kstat, mik_timers[0].deviate);
	FN("mntinfo_kstat", struct mntinfo_kstat, mik_timers[0].rtxcur);
	FN("mntinfo_kstat", struct mntinfo_kstat, mik_timers[1]);
	FN("mntinfo_kstat", struct mntinfo_kstat, mik_timers[2]);
	FN("mntinfo_kstat", struct mntinfo_kstat, mik_timers[3]);
	FN("mntinfo_kstat", struct mntinfo_kstat, mik_noresponse);
	FN("mntinfo_kstat", struct mntinfo_kstat, mik_failover);
	FN("mntinfo_kstat", struct mntinfo_kstat, mik_remap);
	FN("mntinfo_kstat", struct mntinfo_kstat, mik_curserver);

	S(cpu_sysinfo_t);
	F(cpu_sysinfo_t, cpu);
	F(cpu_sysinfo_t, wait);
	F(cpu_sysinfo_t, bread);
	F(cpu_sysinfo_t, bwrite);
	F(cpu_sysinfo_t, lread);
	F(cpu_sysinfo_t, lwrite);
	F(cpu_sysinfo_t, phread);
	F(cpu_sysinfo_t, phwrite);
	F(cpu_sysinfo_t, pswitch);
	F(cpu_sysinfo_t, trap);
	F(cpu_sysinfo_t, intr);
	F(cpu_sysinfo_t, syscall);
	F(cpu_sysinfo_t, sysread);
	F(cpu_sysinfo_t, syswrite);
	F(cpu_sysinfo_t, sysfork);
	F(cpu_sysinfo_t, sysvfork);
	F(cpu_sysinfo_t, sysexec);
	F(cpu_sysinfo_t, readch);
	F(cpu_sysinfo_t, writech);
	F(cpu_sysinfo_t, rcvint);
	F(cpu_sysinfo_t, xmtint);
	F(cpu_sysinfo_t, mdmint);
	F(cpu_sysinfo_t, rawch);
	F(cpu_sysinfo_t, canch);
	F(cpu_sysinfo_t, outch);
	F(cpu_sysinfo_t, msg);
	F(cpu_sysinfo_t, sema);
	F(cpu_sysinfo_t, namei);
	F(cpu_sysinfo_t, ufsiget);
	F(cpu_sysinfo_t, ufsdirblk);
	F(cpu_sysinfo_t, ufsipage);
	F(cpu_sysinfo_t, ufsinopage);
	F(cpu_sysinfo_t, inodeovf);
	F(cpu_sysinfo_t, fileovf);
	F(cpu_sysinfo_t, procovf);
	F(cpu_sysinfo_t, intrthread);
	F(cpu_sysinfo_t, intrblk);
	F(cpu_sysinfo_t, idlethread);
	F(cpu_sysinfo_t, inv_swtch);
	F(cpu_sysinfo_t, nthreads);
	F(cpu_sysinfo_t, cpumigrate);
	F(cpu_sysinfo_t, xcalls);
	F(cpu_sysinfo_t, mutex_adenters);
	F(cpu_sysinfo_t, rw_rdfails);
	F(cpu_sysinfo_t, rw_wrfails);
	F(cpu_sysinfo_t, modload);
	F(cpu_sysinfo_t, modunload);
	F(cpu_sysinfo_t, bawrite);
	F(cpu_sysinfo_t, rw_enters);
	F(cpu_sysinfo_t, win_uo_cnt);
	F(cpu_sysinfo_t, win_uu_cnt);
	F(cpu_sysinfo_t, win_so_cnt);
	F(cpu_sysinfo_t, win_su_cnt);
	F(cpu_sysinfo_t, win_suo_cnt);

	S(cpu_syswait_t);
	F(cpu_syswait_t, iowait);
	F(cpu_syswait_t, swap);
	F(cpu_syswait_t, physio);

	S(cpu_vminfo_t);
	F(cpu_vminfo_t, pgrec);
	F(cpu_vminfo_t, pgfrec);
	F(cpu_vminfo_t, pgin);
	F(cpu_vminfo_t, pgpgin);
	F(cpu_vminfo_t, pgout);
	F(cpu_vminfo_t, pgpgout);
	F(cpu_vminfo_t, swapin);
	F(cpu_vminfo_t, pgswapin);
	F(cpu_vminfo_t, swapout);
	F(cpu_vminfo_t, pgswapout);
	F(cpu_vminfo_t, zfod);
	F(cpu_vminfo_t, dfree);
	F(cpu_vminfo_t, scan);
	F(cpu_vminfo_t, rev);
	F(cpu_vminfo_t, hat_fault);
	F(cpu_vminfo_t, as_fault);
	F(cpu_vminfo_t, maj_fault);
	F(cpu_vminfo_t, cow_fault);
	F(cpu_vminfo_t, prot_fault);
	F(cpu_vminfo_t, softlock);
	F(cpu_vminfo_t, kernel_asflt);
	F(cpu_vminfo_t, pgrrun);
	F(cpu_vminfo_t, execpgin);
	F(cpu_vminfo_t, execpgout);
	F(cpu_vminfo_t, execfree);
	F(cpu_vminfo_t, anonpgin);
	F(cpu_vminfo_t, anonpgout);
	F(cpu_vminfo_t, anonfree);
	F(cpu_vminfo_t, fspgin);
	F(cpu_vminfo_t, fspgout);
	F(cpu_vminfo_t, fsfree);

	S(cpu_stat_t);
	F(cpu_stat_t, __cpu_stat_lock);
	F(cpu_stat_t, cpu_sysinfo);
	F(cpu_stat_t, cpu_syswait);
	F(cpu_stat_t, cpu_vminfo);
}

static void constants(void)
{
	C(KSTAT_STRLEN);
	C(KSTAT_TYPE_RAW);
	C(KSTAT_TYPE_NAMED);
	C(KSTAT_TYPE_INTR);
	C(KSTAT_TYPE_IO);
	C(KSTAT_TYPE_TIMER);
	C(KSTAT_NUM_TYPES);
	C(KSTAT_FLAG_VIRTUAL);
	C(KSTAT_FLAG_VAR_SIZE);
	C(KSTAT_FLAG_WRITABLE);
	C(KSTAT_FLAG_PERSISTENT);
	C(KSTAT_FLAG_DORMANT);
	C(KSTAT_FLAG_INVALID);
	C(KSTAT_FLAG_LONGSTRINGS);
	C(KSTAT_READ);
	C(KSTAT_WRITE);
	C(KSTAT_IOC_BASE);
	C(KSTAT_IOC_CHAIN_ID);
	C(KSTAT_IOC_READ);
	C(KSTAT_IOC_WRITE);
	C(KSTAT_DATA_CHAR);
	C(KSTAT_DATA_INT32);
	C(KSTAT_DATA_UINT32);
	C(KSTAT_DATA_INT64);
	C(KSTAT_DATA_UINT64);
	C(KSTAT_DATA_LONG);
	C(KSTAT_DATA_ULONG);
	C(KSTAT_DATA_LONGLONG);
	C(KSTAT_DATA_ULONGLONG);
	C(KSTAT_DATA_FLOAT);
	C(KSTAT_DATA_DOUBLE);
	C(KSTAT_DATA_STRING);
	C(KSTAT_INTR_HARD);
	C(KSTAT_INTR_SOFT);
	C(KSTAT_INTR_WATCHDOG);
	C(KSTAT_INTR_SPURIOUS);
	C(KSTAT_INTR_MULTSVC);
	C(KSTAT_NUM_INTRS);
	C(CPU_IDLE);
	C(CPU_USER);
	C(CPU_KERNEL);
	C(CPU_WAIT);
	C(CPU_STATES);
	C(W_IO);
	C(W_SWAP);
	C(W_PIO);
	C(W_STATES);
	C(KNC_STRSIZE);
	C(NFS_CALLTYPES);
	C(SYS_NMLN);
}

int main(int argc, char **argv)
{
	if (argc > 2 || (argc == 2 && strcmp(argv[1], "--constants") != 0)) {
		fprintf(stderr, "usage: kstat-offsets [--constants]\n");
		return 2;
	}
	structs();
	if (argc == 2)
		constants();
	return 0;
}
