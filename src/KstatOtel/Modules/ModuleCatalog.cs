namespace KstatOtel.Modules;

/// <summary>Chooses the modules that apply to this platform and these options.</summary>
internal static class ModuleCatalog
{
    public static IReadOnlyList<IKstatModule> Create(KstatInstrumentationOptions options)
    {
        var modules = new List<IKstatModule>();
        return modules;
    }
}
