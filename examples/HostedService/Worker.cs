using System.Security.Cryptography;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HostedService;

/// <summary>The application's own work: some hashing every second, so that the process metrics move.</summary>
internal sealed partial class Worker(ILogger<Worker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var buffer = RandomNumberGenerator.GetBytes(1 << 20);
        for (var round = 1; !stoppingToken.IsCancellationRequested; round++)
        {
            for (var i = 0; i < 50; i++)
            {
                SHA256.HashData(buffer);
            }

            LogRound(round);
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Work round {Round} done.")]
    private partial void LogRound(int round);
}
