using BenchmarkDotNet.Running;
using KstatOtel.Benchmarks.ProcessGroups;

// Every benchmark class in this assembly; pick with --filter, e.g.
//   dotnet run -c Release --project tests/KstatOtel.Benchmarks -- --filter '*Taskstats*'
// One comparison that BenchmarkDotNet cannot make (C and C# alternated in one process) has its own argument:
//   dotnet run -c Release --project tests/KstatOtel.Benchmarks -- --process-groups-interleaved [EXTRA_SLEEPERS]
if (args.Length > 0 && args[0] == InterleavedComparison.Argument)
{
    InterleavedComparison.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 0);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
