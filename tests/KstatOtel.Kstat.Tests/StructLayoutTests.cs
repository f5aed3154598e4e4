using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using KstatOtel.Kstat.Interop;

namespace KstatOtel.Kstat.Tests;

/// <summary>
/// The managed mirrors of the libkstat structs against the C compiler: the stand-in's build/kstat-offsets prints
/// sizeof and offsetof for every struct and field of its kstat.h ("STRUCT SIZE", "STRUCT.FIELD OFFSET SIZE"), and
/// every one must match the managed layout, and every managed field must be checked by one of those lines.
/// </summary>
public class StructLayoutTests
{
    /// <summary>C struct name → managed mirror.</summary>
    private static readonly Dictionary<string, Type> Mirrors = new()
    {
        ["kstat_ctl_t"] = typeof(KstatCtlNative),
        ["kstat_t"] = typeof(KstatNative),
        ["kstat_named_t"] = typeof(KstatNamedNative),
        ["kstat_intr_t"] = typeof(KstatIntrNative),
        ["kstat_io_t"] = typeof(KstatIoNative),
        ["kstat_timer_t"] = typeof(KstatTimerNative),
        ["sysinfo_t"] = typeof(SysinfoNative),
        ["vminfo_t"] = typeof(VminfoNative),
        ["var"] = typeof(VarNative),
        ["mntinfo_kstat"] = typeof(MntinfoKstatNative),
        ["cpu_sysinfo_t"] = typeof(CpuSysinfoNative),
        ["cpu_syswait_t"] = typeof(CpuSyswaitNative),
        ["cpu_vminfo_t"] = typeof(CpuVminfoNative),
        ["cpu_stat_t"] = typeof(CpuStatNative),
    };

