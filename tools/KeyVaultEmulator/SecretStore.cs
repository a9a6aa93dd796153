using System.Text.Json;

namespace KeyVaultEmulator;

public sealed record SecretVersion(
    string Version,
    string Value,
    string? ContentType,
    Dictionary<string, string>? Tags,
    bool Enabled,
    long Created,
    long Updated);

/// <summary>Secrets with all their versions, kept in memory and written through to <c>secrets.json</c>.</summary>
public sealed class SecretStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Lock gate = new();
    private readonly string path;
    private readonly Dictionary<string, List<SecretVersion>> secrets;

    public SecretStore(string dataDirectory)
    {
        path = Path.Combine(dataDirectory, "secrets.json");
        secrets = File.Exists(path)
            ? JsonSerializer.Deserialize<Dictionary<string, List<SecretVersion>>>(File.ReadAllText(path), Json) ?? []
            : [];
        secrets = new Dictionary<string, List<SecretVersion>>(secrets, StringComparer.OrdinalIgnoreCase);
    }

    public SecretVersion Set(string name, string value, string? contentType, Dictionary<string, string>? tags, bool enabled)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var version = new SecretVersion(Guid.NewGuid().ToString("N"), value, contentType, tags, enabled, now, now);
        lock (gate)
        {
            if (!secrets.TryGetValue(name, out var versions))
            {
                secrets[name] = versions = [];
            }

            versions.Add(version);
            Persist();
        }

        return version;
    }

    public SecretVersion? Get(string name, string? version)
    {
        lock (gate)
        {
            if (!secrets.TryGetValue(name, out var versions) || versions.Count == 0)
            {
                return null;
            }

            return string.IsNullOrEmpty(version)
                ? versions[^1]
                : versions.FirstOrDefault(v => string.Equals(v.Version, version, StringComparison.OrdinalIgnoreCase));
        }
    }

    public IReadOnlyList<SecretVersion> Versions(string name)
    {
        lock (gate)
        {
            return secrets.TryGetValue(name, out var versions) ? versions.ToArray() : [];
        }
    }

    public IReadOnlyList<(string Name, SecretVersion Latest)> List()
    {
        lock (gate)
        {
            return secrets.Where(s => s.Value.Count > 0).Select(s => (s.Key, s.Value[^1])).OrderBy(s => s.Key, StringComparer.Ordinal).ToArray();
        }
    }

    public SecretVersion? Delete(string name)
    {
        lock (gate)
        {
            if (!secrets.Remove(name, out var versions) || versions.Count == 0)
            {
                return null;
            }

            Persist();
            return versions[^1];
        }
    }

    private void Persist()
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(secrets, Json));
        File.Move(temporary, path, overwrite: true);
    }
}
