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

        return modules;
    }
}
