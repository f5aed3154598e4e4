using KstatOtel.Kstat;

namespace KstatExample;

/// <summary>
/// The RAW kstats kstat(1) decodes, under the statistic names it prints (illumos cmd/stat/kstat); other RAW kstats
/// show only their pseudo-statistics.
/// </summary>
internal static class RawRows
{
    public static bool TryRead(KstatEntry entry, List<StatRow> rows, out long snapTime)
    {
        switch (entry.Module, entry.Name)
        {
            case ("unix", "sysinfo"):
                return Sysinfo(entry, rows, out snapTime);
            case ("unix", "vminfo"):
                return Vminfo(entry, rows, out snapTime);
            case ("unix", "var"):
                return Var(entry, rows, out snapTime);
            case ("nfs", "mntinfo"):
                return Mntinfo(entry, rows, out snapTime);
            case ("cpu_stat", _):
                return CpuStat(entry, rows, out snapTime);
            default:
                var ok = entry.TryReadRaw(out _, out snapTime);
                return ok;
        }
    }

    private static bool Sysinfo(KstatEntry entry, List<StatRow> rows, out long snapTime)
    {
        if (!entry.TryReadSysInfo(out var s))
        {
            snapTime = 0;
            return false;
        }

        rows.Add(StatRow.Unsigned("updates", s.Updates));
        rows.Add(StatRow.Unsigned("runque", s.RunQueue));
        rows.Add(StatRow.Unsigned("runocc", s.RunOccupancy));
        rows.Add(StatRow.Unsigned("swpque", s.SwapQueue));
        rows.Add(StatRow.Unsigned("swpocc", s.SwapOccupancy));
        rows.Add(StatRow.Unsigned("waiting", s.Waiting));
        snapTime = s.SnapTime;
        return true;
    }

    private static bool Vminfo(KstatEntry entry, List<StatRow> rows, out long snapTime)
    {
        if (!entry.TryReadVmInfo(out var v))
        {
            snapTime = 0;
            return false;
        }

        rows.Add(StatRow.Unsigned("freemem", v.FreeMemory));
        rows.Add(StatRow.Unsigned("swap_resv", v.SwapReserved));
        rows.Add(StatRow.Unsigned("swap_alloc", v.SwapAllocated));
        rows.Add(StatRow.Unsigned("swap_avail", v.SwapAvailable));
        rows.Add(StatRow.Unsigned("swap_free", v.SwapFree));
        rows.Add(StatRow.Unsigned("updates", v.Updates));
        snapTime = v.SnapTime;
        return true;
    }

    private static bool Var(KstatEntry entry, List<StatRow> rows, out long snapTime)
    {
        if (!entry.TryReadVar(out var v))
        {
            snapTime = 0;
            return false;
        }

        rows.Add(StatRow.Signed("v_buf", v.Buf));
        rows.Add(StatRow.Signed("v_call", v.Call));
        rows.Add(StatRow.Signed("v_proc", v.Proc));
        rows.Add(StatRow.Signed("v_maxupttl", v.MaxUpTtl));
        rows.Add(StatRow.Signed("v_nglobpris", v.NGlobPris));
        rows.Add(StatRow.Signed("v_maxsyspri", v.MaxSysPri));
        rows.Add(StatRow.Signed("v_clist", v.CList));
        rows.Add(StatRow.Signed("v_maxup", v.MaxUp));
        rows.Add(StatRow.Signed("v_hbuf", v.HBuf));
        rows.Add(StatRow.Signed("v_hmask", v.HMask));
        rows.Add(StatRow.Signed("v_pbuf", v.PBuf));
        rows.Add(StatRow.Signed("v_sptmap", v.SptMap));
        rows.Add(StatRow.Signed("v_maxpmem", v.MaxPMem));
        rows.Add(StatRow.Signed("v_autoup", v.AutoUp));
        rows.Add(StatRow.Signed("v_bufhwm", v.BufHwm));
        snapTime = v.SnapTime;
        return true;
    }

