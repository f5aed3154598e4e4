using System.Reflection;
using System.Text;

namespace KstatOtel.Testing;

/// <summary>
/// Describes the public surface of an assembly as sorted text lines, one per type and member,
/// so it can be compared with the checked-in PublicAPI.Shipped.txt and PublicAPI.Unshipped.txt of a package.
/// The PublicAPI analyzers are not served by the package registry this project builds from; this does their job in a test.
/// </summary>
public static class PublicApiSurface
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>The surface of <paramref name="assembly"/>, one line per type and member, sorted ordinally.</summary>
    public static IReadOnlyList<string> Describe(Assembly assembly)
    {
        var nullability = new NullabilityInfoContext();
        var lines = new List<string>();
        foreach (var type in assembly.GetExportedTypes())
        {
            var typeName = Name(type);
            lines.Add($"{Kind(type)} {typeName}");
            if (type.IsEnum)
            {
                foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static))
                {
                    lines.Add($"{typeName}.{field.Name} = {Convert.ToUInt64(field.GetRawConstantValue(), System.Globalization.CultureInfo.InvariantCulture)}");
                }

                continue;
            }

            if (typeof(Delegate).IsAssignableFrom(type))
            {
                continue;
            }

            foreach (var member in type.GetMembers(Declared))
            {
                if (Describe(typeName, member, nullability) is { } line)
                {
                    lines.Add(line);
                }
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    /// <summary>
    /// Reads the checked-in surface of the package in src/<paramref name="package"/>: the union of the non-empty,
    /// non-comment lines of its PublicAPI.Shipped.txt and PublicAPI.Unshipped.txt, sorted ordinally.
    /// </summary>
    public static IReadOnlyList<string> ReadCheckedIn(string package)
    {
        var lines = new List<string>();
        foreach (var file in new[] { "PublicAPI.Shipped.txt", "PublicAPI.Unshipped.txt" })
        {
            var path = RepoPaths.Combine("src", package, file);
            if (File.Exists(path))
            {
                lines.AddRange(File.ReadAllLines(path).Where(l => l.Length > 0 && !l.StartsWith('#')));
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    /// <summary>
    /// Compares the surface of <paramref name="assembly"/> with the checked-in files of <paramref name="package"/>.
    /// Returns an empty string when they agree, otherwise a report of the lines added and removed.
    /// With KSTATOTEL_UPDATE_PUBLIC_API=1 in the environment, it rewrites PublicAPI.Unshipped.txt to match first.
    /// </summary>
    public static string Compare(Assembly assembly, string package)
    {
        var actual = Describe(assembly);
        if (Environment.GetEnvironmentVariable("KSTATOTEL_UPDATE_PUBLIC_API") == "1")
        {
            var shippedPath = RepoPaths.Combine("src", package, "PublicAPI.Shipped.txt");
            var shipped = File.Exists(shippedPath) ? File.ReadAllLines(shippedPath).ToHashSet(StringComparer.Ordinal) : [];
            File.WriteAllLines(RepoPaths.Combine("src", package, "PublicAPI.Unshipped.txt"), actual.Where(l => !shipped.Contains(l)));
        }

        var expected = ReadCheckedIn(package);
        var added = actual.Except(expected, StringComparer.Ordinal).ToList();
        var removed = expected.Except(actual, StringComparer.Ordinal).ToList();
        if (added.Count == 0 && removed.Count == 0)
        {
            return string.Empty;
        }

        var report = new StringBuilder();
        report.AppendLine($"The public API of {package} differs from src/{package}/PublicAPI.*.txt.");
        report.AppendLine("Review the change, then run the tests once with KSTATOTEL_UPDATE_PUBLIC_API=1 to record it.");
        foreach (var line in added)
        {
            report.AppendLine($"+ {line}");
        }

        foreach (var line in removed)
        {
            report.AppendLine($"- {line}");
        }

        return report.ToString();
    }

    private static string? Describe(string typeName, MemberInfo member, NullabilityInfoContext nullability)
    {
        switch (member)
        {
            case ConstructorInfo ctor when ctor.IsPublic || ctor.IsFamily || ctor.IsFamilyOrAssembly:
                return $"{typeName}.{Access(ctor)}{Static(ctor)}.ctor({Parameters(ctor, nullability)})";
            case MethodInfo method when (method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly) && !method.IsSpecialName:
                return $"{typeName}.{Access(method)}{Modifiers(method)}{method.Name}{GenericArgs(method)}({Parameters(method, nullability)}) -> {ReturnType(method, nullability)}";
            case MethodInfo accessor when (accessor.IsPublic || accessor.IsFamily || accessor.IsFamilyOrAssembly) && accessor.IsSpecialName
                                            && (accessor.Name.StartsWith("get_", StringComparison.Ordinal) || accessor.Name.StartsWith("set_", StringComparison.Ordinal)):
                var propertyName = accessor.Name[4..];
                var property = accessor.DeclaringType!.GetProperty(propertyName, Declared);
                var isInit = accessor.ReturnParameter.GetRequiredCustomModifiers().Any(m => m.FullName == "System.Runtime.CompilerServices.IsExternalInit");
                var kind = accessor.Name.StartsWith("get_", StringComparison.Ordinal) ? "get" : isInit ? "init" : "set";
                var type = property is null ? Name(accessor.ReturnType) : TypeWithNullability(nullability.Create(property), property.PropertyType);
                var indexer = accessor.GetParameters().Length > (kind == "get" ? 0 : 1) ? "[]" : string.Empty;
                return $"{typeName}.{Access(accessor)}{Modifiers(accessor)}{propertyName}{indexer}.{kind} -> {type}";
            case MethodInfo accessor when (accessor.IsPublic || accessor.IsFamily) && accessor.IsSpecialName
                                            && (accessor.Name.StartsWith("add_", StringComparison.Ordinal) || accessor.Name.StartsWith("remove_", StringComparison.Ordinal)):
                var eventName = accessor.Name[(accessor.Name.IndexOf('_') + 1)..];
                var evt = accessor.DeclaringType!.GetEvent(eventName, Declared);
                return $"{typeName}.{Access(accessor)}{Modifiers(accessor)}{accessor.Name[..accessor.Name.IndexOf('_')]} {eventName} -> {(evt?.EventHandlerType is { } h ? Name(h) : "?")}";
            case MethodInfo op when (op.IsPublic) && op.IsSpecialName && op.Name.StartsWith("op_", StringComparison.Ordinal):
                return $"{typeName}.static {op.Name}({Parameters(op, nullability)}) -> {ReturnType(op, nullability)}";
            case FieldInfo field when field.IsPublic || field.IsFamily:
                var prefix = field.IsLiteral ? "const " : (field.IsStatic ? "static " : string.Empty) + (field.IsInitOnly ? "readonly " : string.Empty);
                var value = field.IsLiteral ? $" = {Literal(field.GetRawConstantValue())}" : string.Empty;
                return $"{typeName}.{prefix}{field.Name}{value} -> {TypeWithNullability(nullability.Create(field), field.FieldType)}";
            case Type nested when nested.IsNestedPublic || nested.IsNestedFamily:
                return null; // Listed by GetExportedTypes.
            default:
                return null;
        }
    }

    private static string Literal(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static string Access(MethodBase method) => method.IsFamily || method.IsFamilyOrAssembly ? "protected " : string.Empty;

    private static string Static(MethodBase method) => method.IsStatic ? "static " : string.Empty;

    private static string Modifiers(MethodInfo method)
    {
        if (method.IsStatic)
        {
            return method.IsAbstract ? "static abstract " : "static ";
        }

        if (method.IsAbstract && !method.DeclaringType!.IsInterface)
        {
            return "abstract ";
        }

        if (method.IsVirtual && !method.IsFinal && !method.DeclaringType!.IsInterface)
        {
            return method.GetBaseDefinition() == method ? "virtual " : "override ";
        }

        if (method.IsVirtual && method.GetBaseDefinition() != method)
        {
            return method.IsFinal && method.DeclaringType!.IsSealed ? "override " : "sealed override ";
        }

        return string.Empty;
    }

    private static string GenericArgs(MethodInfo method) =>
        method.IsGenericMethodDefinition ? $"<{string.Join(", ", method.GetGenericArguments().Select(a => a.Name))}>" : string.Empty;

    private static string Parameters(MethodBase method, NullabilityInfoContext nullability) =>
        string.Join(", ", method.GetParameters().Select(p =>
        {
            var modifier = p.ParameterType.IsByRef ? (p.IsOut ? "out " : p.IsIn ? "in " : "ref ") : string.Empty;
            if (p.Position == 0 && method.IsDefined(typeof(System.Runtime.CompilerServices.ExtensionAttribute), false))
            {
                modifier = "this " + modifier;
            }

            var type = TypeWithNullability(nullability.Create(p), p.ParameterType);
            var defaultValue = p.HasDefaultValue ? $" = {Literal(p.DefaultValue)}" : string.Empty;
            return $"{modifier}{type} {p.Name}{defaultValue}";
        }));

    private static string ReturnType(MethodInfo method, NullabilityInfoContext nullability) =>
        TypeWithNullability(nullability.Create(method.ReturnParameter), method.ReturnType);

    private static string TypeWithNullability(NullabilityInfo info, Type type)
    {
        var name = Name(type.IsByRef ? type.GetElementType()! : type);
        return !type.IsValueType && info.ReadState == NullabilityState.Nullable && !name.EndsWith('?') ? name + "?" : name;
    }

    private static string Kind(Type type) =>
        type.IsEnum ? "enum"
        : type.IsInterface ? "interface"
        : typeof(Delegate).IsAssignableFrom(type) ? "delegate"
        : type.IsValueType ? (type.IsDefined(typeof(System.Runtime.CompilerServices.IsReadOnlyAttribute)) ? "readonly struct" : "struct")
        : type.IsAbstract && type.IsSealed ? "static class"
        : type.IsAbstract ? "abstract class"
        : type.IsSealed ? "sealed class"
        : "class";

    private static string Name(Type type)
    {
        if (type.IsGenericParameter)
        {
            return type.Name;
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Name(underlying) + "?";
        }

        if (type.IsArray)
        {
            return Name(type.GetElementType()!) + "[]";
        }

        if (type.IsByRef || type.IsPointer)
        {
            return Name(type.GetElementType()!) + (type.IsPointer ? "*" : string.Empty);
        }

        var name = type.IsNested ? $"{Name(type.DeclaringType!)}.{type.Name}" : $"{type.Namespace}.{type.Name}";
        if (type.IsGenericType)
        {
            var tick = name.IndexOf('`', StringComparison.Ordinal);
            if (tick >= 0)
            {
                name = name[..tick];
            }

            var args = type.GetGenericArguments();
            if (type.IsNested)
            {
                args = args.Skip(type.DeclaringType!.GetGenericArguments().Length).ToArray();
            }

            if (args.Length > 0)
            {
                name += $"<{string.Join(", ", args.Select(Name))}>";
            }
        }

        return name;
    }
}
