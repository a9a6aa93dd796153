using System.Collections;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Connector.DeployTests;

/// <summary>A setting the code reads, and where that was found (for the failure message).</summary>
internal sealed record ReadSetting(string Name, string Source);

/// <summary>
/// Finds, mechanically, every setting the connector reads: the properties of options classes (types with a
/// <c>public const string Section</c>, <see cref="SettingAttribute"/> where the name differs, nested classes and
/// collections as <c>{name}</c> segments), <c>configuration["..."]</c>, <c>GetValue&lt;T&gt;("...")</c> and
/// <c>GetConnectionString("...")</c> reads (string constants resolved), and <c>%Name%</c> binding expressions.
/// </summary>
internal static partial class SettingsCatalog
{
    public static readonly string[] SourceFolders = ["shared", "functions"];

    [GeneratedRegex(@"\b\w*(?:configuration|config|Configuration|Config)\w*\s*\[\s*(?:""(?<literal>[A-Za-z0-9_:.]+)""|(?:\w+\.)*(?<constant>[A-Za-z_]\w*))\s*\]")]
    private static partial Regex IndexerRead();

    [GeneratedRegex(@"\.GetValue<[^>]+>\(\s*(?:""(?<literal>[A-Za-z0-9_:.]+)""|(?:\w+\.)*(?<constant>[A-Za-z_]\w*))")]
    private static partial Regex GetValueRead();

    [GeneratedRegex(@"\.GetConnectionString\(\s*""(?<literal>[A-Za-z0-9_.]+)""")]
    private static partial Regex ConnectionStringRead();

    [GeneratedRegex(@"""[^""\n]*%(?<name>[A-Za-z_][A-Za-z0-9_:]*)%[^""\n]*""")]
    private static partial Regex BindingExpression();

    [GeneratedRegex(@"\bconst\s+string\s+(?<name>\w+)\s*=\s*""(?<value>[^""]*)""")]
    private static partial Regex StringConstant();

    public static IReadOnlyList<ReadSetting> Discover()
    {
        var found = new List<ReadSetting>();
        found.AddRange(FromOptionsClasses(typeof(SettingAttribute).Assembly));
        found.AddRange(FromSources());
        return found;
    }

    /// <summary>Configuration keys use ':' or '__' between sections; compare them as '__', case-insensitively.</summary>
    public static string Normalize(string name) => name.Replace(":", "__", StringComparison.Ordinal);

    public static IEnumerable<ReadSetting> FromOptionsClasses(Assembly assembly)
    {
        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            types = e.Types.OfType<Type>().ToArray();
        }