    private static bool Mntinfo(KstatEntry entry, List<StatRow> rows, out long snapTime)
    {
        if (!entry.TryReadMntInfo(out var m))
        {
            snapTime = 0;
            return false;
        }

        rows.Add(StatRow.OfText("mik_proto", m.Protocol));
        rows.Add(StatRow.Unsigned("mik_vers", m.Version));
        rows.Add(StatRow.Unsigned("mik_flags", m.Flags));
        rows.Add(StatRow.Unsigned("mik_secmod", m.SecurityMode));
        rows.Add(StatRow.Unsigned("mik_curread", m.CurrentReadSize));
        rows.Add(StatRow.Unsigned("mik_curwrite", m.CurrentWriteSize));
        rows.Add(StatRow.Signed("mik_timeo", m.Timeout));
        rows.Add(StatRow.Signed("mik_retrans", m.Retransmissions));
        rows.Add(StatRow.Unsigned("mik_acregmin", m.AttributeCacheRegularMin));
        rows.Add(StatRow.Unsigned("mik_acregmax", m.AttributeCacheRegularMax));
        rows.Add(StatRow.Unsigned("mik_acdirmin", m.AttributeCacheDirectoryMin));
        rows.Add(StatRow.Unsigned("mik_acdirmax", m.AttributeCacheDirectoryMax));
        AddTimer(rows, "lookup", m.LookupTimer);
        AddTimer(rows, "read", m.ReadTimer);
        AddTimer(rows, "write", m.WriteTimer);
        rows.Add(StatRow.Unsigned("mik_noresponse", m.NoResponse));
        rows.Add(StatRow.Unsigned("mik_failover", m.Failover));
        rows.Add(StatRow.Unsigned("mik_remap", m.Remap));
        rows.Add(StatRow.OfText("mik_curserver", m.CurrentServer));
        snapTime = m.SnapTime;
        return true;
    }

    private static void AddTimer(List<StatRow> rows, string prefix, KstatNfsTimer timer)
    {
        rows.Add(StatRow.Unsigned(prefix + "_srtt", timer.SmoothedRoundTrip));
        rows.Add(StatRow.Unsigned(prefix + "_deviate", timer.Deviation));
        rows.Add(StatRow.Unsigned(prefix + "_rtxcur", timer.CurrentTimeout));
    }

