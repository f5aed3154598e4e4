// A kstat(1)-like tool over KstatOtel.Kstat. On illumos and Solaris it reads the real kernel statistics; anywhere,
// --fixture serves `kstat -p` captures through the libkstat stand-in:
//   dotnet run --project examples/Kstat -- --fixture tests/fixtures/kstat/illumos-cpu--3--sys.kstat -p
return KstatExample.KstatTool.Run(args, Console.Out, Console.Error);
