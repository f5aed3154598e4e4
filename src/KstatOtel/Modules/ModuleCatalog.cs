using KstatOtel.Linux;
using KstatOtel.Illumos.Host;
using KstatOtel.Illumos.Process;
using KstatOtel.ProcessGroups;

namespace KstatOtel.Modules;

/// <summary>Chooses the modules that apply to this platform and these options.</summary>
internal static class ModuleCatalog
{
    public static IReadOnlyList<IKstatModule> Create(KstatInstrumentationOptions options)
    {
        var modules = new List<IKstatModule>();
        try
        {
            AddTo(modules, options);
        }
        catch
        {
            // A module that cannot start (the open-file limit, a thread the runtime cannot make) fails the start; the
            // ones made before it hold sockets and descriptors that nothing else would ever close.
            foreach (var module in modules)
            {
                module.Dispose();
            }

            throw;
        }

        return modules;
    }

    private static void AddTo(List<IKstatModule> modules, KstatInstrumentationOptions options)
    {

        // The own process on illumos/Solaris: a procfs root with psinfo (an illumos /proc, or a fixture of one).
        if (IllumosProcessModule.Applies(options))
        {
            if (IllumosProcessModule.TryCreate(options) is { } process)
            {
                modules.Add(process);
            }
        }
        else if (OperatingSystem.IsLinux())
        {
            // Linux: the own process (taskstats and procfs) and its cgroup (cgroupstats).
            LinuxModules.AddTo(modules, options);
        }

        // The host from libkstat: on illumos/Solaris, or wherever a libkstat is named (the stand-in).
        if (IllumosHostModule.IsWanted(options) && IllumosHostModule.IsPlatformAvailable(options)
            && IllumosHostModule.TryCreate(options) is { } host)
        {
            modules.Add(host);
        }

        // Process groups (Linux), when at least one group is defined.
        if (ProcessGroupsModule.Applies(options))
        {
            modules.Add(ProcessGroupsModule.Create(options));
        }
    }
}
