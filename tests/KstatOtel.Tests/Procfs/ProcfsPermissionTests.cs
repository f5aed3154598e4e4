using System.Runtime.InteropServices;
using KstatOtel.Procfs;
using KstatOtel.Testing;

namespace KstatOtel.Tests.Procfs;

/// <summary>
/// What an unprivileged reader sees. Each test reads as nobody from a thread whose credentials alone are switched
/// (<see cref="ThreadIdentity"/>), so it needs root to switch; a "sleep" child started by the root test process is
/// the other user's process (pid 1 is not used: in some sandboxes even root may not read its io).
/// </summary>
public partial class ProcfsPermissionTests
{
    private const ulong MsNoSuid = 2, MsNoDev = 4, MsNoExec = 8;
    private const int MntDetach = 2;

    [SkippableFact]
    public void AnotherUsersIoIsDeniedWhileStatAndStatusStillRead()
    {
        RequireThreadSwitch();
        using var child = ProcfsTestFiles.StartSleeper();
        ProcfsReadStatus status;
        ProcessSample sample;
        ProcessFiles deniedAtOpen;
        try
        {
            (status, sample, deniedAtOpen) = ThreadIdentity.RunAs(ThreadIdentity.Nobody, ThreadIdentity.Nobody, () =>
            {
                var result = ProcessReader.TryOpen(ProcfsPaths.DefaultRoot, child.Id, ProcessFiles.Default, out var reader);
                using (reader)
                {
                    Assert.Equal(ProcfsReadStatus.Ok, result);
                    return (reader!.TryRead(out var s), s, reader.DeniedAtOpen);
                }
            });
        }
        finally
        {
            child.Kill();
            child.WaitForExit();
        }

        Assert.Equal(ProcfsReadStatus.Ok, status);
        Assert.Equal(ProcessFiles.Io, deniedAtOpen & ProcessFiles.Io);
        Assert.Equal(ProcessFiles.Io, sample.Denied & ProcessFiles.Io);
        Assert.Null(sample.Io.RChar);
        Assert.Equal(child.Id, sample.Stat.Pid);
        Assert.Equal("sleep", sample.Status.Name.ToString());
        Assert.Equal(0u, sample.Status.Uid!.Value.Effective);

        // The descriptor count comes from the fd directory's size, which this kernel reports to anyone.
        Assert.Equal(ProcessFiles.FileDescriptors, sample.Read & ProcessFiles.FileDescriptors);
        Assert.True(sample.OpenFileDescriptors >= 3);
    }

    [SkippableFact]
    public void AFileOpenedAsRootIsDeniedWhenReadWithoutPermission()
    {
        RequireThreadSwitch();
        using var child = ProcfsTestFiles.StartSleeper();
        Assert.Equal(ProcfsReadStatus.Ok, ProcfsFile.TryOpen($"/proc/{child.Id}/io", out var io));
        using (io)
        try
        {
            Assert.Equal(ProcfsReadStatus.Ok, io!.TryRead(out _));

            // /proc/[pid]/io checks ptrace access on every read, with the reading thread's credentials.
            var status = ThreadIdentity.RunAs(ThreadIdentity.Nobody, ThreadIdentity.Nobody, () => io.TryRead(out _));
            Assert.Equal(ProcfsReadStatus.Denied, status);
            Assert.Equal(ProcfsReadStatus.Ok, io.TryRead(out _));
        }
        finally
        {
            child.Kill();
            child.WaitForExit();
        }
    }

    [SkippableFact]
    public void HidepidProcfsGivesDeniedOrGoneThroughTheRootOption()
    {
        RequireThreadSwitch();
        using var child = ProcfsTestFiles.StartSleeper();
        string? noAccess = null, invisible = null;
        try
        {
            noAccess = Mount("hidepid=1");
            invisible = Mount("hidepid=2");
            var (denied, gone, own) = ThreadIdentity.RunAs(ThreadIdentity.Nobody, ThreadIdentity.Nobody, () =>
            {
                var d = ProcessReader.TryOpen(noAccess!, child.Id, ProcessFiles.Default, out var r1);
                r1?.Dispose();
                var g = ProcessReader.TryOpen(invisible!, child.Id, ProcessFiles.Default, out var r2);
                r2?.Dispose();

                // Its own thread is still readable: /proc/[pid]/task/[tid] of the calling thread.
                var o = ProcessReader.TryOpenThread(noAccess!, Environment.ProcessId, TestLibc.GetTid(), ProcessFiles.None, out var r3);
                r3?.Dispose();
                return (d, g, o);
            });

            Assert.Equal(ProcfsReadStatus.Denied, denied);
            Assert.Equal(ProcfsReadStatus.Gone, gone);
            Assert.Equal(ProcfsReadStatus.Ok, own);
        }
        finally
        {
            Unmount(noAccess);
            Unmount(invisible);
            child.Kill();
            child.WaitForExit();
        }
    }

    private static void RequireThreadSwitch()
    {
        Privileges.RequireRoot();
        Skip.IfNot(ThreadIdentity.IsSupported, "switching one thread's credentials needs x86_64 or arm64 system call numbers");
    }

    private static string Mount(string options)
    {
        var target = Directory.CreateTempSubdirectory("procfs-hidepid-").FullName;
        if (MountCore("proc", target, "proc", MsNoSuid | MsNoDev | MsNoExec, options) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            Directory.Delete(target);
            Skip.If(true, $"mounting a procfs with {options} failed (errno {errno}); needs CAP_SYS_ADMIN");
        }

        return target;
    }

    private static void Unmount(string? target)
    {
        if (target is null)
        {
            return;
        }

        _ = Umount2(target, MntDetach);
        Directory.Delete(target);
    }

    [LibraryImport("libc", EntryPoint = "mount", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MountCore(string source, string target, string type, ulong flags, string data);

    [LibraryImport("libc", EntryPoint = "umount2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Umount2(string target, int flags);
}
