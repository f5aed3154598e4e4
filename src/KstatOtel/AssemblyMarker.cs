namespace KstatOtel;

/// <summary>Names this assembly in tests until the package has public types of its own.</summary>
internal static class AssemblyMarker
{
}
