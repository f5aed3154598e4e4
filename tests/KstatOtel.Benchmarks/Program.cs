using BenchmarkDotNet.Running;

// Every benchmark class in this assembly; pick with --filter, e.g.
//   dotnet run -c Release --project tests/KstatOtel.Benchmarks -- --filter '*Taskstats*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
