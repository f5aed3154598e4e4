using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace HostedService;

/// <summary>
/// <c>services.AddOpenTelemetry()</c> as OpenTelemetry.Extensions.Hosting offers it, for this example only (that
/// package is not available here). It returns an <see cref="IOpenTelemetryBuilder"/> over the host's own service
/// collection, so the OpenTelemetry package's <c>WithMetrics(...)</c> registers the <see cref="MeterProvider"/> in the
/// host's container: it is built there (seeing every <c>services.Configure&lt;T&gt;()</c> of the host) and disposed with
/// the host. A hosted service builds it when the host starts. With OpenTelemetry.Extensions.Hosting referenced, delete
/// this file: the calls in Program.cs stay the same.
/// </summary>
internal static class OpenTelemetryHostingExtensions
{
    public static IOpenTelemetryBuilder AddOpenTelemetry(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddHostedService<TelemetryHostedService>();
        return new HostOpenTelemetryBuilder(services);
    }

    private sealed class HostOpenTelemetryBuilder(IServiceCollection services) : IOpenTelemetryBuilder
    {
        public IServiceCollection Services { get; } = services;
    }

    /// <summary>Builds the MeterProvider when the host starts (instruments exist from then on); the container disposes it.</summary>
    private sealed class TelemetryHostedService(IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            services.GetService<MeterProvider>();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
