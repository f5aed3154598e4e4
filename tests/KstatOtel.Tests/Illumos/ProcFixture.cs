using System.Text.Json;
using KstatOtel.Testing;

namespace KstatOtel.Tests.Illumos;

/// <summary>
/// Builds /proc/self/psinfo and /proc/self/usage of illumos (64-bit layouts of sys/procfs.h) from the real process of
/// tests/fixtures/illumos-proc/proc-8055.json, under a temporary procfs root, and exposes the JSON values.
/// </summary>
internal sealed class ProcFixture : IDisposable
{
    /// <summary>psinfo_t, in the order of sys/procfs.h (pr_lwp, an lwpsinfo_t of 128 bytes aligned to 8, at the end).</summary>
    public static readonly CStructLayout Psinfo = new CStructLayout()
        .Int("Pr_flag").Int("Pr_nlwp").Int("Pr_pid").Int("Pr_ppid").Int("Pr_pgid").Int("Pr_sid")
        .Int("Pr_uid").Int("Pr_euid").Int("Pr_gid").Int("Pr_egid")
        .Long("Pr_addr").Long("Pr_size").Long("Pr_rssize").Long("Pr_pad1").Long("Pr_ttydev")
        .UShort("Pr_pctcpu").UShort("Pr_pctmem")
        .TimeStruct("Pr_start").TimeStruct("Pr_time").TimeStruct("Pr_ctime")
        .Char("Pr_fname", 16).Char("Pr_psargs", 80)
        .Int("Pr_wstat").Int("Pr_argc").Long("Pr_argv").Long("Pr_envp")
        .Char("Pr_dmodel").Char("Pr_pad2", 3)
        .Int("Pr_taskid").Int("Pr_projid").Int("Pr_nzomb").Int("Pr_poolid").Int("Pr_zoneid").Int("Pr_contract").Int("Pr_filler")
        .Field("Pr_lwp", 128, 8);

    private static readonly string[] PrusageTimes =
    [
        "Pr_tstamp", "Pr_create", "Pr_term", "Pr_rtime", "Pr_utime", "Pr_stime", "Pr_ttime", "Pr_tftime", "Pr_dftime",
        "Pr_kftime", "Pr_ltime", "Pr_slptime", "Pr_wtime", "Pr_stoptime",
    ];

    private static readonly string[] PrusageCounters =
    [
        "Pr_minf", "Pr_majf", "Pr_nswap", "Pr_inblk", "Pr_oublk", "Pr_msnd", "Pr_mrcv", "Pr_sigs", "Pr_vctx", "Pr_ictx",
        "Pr_sysc", "Pr_ioch",
    ];

    /// <summary>prusage_t, in the order of sys/procfs.h (after the field name lists it is built from).</summary>
    public static readonly CStructLayout Prusage = BuildPrusage();

    private ProcFixture(string root, JsonElement psinfo, JsonElement usage)
    {
        Root = root;
        PsinfoJson = psinfo;
        UsageJson = usage;
    }

    /// <summary>The procfs root: ROOT/self/psinfo and ROOT/self/usage.</summary>
    public string Root { get; }

    public JsonElement PsinfoJson { get; }

    public JsonElement UsageJson { get; }

    public string PsinfoPath => Path.Combine(Root, "self", "psinfo");

    public string UsagePath => Path.Combine(Root, "self", "usage");

    public static ProcFixture Create()
    {
        var json = JsonDocument.Parse(File.ReadAllText(RepoPaths.Combine("tests", "fixtures", "illumos-proc", "proc-8055.json"))).RootElement;
        var root = Path.Combine(Path.GetTempPath(), $"kstatotel-illumos-proc-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(root, "self"));
        var fixture = new ProcFixture(root, json.GetProperty("psinfo").Clone(), json.GetProperty("usage").Clone());
        fixture.Write();
        return fixture;
    }

    /// <summary>psinfo_t bytes with the JSON's values (and any <paramref name="overrides"/>).</summary>
    public byte[] PsinfoBytes(Action<CStructLayout, byte[]>? overrides = null)
    {
        var bytes = new byte[Psinfo.Size];
        foreach (var field in PsinfoJson.EnumerateObject())
        {
            switch (field.Value.ValueKind)
            {
                case JsonValueKind.Array:
                    Psinfo.WriteTime(bytes, field.Name, field.Value[0].GetInt64(), field.Value[1].GetInt64());
                    break;
                case JsonValueKind.String:
                    Psinfo.WriteText(bytes, field.Name, field.Value.GetString()!);
                    break;
                default:
                    var value = field.Value.GetUInt64();
                    switch (field.Name)
                    {
                        case "Pr_addr" or "Pr_size" or "Pr_rssize" or "Pr_pad1" or "Pr_ttydev" or "Pr_argv" or "Pr_envp":
                            Psinfo.WriteLong(bytes, field.Name, value);
                            break;
                        case "Pr_pctcpu" or "Pr_pctmem":
                            Psinfo.WriteUShort(bytes, field.Name, value);
                            break;
                        case "Pr_dmodel":
                            bytes[Psinfo["Pr_dmodel"]] = checked((byte)value);
                            break;
                        default:
                            Psinfo.WriteUInt(bytes, field.Name, value);
                            break;
                    }

                    break;
            }
        }

        overrides?.Invoke(Psinfo, bytes);
        return bytes;
    }

    /// <summary>prusage_t bytes with the JSON's values (and any <paramref name="overrides"/>).</summary>
    public byte[] UsageBytes(Action<CStructLayout, byte[]>? overrides = null)
    {
        var bytes = new byte[Prusage.Size];
        Prusage.WriteInt(bytes, "Pr_lwpid", UsageJson.GetProperty("Pr_lwpid").GetInt64());
        Prusage.WriteInt(bytes, "Pr_count", UsageJson.GetProperty("Pr_count").GetInt64());
        foreach (var name in PrusageTimes)
        {
            var time = UsageJson.GetProperty(name);
            Prusage.WriteTime(bytes, name, time[0].GetInt64(), time[1].GetInt64());
        }

        foreach (var name in PrusageCounters)
        {
            Prusage.WriteLong(bytes, name, UsageJson.GetProperty(name).GetUInt64());
        }

        overrides?.Invoke(Prusage, bytes);
        return bytes;
    }

    /// <summary>Rewrites both files in place (same inodes, so kept-open descriptors see the new content).</summary>
    public void Write(Action<CStructLayout, byte[]>? psinfo = null, Action<CStructLayout, byte[]>? usage = null)
    {
        File.WriteAllBytes(PsinfoPath, PsinfoBytes(psinfo));
        File.WriteAllBytes(UsagePath, UsageBytes(usage));
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private static CStructLayout BuildPrusage()
    {
        var layout = new CStructLayout().Int("Pr_lwpid").Int("Pr_count");
        foreach (var name in PrusageTimes)
        {
            layout.TimeStruct(name);
        }

        layout.Field("filltime", 6 * 16, 8);
        foreach (var name in PrusageCounters)
        {
            layout.Long(name);
        }

        return layout.Field("filler", 10 * 8, 8);
    }
}