        foreach (var type in types)
        {
            var section = type.GetField("Section", BindingFlags.Public | BindingFlags.Static);
            if (section is not { IsLiteral: true } || section.FieldType != typeof(string))
            {
                continue;
            }

            var prefix = (string)section.GetRawConstantValue()!;
            foreach (var name in Properties(type, Normalize(prefix), depth: 0))
            {
                yield return new ReadSetting(name, type.FullName!);
            }
        }
    }

    private static IEnumerable<string> Properties(Type type, string prefix, int depth)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is not { IsPublic: true } && !IsComplex(property.PropertyType))
            {
                continue; // computed (e.g. KeyVaultOptions.IsEmulator); the binder cannot set it
            }

            var named = property.GetCustomAttribute<SettingAttribute>()?.Name;
            var key = named is not null ? Normalize(named) : $"{prefix}__{property.Name}";
            foreach (var name in Expand(property.PropertyType, key, depth))
            {
                yield return name;
            }
        }
    }

    private static IEnumerable<string> Expand(Type type, string key, int depth)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (IsLeaf(type) || depth > 4)
        {
            return [key];
        }

        var element = ElementType(type);
        if (element is not null)
        {
            return Expand(element, $"{key}__{{name}}", depth + 1);
        }

        return Properties(type, key, depth + 1);
    }

    private static bool IsComplex(Type type) => !IsLeaf(Nullable.GetUnderlyingType(type) ?? type);

    private static bool IsLeaf(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(Uri)
        || type == typeof(TimeSpan) || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(Guid)
        || type == typeof(object);

    private static Type? ElementType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        var dictionary = type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>));
        if (dictionary is not null)
        {
            return dictionary.GetGenericArguments()[1];
        }

        var enumerable = type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        return enumerable is not null && typeof(IEnumerable).IsAssignableFrom(type) ? enumerable.GetGenericArguments()[0] : null;
    }

    public static IEnumerable<ReadSetting> FromSources()
    {
        var files = SourceFolders.SelectMany(Repository.Sources).ToList();
        var texts = files.ToDictionary(file => file, File.ReadAllText);
        var constants = texts.Values
            .SelectMany(text => StringConstant().Matches(text))
            .GroupBy(m => m.Groups["name"].Value)
            .ToDictionary(g => g.Key, g => g.Select(m => m.Groups["value"].Value).Distinct().ToList());

        foreach (var (file, text) in texts)
        {
            var relative = Path.GetRelativePath(Repository.Root, file);
            foreach (Match match in IndexerRead().Matches(text).Concat(GetValueRead().Matches(text)))
            {
                foreach (var name in Resolve(match, constants))
                {
                    yield return new ReadSetting(Normalize(name), relative);
                }
            }

            foreach (Match match in ConnectionStringRead().Matches(text))
            {
                yield return new ReadSetting($"ConnectionStrings__{match.Groups["literal"].Value}", relative);
            }

            foreach (Match match in BindingExpression().Matches(text))
            {
                yield return new ReadSetting(Normalize(match.Groups["name"].Value), relative);
            }
        }
    }

    private static IEnumerable<string> Resolve(Match match, Dictionary<string, List<string>> constants)
    {
        if (match.Groups["literal"].Success)
        {
            return [match.Groups["literal"].Value];
        }

        // An identifier: a string constant somewhere in the sources, else a local (e.g. a loop variable) we cannot see.
        return constants.TryGetValue(match.Groups["constant"].Value, out var values) ? values : [];
    }

    /// <summary>Whether a concrete name matches a documented one, where <c>{name}</c> stands for one segment.</summary>
    public static bool Matches(string documented, string actual)
    {
        var pattern = "^" + string.Join("[^_]+(?:_[^_]+)*", Normalize(documented).Split("{name}").Select(Regex.Escape)) + "$";
        return Regex.IsMatch(Normalize(actual), pattern, RegexOptions.IgnoreCase);
    }

    /// <summary>The Values of local.settings.sample.json.</summary>
    public static IReadOnlySet<string> SampleSettings() =>
        (JsonNode.Parse(Repository.Read("local.settings.sample.json"))?["Values"]?.AsObject().Select(p => Normalize(p.Key)) ?? [])
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
}

/// <summary>One row of the table in docs/settings.md.</summary>
internal sealed record DocumentedSetting(string Name, string Azure, string Local)
{
    public bool SetInAzure => Azure.Equals("set", StringComparison.OrdinalIgnoreCase);

    public bool InSample => Local.Equals("sample", StringComparison.OrdinalIgnoreCase);

    public static IReadOnlyList<DocumentedSetting> Read()
    {
        var rows = new List<DocumentedSetting>();
        foreach (var line in File.ReadLines(Repository.PathOf("docs", "settings.md")))
        {
            var cells = line.Split('|', StringSplitOptions.TrimEntries);
            // | `Name` | Azure | local | default | meaning |
            if (cells.Length >= 5 && cells[0].Length == 0 && cells[1].StartsWith('`') && cells[1].EndsWith('`'))
            {
                rows.Add(new DocumentedSetting(SettingsCatalog.Normalize(cells[1].Trim('`')), cells[2], cells[3]));
            }
        }

        return rows;
    }
}
