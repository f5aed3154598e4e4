// getdelays for .NET: a counterpart of the kernel's tools/accounting/getdelays on top of KstatOtel.Taskstats.
//   dotnet run --project examples/Getdelays -- -t $$ -d -q
using Getdelays;
using KstatOtel.Taskstats;

const int ExitUsage = 2;
const int ExitFailure = 1;
const int ExitNoPermission = 77; // EX_NOPERM (sysexits.h)

var options = Options.Parse(args, out var usageError);
if (options is null)
{
    if (!string.IsNullOrEmpty(usageError))
    {
        Console.Error.WriteLine($"getdelays: {usageError}");
    }

    Console.Error.WriteLine(Options.Usage);
    return string.IsNullOrEmpty(usageError) ? 0 : ExitUsage;
}

try
{
    using var client = TaskstatsClient.Open();
    if (options.CgroupDirectory is { } directory)
    {
        Console.Write(Report.Format(directory, client.CgroupStats(directory)));
        return 0;
    }

    if (options.Delays && Report.DelayAccountingNote() is { } note)
    {
        Console.Error.WriteLine(note);
    }

    if (options.Listen)
    {
        return Listen(client, options);
    }

    var stats = options.Pid is { } pid ? client.Task(pid) : client.ThreadGroup(options.Tgid!.Value);
    Console.Write(Report.Format(stats, options));
    return 0;
}
catch (TaskstatsException e)
{
    Console.Error.WriteLine($"getdelays: {e.Message}");
    return e.IsPermissionDenied ? ExitNoPermission : ExitFailure;
}
catch (TaskstatsProtocolException e)
{
    Console.Error.WriteLine($"getdelays: malformed reply from the kernel: {e.Message}");
    return ExitFailure;
}

static int Listen(TaskstatsClient client, Options options)
{
    using var listener = client.OpenExitListener(options.CpuMask, options.ReceiveBufferBytes);
    using var stop = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        stop.Cancel();
    };
    Console.Error.WriteLine($"listening for exits on CPUs {listener.CpuMask}; Ctrl+C stops");

    var reportedLosses = 0L;
    try
    {
        while (true)
        {
            var record = listener.Receive(stop.Token);
            if (listener.LostRecords != reportedLosses)
            {
                reportedLosses = listener.LostRecords;
                Console.Error.WriteLine($"getdelays: exit records were lost ({reportedLosses} overflows so far); raise -r or read faster");
            }

            Console.Write(Report.Format(record, options));
        }
    }
    catch (OperationCanceledException)
    {
        Console.Error.WriteLine($"stopped; {listener.LostRecords} overflows");
        return 0;
    }
    catch (TaskstatsProtocolException e)
    {
        Console.Error.WriteLine($"getdelays: malformed exit record: {e.Message}");
        return ExitFailure;
    }
}
