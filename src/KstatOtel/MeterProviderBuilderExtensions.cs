using KstatOtel;
using KstatOtel.Diagnostics;
using KstatOtel.Modules;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OpenTelemetry.Metrics;

/// <summary>Extension methods to add the KstatOtel instrumentation to a <see cref="MeterProviderBuilder"/>.</summary>
public static class MeterProviderBuilderExtensions
{
    /// <summary>
    /// Publishes kernel statistics as OpenTelemetry metrics: the own process (Linux: taskstats and procfs; illumos and
    /// Solaris: /proc), the host (illumos and Solaris: kstat) and tracked process groups, from a snapshot refreshed in
    /// the background. Works with <c>Sdk.CreateMeterProviderBuilder()</c>, <c>OpenTelemetrySdk.Create()</c> and
    /// <c>services.AddOpenTelemetry().WithMetrics()</c>; options can also come from
    /// <c>services.Configure&lt;KstatInstrumentationOptions&gt;()</c>.
    /// </summary>
    /// <param name="builder">The builder to add the instrumentation to.</param>
    /// <param name="configure">Sets the options; applied after any configured through the service collection.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static MeterProviderBuilder AddKstatInstrumentation(this MeterProviderBuilder builder, Action<KstatInstrumentationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.ConfigureServices(services =>
        {
            services.AddOptions();
            if (configure is not null)
            {
                services.Configure(configure);
            }
        });

        builder.AddMeter(InstrumentationCore.MeterName);
        return builder.AddInstrumentation(serviceProvider =>
        {
            var options = serviceProvider.GetRequiredService<IOptionsMonitor<KstatInstrumentationOptions>>().CurrentValue.Clone();
            options.Validate();
            try
            {
                return KstatInstrumentation.Acquire(options, ModuleCatalog.Create);
            }
            catch (Exception e) when (e is not (ArgumentException or StackOverflowException))
            {
                // Running inside someone else's process: a source that cannot start (a descriptor limit, a thread the
                // runtime cannot make) must not take the application's startup down. Invalid options still throw above.
                KstatOtelEventSource.Log.InstrumentationFailed(e);
                return KstatInstrumentation.NotStarted;
            }
        });
    }
}
