namespace KstatExample;

/// <summary>A command-line error: printed with the usage text, exit status 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
