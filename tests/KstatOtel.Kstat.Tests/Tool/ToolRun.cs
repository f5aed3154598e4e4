using KstatExample;

namespace KstatOtel.Kstat.Tests.Tool;

/// <summary>Runs the kstat tool in process over fixture captures served by the stand-in libkstat.</summary>
internal static class ToolRun
{
    /// <summary><c>kstat --fixture FIXTURES --library STANDIN ARGS</c>: its exit status, standard output and standard error.</summary>
    public static (int Status, string Output, string Error) WithFixture(string fixtures, params string[] args)
    {
        using var session = StandinSession.Start(fixtures);
        var output = new StringWriter();
        var error = new StringWriter();
        var status = KstatTool.Run(["--fixture", fixtures, "--library", Standin.LibraryPath, .. args], output, error);
        return (status, output.ToString(), error.ToString());
    }
}
