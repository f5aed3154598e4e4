using KstatOtel.Linux;

namespace KstatOtel.Modules;

/// <summary>Chooses the modules that apply to this platform and these options.</summary>
internal static class ModuleCatalog
{
    public static IReadOnlyList<IKstatModule> Create(KstatInstrumentationOptions options)
    {
        var modules = new List<IKstatModule>();

        // Linux: the own process (taskstats and procfs) and its cgroup (cgroupstats).
        if (OperatingSystem.IsLinux())
        {
            LinuxModules.AddTo(modules, options);
        }

        return modules;
    }
}
