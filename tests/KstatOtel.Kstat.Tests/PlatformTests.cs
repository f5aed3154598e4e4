
namespace KstatOtel.Kstat.Tests;

/// <summary>Loading libkstat: the path rules, and the error on a system without libkstat (this one).</summary>
[Collection(StandinCollection.Name)]
public class PlatformTests
{
    [Fact]
    public void AMissingLibraryIsAPlatformErrorThatSaysHowToFixIt()
    {
        const string path = "/nonexistent/kstatotel/libkstat.so.1";
        var error = Assert.Throws<PlatformNotSupportedException>(() => KstatToken.Open(path));
        Assert.Contains("kstat is available on illumos and Solaris only", error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(KstatToken.LibraryPathEnvironmentVariable, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheEnvironmentVariableChoosesTheLibrary()
    {
        const string path = "/nonexistent/from-the-environment/libkstat.so.1";
        var saved = Environment.GetEnvironmentVariable(KstatToken.LibraryPathEnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(KstatToken.LibraryPathEnvironmentVariable, path);
            var error = Assert.Throws<PlatformNotSupportedException>(() => KstatToken.Open());
            Assert.Contains(path, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(KstatToken.LibraryPathEnvironmentVariable, saved);
        }
    }

    /// <summary>
    /// In a new process (in this one, dlopen("libkstat.so.1") finds the stand-in already loaded under that soname):
    /// with neither argument nor variable, the binding loads libkstat.so.1, which this system does not have.
    /// </summary>
    [SkippableFact]
    public void WithoutTheVariableTheSystemLibkstatIsLoadedAndThisSystemHasNone()
    {
        Skip.If(File.Exists("/lib/64/libkstat.so.1") || File.Exists("/usr/lib/libkstat.so.1"), "this system has a libkstat");
        var tool = Path.Combine(AppContext.BaseDirectory, "kstat.dll");
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(tool);
        start.ArgumentList.Add("-p");
        start.Environment.Remove(KstatToken.LibraryPathEnvironmentVariable);
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(3, process.ExitCode);
        Assert.Equal(string.Empty, output.Result);
        Assert.Contains("kstat is available on illumos and Solaris only", error, StringComparison.Ordinal);
        Assert.Contains("'libkstat.so.1'", error, StringComparison.Ordinal);
        Assert.Contains(KstatToken.LibraryPathEnvironmentVariable, error, StringComparison.Ordinal);
    }

    [Fact]
    public void ALibraryWithoutTheKstatFunctionsIsRefused()
    {
        var error = Assert.Throws<PlatformNotSupportedException>(() => KstatToken.Open("libc.so.6"));
        Assert.Contains("does not export kstat_open", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OnceBoundTheProcessRefusesAnotherLibkstatFile()
    {
        using var session = StandinSession.Start(Fixtures.Capture("illumos-cpu--3--sys.kstat"));
        using (session.Open())
        {
        }

        var copy = Path.Combine(Path.GetTempPath(), $"kstatotel-{Guid.NewGuid():N}", "libkstat.so.1");
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        try
        {
            File.Copy(Standin.LibraryPath, copy);
            var error = Assert.Throws<InvalidOperationException>(() => KstatToken.Open(copy));
            Assert.Contains(Standin.LibraryPath, error.Message, StringComparison.Ordinal);
            using var again = KstatToken.Open(Standin.LibraryPath);
            Assert.Equal(Standin.LibraryPath, again.LibraryPath);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(copy)!, recursive: true);
        }
    }
}
