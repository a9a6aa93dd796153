using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace TikTokSimulator;

/// <summary>
/// The whole state as one JSON document, so a standalone simulator (scripts/run-local.sh) keeps its sellers, shops,
/// tokens, orders and products across restarts, in step with the connector's own local data. Every private field of
/// <see cref="SimulatorState"/> is written (the partial classes' too), and every property of the model, the ones the Open
/// API leaves out included; shops are kept once, under their sellers.
/// </summary>
public sealed partial class SimulatorState
{
    private static readonly string[] NotPersisted = [nameof(gate), nameof(options)];

    /// <summary>The state as JSON (taken under the lock).</summary>
    public string Export()
    {
        lock (gate)
        {
            var document = new Dictionary<string, JsonElement>();
            foreach (var field in StateFields().Where(f => f.Name != nameof(shops)))
            {
                try
                {
                    document[field.Name] = JsonSerializer.SerializeToElement(field.GetValue(this), field.FieldType, PersistenceJson.Options);
                }
                catch (Exception e) when (e is NotSupportedException or InvalidOperationException)
                {
                    // A field that is not data (a lock, a random source) starts afresh.
                }
            }

            return JsonSerializer.Serialize(document, PersistenceJson.Options);
        }
    }

    /// <summary>Replaces the state with an exported one.</summary>
    public void Import(string json)
    {
        using var document = JsonDocument.Parse(json);
        lock (gate)
        {
            foreach (var field in StateFields())
            {
                if (field.Name == nameof(shops) || !document.RootElement.TryGetProperty(field.Name, out var value))
                {
                    continue;
                }

                object? restored;
                try
                {
                    restored = value.Deserialize(field.FieldType, PersistenceJson.Options);
                }
                catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
                {
                    continue; // saved by another version of the simulator: that part starts afresh
                }

                if (field.GetValue(this) is IDictionary existing && restored is IDictionary loaded)
                {
                    // Keep the field's own instance (and its key comparer).
                    existing.Clear();
                    foreach (DictionaryEntry entry in loaded)
                    {
                        existing[entry.Key] = entry.Value;
                    }
                }
                else if (field.GetValue(this) is IList list && restored is IList items && !list.IsFixedSize)
                {
                    list.Clear();
                    foreach (var item in items)
                    {
                        list.Add(item);
                    }
                }
                else
                {
                    field.SetValue(this, restored);
                }
            }

            // The apps given at start win (e.g. a new callback URL); shops live under their sellers and the index points at them.
            foreach (var app in options.Apps)
            {
                apps[app.AppKey] = app;
            }

            shops.Clear();
            foreach (var shop in sellers.Values.SelectMany(s => s.Shops))
            {
                shops[shop.Id] = shop;
            }
        }
    }

    /// <summary>The data fields: not the lock, the options, or machinery such as channels (work in flight starts afresh).</summary>
    private static IEnumerable<FieldInfo> StateFields() =>
        typeof(SimulatorState).GetFields(BindingFlags.Instance | BindingFlags.NonPublic)
            .Where(f => !NotPersisted.Contains(f.Name) && !f.Name.Contains('<', StringComparison.Ordinal)
                        && f.FieldType != typeof(object) && f.FieldType.Namespace?.StartsWith("System.Threading", StringComparison.Ordinal) != true);
}

/// <summary>JSON for the saved state: the model's hidden properties too, dictionaries with composite keys as entry lists.</summary>
internal static class PersistenceJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        IncludeFields = true,
        Converters = { new DictionaryEntriesConverterFactory() },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { IncludeHiddenProperties } },
    };

    /// <summary>Adds the [JsonIgnore] properties of the simulator's model (warehouses, products, orders, ...) back in.</summary>
    private static void IncludeHiddenProperties(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object || info.Type.Namespace != typeof(SimulatorState).Namespace)
        {
            return;
        }

        // Ignored properties are replaced by ones that are read and written. Get-only collections (a seller's shops, a
        // shop's orders) are filled in place.
        foreach (var ignored in info.Properties.Where(p => p.AttributeProvider is PropertyInfo pi && pi.GetCustomAttribute<JsonIgnoreAttribute>() is not null).ToList())
        {
            var property = (PropertyInfo)ignored.AttributeProvider!;
            info.Properties.Remove(ignored);
            var visible = info.CreateJsonPropertyInfo(property.PropertyType, ignored.Name);
            visible.AttributeProvider = property;
            visible.Get = property.GetValue;
            if (property.SetMethod is { IsPublic: true })
            {
                visible.Set = property.SetValue;
            }

            info.Properties.Add(visible);
        }

        foreach (var property in info.Properties)
        {
            if (property.AttributeProvider is PropertyInfo pi && pi.SetMethod is not { IsPublic: true }
                && typeof(IEnumerable).IsAssignableFrom(pi.PropertyType) && pi.PropertyType != typeof(string))
            {
                property.Get ??= pi.GetValue;
                property.ObjectCreationHandling = JsonObjectCreationHandling.Populate;
            }
        }
    }

    /// <summary>Dictionaries whose keys are not strings (e.g. (app key, seller id)) as lists of {key, value}.</summary>
    private sealed class DictionaryEntriesConverterFactory : JsonConverterFactory
    {
        public override bool CanConvert(Type typeToConvert) =>
            typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(Dictionary<,>)
            && typeToConvert.GetGenericArguments()[0] is var key && key != typeof(string) && !key.IsPrimitive && !key.IsEnum;

        public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
            (JsonConverter)Activator.CreateInstance(typeof(DictionaryEntriesConverter<,>).MakeGenericType(typeToConvert.GetGenericArguments()))!;
    }

    private sealed class DictionaryEntriesConverter<TKey, TValue> : JsonConverter<Dictionary<TKey, TValue>> where TKey : notnull
    {
        private sealed record Entry(TKey Key, TValue Value);

        public override Dictionary<TKey, TValue> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            (JsonSerializer.Deserialize<List<Entry>>(ref reader, options) ?? []).ToDictionary(e => e.Key, e => e.Value);

        public override void Write(Utf8JsonWriter writer, Dictionary<TKey, TValue> value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value.Select(p => new Entry(p.Key, p.Value)).ToList(), options);
    }
}

/// <summary>
/// Keeps a simulator's state in a file: loaded at start, written every <see cref="Interval"/> when it changed and on
/// stop (atomically: a temporary file renamed over the old one).
/// </summary>
public sealed class StatePersistence : IAsyncDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private readonly SimulatorState state;
    private readonly string path;
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;
    private string? written;

    private StatePersistence(SimulatorState state, string path)
    {
        this.state = state;
        this.path = path;
        loop = Task.Run(LoopAsync);
    }

    /// <summary>Loads <paramref name="path"/> into <paramref name="state"/> when it exists, then keeps it up to date.</summary>
    public static StatePersistence Start(SimulatorState state, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        if (File.Exists(path) && new FileInfo(path).Length > 0)
        {
            state.Import(File.ReadAllText(path));
        }

        return new StatePersistence(state, path);
    }

    /// <summary>Writes the state now if it changed since the last write.</summary>
    public void Save()
    {
        var json = state.Export();
        if (json == written)
        {
            return;
        }

        var temporary = path + ".tmp";
        File.WriteAllText(temporary, json);
        File.Move(temporary, path, overwrite: true);
        written = json;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await loop;
        Save();
        stop.Dispose();
    }

    private async Task LoopAsync()
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(Interval, stop.Token);
                Save();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