    [Fact]
    public void EveryStructSizeAndFieldOffsetMatchesTheCCompiler()
    {
        var lines = RunOffsets();
        var constants = ReadConstants();
        var checkedFields = new HashSet<FieldInfo>();
        var seenStructs = new HashSet<string>();
        var failures = new List<string>();
        var paths = lines.Where(l => l.Length == 3).Select(l => l[0]).ToList();
        foreach (var line in lines)
        {
            if (line.Length == 2)
            {
                Assert.True(Mirrors.TryGetValue(line[0], out var type), $"kstat-offsets prints struct {line[0]}, which has no managed mirror");
                seenStructs.Add(line[0]);
                var size = ManagedSize(type);
                if (size != long.Parse(line[1], CultureInfo.InvariantCulture))
                {
                    failures.Add($"sizeof({line[0]}) is {line[1]}, {type.Name} is {size}");
                }

                continue;
            }

            Assert.Equal(3, line.Length);
            var dot = line[0].IndexOf('.', StringComparison.Ordinal);
            var structName = line[0][..dot];
            var path = line[0][(dot + 1)..];
            var offset = long.Parse(line[1], CultureInfo.InvariantCulture);
            var fieldSize = long.Parse(line[2], CultureInfo.InvariantCulture);
            Assert.True(Mirrors.TryGetValue(structName, out var mirror), $"kstat-offsets prints {line[0]}, whose struct has no managed mirror");
            if (Resolve(mirror, path, constants, checkedFields) is { } managed)
            {
                if (managed.Offset != offset || managed.Size != fieldSize)
                {
                    failures.Add($"{line[0]}: C offset {offset} size {fieldSize}, managed offset {managed.Offset} size {managed.Size}");
                }
            }
            else if (!paths.Any(p => p.StartsWith(line[0] + ".", StringComparison.Ordinal) || p.StartsWith(line[0] + "[", StringComparison.Ordinal)))
            {
                // Not an aggregate whose parts are listed: a field the managed mirror lacks.
                failures.Add($"{line[0]} (offset {offset}, size {fieldSize}) has no managed field");
            }
        }

        Assert.Equal(Mirrors.Keys.Order(), seenStructs.Order());
        foreach (var type in Mirrors.Values)
        {
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Instance))
            {
                if (!checkedFields.Contains(field))
                {
                    failures.Add($"{type.Name}.{field.Name} is not checked by any kstat-offsets line");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void ManagedConstantsMatchTheHeader()
    {
        var constants = ReadConstants();
        Assert.Equal(KstatNative.StrLen, constants["KSTAT_STRLEN"]);
        Assert.Equal(KstatIntrNative.NumIntrs, constants["KSTAT_NUM_INTRS"]);
        foreach (var value in Enum.GetValues<KstatType>())
        {
            var name = value switch { KstatType.Interrupt => "INTR", _ => value.ToString().ToUpperInvariant() };
            Assert.Equal(constants["KSTAT_TYPE_" + name], (long)value);
        }

        foreach (var value in Enum.GetValues<KstatDataType>())
        {
            Assert.Equal(constants["KSTAT_DATA_" + value.ToString().ToUpperInvariant()], (long)value);
        }

        var flagNames = new Dictionary<KstatFlags, string>
        {
            [KstatFlags.Virtual] = "VIRTUAL", [KstatFlags.VariableSize] = "VAR_SIZE", [KstatFlags.Writable] = "WRITABLE",
            [KstatFlags.Persistent] = "PERSISTENT", [KstatFlags.Dormant] = "DORMANT", [KstatFlags.Invalid] = "INVALID",
            [KstatFlags.LongStrings] = "LONGSTRINGS",
        };
        foreach (var (flag, name) in flagNames)
        {
            Assert.Equal(constants["KSTAT_FLAG_" + name], (long)flag);
        }
    }

    /// <summary>Finds the managed field for a C member path such as "value.str.addr.ptr", "intrs[KSTAT_INTR_HARD]" or "mik_timers[0].srtt".</summary>
    private static (long Offset, long Size)? Resolve(Type type, string path, Dictionary<string, long> constants, HashSet<FieldInfo> checkedFields)
    {
        var segments = path.Split('.');
        long baseOffset = 0;
        var current = type;
        var i = 0;
        while (i < segments.Length)
        {
            // Union members and array elements are flattened in the mirrors: join segments with '_' until a field matches.
            FieldInfo? field = null;
            var index = -1L;
            var j = i;
            for (var name = string.Empty; j < segments.Length && field is null; j++)
            {
                var segment = segments[j];
                var bracket = segment.IndexOf('[', StringComparison.Ordinal);
                if (bracket >= 0)
                {
                    var indexText = segment[(bracket + 1)..^1];
                    var arrayName = (name.Length == 0 ? string.Empty : name + "_") + segment[..bracket];
                    var asElementField = current.GetField(arrayName + "_" + indexText); // mik_timers[0] → mik_timers_0
                    if (asElementField is not null)
                    {
                        field = asElementField;
                        break;
                    }

                    field = current.GetField(arrayName);
                    index = constants.TryGetValue(indexText, out var constant) ? constant : long.Parse(indexText, CultureInfo.InvariantCulture);
                    break;
                }

                name = name.Length == 0 ? segment : name + "_" + segment;
                field = current.GetField(name);
                if (field is not null)
                {
                    break;
                }
            }

            if (field is null)
            {
                return null;
            }

            checkedFields.Add(field);
            baseOffset += Marshal.OffsetOf(current, field.Name).ToInt64();
            if (index >= 0)
            {
                var element = field.GetCustomAttribute<FixedBufferAttribute>()!;
                var elementSize = Marshal.SizeOf(element.ElementType);
                if (j + 1 == segments.Length)
                {
                    return (baseOffset + (index * elementSize), elementSize);
                }

                return null;
            }

            i = j + 1;
            if (i == segments.Length)
            {
                return (baseOffset, FieldSize(field));
            }

            current = field.FieldType;
        }

        return null;
    }

    private static long FieldSize(FieldInfo field) =>
        field.FieldType.IsPointer || field.FieldType == typeof(nint) || field.FieldType == typeof(nuint) ? IntPtr.Size : Marshal.SizeOf(field.FieldType);

    private static long ManagedSize(Type type) =>
        (int)typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!.MakeGenericMethod(type).Invoke(null, null)!;

    private static List<string[]> RunOffsets() =>
        Run(Standin.OffsetsProgram).Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();

    private static Dictionary<string, long> ReadConstants() =>
        Run(Standin.OffsetsProgram, "--constants").Where(l => l.StartsWith("#define ", StringComparison.Ordinal))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(p => p[1], p => long.Parse(p[2], CultureInfo.InvariantCulture));

    private static string[] Run(string program, params string[] arguments)
    {
        Assert.True(File.Exists(program), $"{program} is not built: run make -C {Standin.Directory}");
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return output.Split('\n');
    }
}