    private static bool CpuStat(KstatEntry entry, List<StatRow> rows, out long snapTime)
    {
        if (!entry.TryReadCpuStat(out var c))
        {
            snapTime = 0;
            return false;
        }

        var s = c.SysInfo;
        rows.Add(StatRow.Unsigned("idle", s.Idle));
        rows.Add(StatRow.Unsigned("user", s.User));
        rows.Add(StatRow.Unsigned("kernel", s.Kernel));
        rows.Add(StatRow.Unsigned("wait", s.Wait));
        rows.Add(StatRow.Unsigned("wait_io", s.WaitIO));
        rows.Add(StatRow.Unsigned("wait_swap", s.WaitSwap));
        rows.Add(StatRow.Unsigned("wait_pio", s.WaitPio));
        rows.Add(StatRow.Unsigned("bread", s.BRead));
        rows.Add(StatRow.Unsigned("bwrite", s.BWrite));
        rows.Add(StatRow.Unsigned("lread", s.LRead));
        rows.Add(StatRow.Unsigned("lwrite", s.LWrite));
        rows.Add(StatRow.Unsigned("phread", s.PhRead));
        rows.Add(StatRow.Unsigned("phwrite", s.PhWrite));
        rows.Add(StatRow.Unsigned("pswitch", s.PSwitch));
        rows.Add(StatRow.Unsigned("trap", s.Trap));
        rows.Add(StatRow.Unsigned("intr", s.Intr));
        rows.Add(StatRow.Unsigned("syscall", s.Syscall));
        rows.Add(StatRow.Unsigned("sysread", s.SysRead));
        rows.Add(StatRow.Unsigned("syswrite", s.SysWrite));
        rows.Add(StatRow.Unsigned("sysfork", s.SysFork));
        rows.Add(StatRow.Unsigned("sysvfork", s.SysVFork));
        rows.Add(StatRow.Unsigned("sysexec", s.SysExec));
        rows.Add(StatRow.Unsigned("readch", s.ReadCh));
        rows.Add(StatRow.Unsigned("writech", s.WriteCh));
        rows.Add(StatRow.Unsigned("rcvint", s.RcvInt));
        rows.Add(StatRow.Unsigned("xmtint", s.XmtInt));
        rows.Add(StatRow.Unsigned("mdmint", s.MdmInt));
        rows.Add(StatRow.Unsigned("rawch", s.RawCh));
        rows.Add(StatRow.Unsigned("canch", s.CanCh));
        rows.Add(StatRow.Unsigned("outch", s.OutCh));
        rows.Add(StatRow.Unsigned("msg", s.Msg));
        rows.Add(StatRow.Unsigned("sema", s.Sema));
        rows.Add(StatRow.Unsigned("namei", s.NameI));
        rows.Add(StatRow.Unsigned("ufsiget", s.UfsIGet));
        rows.Add(StatRow.Unsigned("ufsdirblk", s.UfsDirBlk));
        rows.Add(StatRow.Unsigned("ufsipage", s.UfsIPage));
        rows.Add(StatRow.Unsigned("ufsinopage", s.UfsINoPage));
        rows.Add(StatRow.Unsigned("inodeovf", s.InodeOverflows));
        rows.Add(StatRow.Unsigned("fileovf", s.FileOverflows));
        rows.Add(StatRow.Unsigned("procovf", s.ProcOverflows));
        rows.Add(StatRow.Unsigned("intrthread", s.IntrThread));
        rows.Add(StatRow.Unsigned("intrblk", s.IntrBlk));
        rows.Add(StatRow.Unsigned("idlethread", s.IdleThread));
        rows.Add(StatRow.Unsigned("inv_swtch", s.InvoluntarySwitches));
        rows.Add(StatRow.Unsigned("nthreads", s.NThreads));
        rows.Add(StatRow.Unsigned("cpumigrate", s.CpuMigrate));
        rows.Add(StatRow.Unsigned("xcalls", s.XCalls));
        rows.Add(StatRow.Unsigned("mutex_adenters", s.MutexAdaptiveEnters));
        rows.Add(StatRow.Unsigned("rw_rdfails", s.RwReaderFailures));
        rows.Add(StatRow.Unsigned("rw_wrfails", s.RwWriterFailures));
        rows.Add(StatRow.Unsigned("modload", s.ModLoad));
        rows.Add(StatRow.Unsigned("modunload", s.ModUnload));
        rows.Add(StatRow.Unsigned("bawrite", s.BAWrite));
        rows.Add(StatRow.Signed("iowait", c.SysWait.IOWait));
        rows.Add(StatRow.Signed("swap", c.SysWait.Swap));
        rows.Add(StatRow.Signed("physio", c.SysWait.PhysIO));
        var v = c.VmInfo;
        rows.Add(StatRow.Unsigned("pgrec", v.PgRec));
        rows.Add(StatRow.Unsigned("pgfrec", v.PgFRec));
        rows.Add(StatRow.Unsigned("pgin", v.PgIn));
        rows.Add(StatRow.Unsigned("pgpgin", v.PgPgIn));
        rows.Add(StatRow.Unsigned("pgout", v.PgOut));
        rows.Add(StatRow.Unsigned("pgpgout", v.PgPgOut));
        rows.Add(StatRow.Unsigned("swapin", v.SwapIn));
        rows.Add(StatRow.Unsigned("pgswapin", v.PgSwapIn));
        rows.Add(StatRow.Unsigned("swapout", v.SwapOut));
        rows.Add(StatRow.Unsigned("pgswapout", v.PgSwapOut));
        rows.Add(StatRow.Unsigned("zfod", v.Zfod));
        rows.Add(StatRow.Unsigned("dfree", v.DFree));
        rows.Add(StatRow.Unsigned("scan", v.Scan));
        rows.Add(StatRow.Unsigned("rev", v.Rev));
        rows.Add(StatRow.Unsigned("hat_fault", v.HatFault));
        rows.Add(StatRow.Unsigned("as_fault", v.AsFault));
        rows.Add(StatRow.Unsigned("maj_fault", v.MajorFault));
        rows.Add(StatRow.Unsigned("cow_fault", v.CowFault));
        rows.Add(StatRow.Unsigned("prot_fault", v.ProtFault));
        rows.Add(StatRow.Unsigned("softlock", v.SoftLock));
        rows.Add(StatRow.Unsigned("kernel_asflt", v.KernelAsFault));
        rows.Add(StatRow.Unsigned("pgrrun", v.PgrRun));
        rows.Add(StatRow.Unsigned("execpgin", v.ExecPgIn));
        rows.Add(StatRow.Unsigned("execpgout", v.ExecPgOut));
        rows.Add(StatRow.Unsigned("execfree", v.ExecFree));
        rows.Add(StatRow.Unsigned("anonpgin", v.AnonPgIn));
        rows.Add(StatRow.Unsigned("anonpgout", v.AnonPgOut));
        rows.Add(StatRow.Unsigned("anonfree", v.AnonFree));
        rows.Add(StatRow.Unsigned("fspgin", v.FsPgIn));
        rows.Add(StatRow.Unsigned("fspgout", v.FsPgOut));
        rows.Add(StatRow.Unsigned("fsfree", v.FsFree));
        snapTime = c.SnapTime;
        return true;
    }
}
