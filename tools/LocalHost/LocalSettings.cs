using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Connector.LocalHost;

/// <summary>
/// Reads local.settings.json the way the Functions host does: <c>Values</c> become settings
/// (a <c>__</c> in a name means a section, as in environment variables) and <c>Host</c> holds the port.
/// Environment variables override the file.
/// </summary>
public sealed class LocalSettings
{
    public Dictionary<string, string?> Values { get; } = new(StringComparer.OrdinalIgnoreCase);

    public int? LocalHttpPort { get; private set; }

    public static LocalSettings Load(string? path)
    {
        var settings = new LocalSettings();
        if (path is null || !File.Exists(path))
        {
            return settings;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var root = document.RootElement;
        if (root.TryGetProperty("IsEncrypted", out var encrypted) && encrypted.ValueKind == JsonValueKind.True)
        {
            throw new InvalidOperationException($"{path} is encrypted; the local host reads plain settings only.");
        }

        if (root.TryGetProperty("Values", out var values))
        {
            foreach (var property in values.EnumerateObject())
            {
                settings.Values[ToConfigurationKey(property.Name)] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : property.Value.GetRawText();
            }
        }

        if (root.TryGetProperty("Host", out var host) && host.TryGetProperty("LocalHttpPort", out var port) && port.TryGetInt32(out var number))
        {
            settings.LocalHttpPort = number;
        }

        return settings;
    }

    public static string ToConfigurationKey(string name) => name.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal);
}
