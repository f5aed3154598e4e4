using KstatOtel.ProcessGroups;

namespace KstatOtel.Modules;

/// <summary>Chooses the modules that apply to this platform and these options.</summary>
internal static class ModuleCatalog
{
    public static IReadOnlyList<IKstatModule> Create(KstatInstrumentationOptions options)
    {
        var modules = new List<IKstatModule>();

        // Process groups (Linux), when at least one group is defined.
        if (ProcessGroupsModule.Applies(options))
        {
            modules.Add(ProcessGroupsModule.Create(options));
        }

        return modules;
    }
}
