using System.Text.RegularExpressions;
using Connector.Testing;

namespace Connector.UnitTests.Architecture;

/// <summary>
/// The dependency graph between the folders of <c>shared/</c> (docs/architecture.md): a folder depends on another when
/// one of its files names it in a <c>using Connector.X</c>, a fully qualified <c>Connector.X.</c> reference or a
/// namespace-relative <c>X.SomeType</c> of a type declared in folder X (string literals and comments do not count).
/// No folder may depend on another in a cycle, and the plumbing folders depend on no capability.
/// </summary>
public sealed partial class CapabilityDependencyTests
{
    private static readonly string[] Plumbing = ["Storage", "Messaging", "Secrets", "Http", "Telemetry", "Configuration", "TikTok", "Audit", "Runs"];

    [Test]
    public void No_folder_of_shared_depends_on_another_in_a_cycle()
    {
        var graph = DependencyGraph();

        var cycles = Cycles(graph).Select(cycle => string.Join(" -> ", cycle.Append(cycle[0]).Select((folder, i) =>
            i == cycle.Count ? folder : $"{folder} ({graph[folder][cycle[(i + 1) % cycle.Count]]})"))).ToArray();

        Assert.That(cycles, Is.Empty, "capability folders that depend on each other (folder (first file:line that names the next) -> ...)");
    }

    [Test]
    public void Plumbing_depends_on_no_capability()
    {
        var graph = DependencyGraph();

        var wrong = Plumbing.Where(p => graph.ContainsKey(p))
            .SelectMany(p => graph[p].Keys.Where(d => !Plumbing.Contains(d, StringComparer.Ordinal)).Select(d => $"{p} -> {d} ({graph[p][d]})"))
            .ToArray();

        Assert.That(wrong, Is.Empty);
    }

    [Test]
    public void The_graph_sees_a_dependency_of_each_kind()
    {
        var graph = DependencyGraph();

        Assert.That(graph.Keys, Is.SupersetOf(Plumbing.Append("Shops").Append("Orders")));
        Assert.That(graph["Orders"].Keys, Does.Contain("Shops"), "using Connector.Shops");
        Assert.That(graph["Webhooks"].Keys, Does.Contain("Labels"), "Labels.LabelRules, relative to namespace Connector");
        Assert.That(graph["Shops"].Keys, Is.EquivalentTo(new[] { "Storage" }), "Shops holds no capability's settings type");
    }

    /// <summary>Folder to the folders it depends on, each with the first place that names it.</summary>
    private static Dictionary<string, Dictionary<string, string>> DependencyGraph()
    {
        var shared = Path.Combine(TestEnvironment.RepositoryRoot, "shared");
        var folders = Directory.GetDirectories(shared).Select(Path.GetFileName).OfType<string>()
            .Where(f => f is not ("bin" or "obj") && Files(Path.Combine(shared, f)).Any()).ToArray();
        var typesByFolder = folders.ToDictionary(f => f, f => Files(Path.Combine(shared, f))
            .SelectMany(file => TypeDeclaration().Matches(Code(File.ReadAllText(file))).Select(m => m.Groups["name"].Value))
            .ToHashSet(StringComparer.Ordinal));
        var graph = folders.ToDictionary(f => f, _ => new Dictionary<string, string>(StringComparer.Ordinal));
        foreach (var folder in folders)
        {
            foreach (var file in Files(Path.Combine(shared, folder)))
            {
                var lines = File.ReadAllLines(file);
                for (var i = 0; i < lines.Length; i++)
                {
                    var code = Code(lines[i]);
                    var named = Qualified().Matches(code).Select(m => m.Groups["folder"].Value)
                        .Concat(Relative().Matches(code)
                            .Where(m => typesByFolder.TryGetValue(m.Groups["folder"].Value, out var types) && types.Contains(m.Groups["type"].Value))
                            .Select(m => m.Groups["folder"].Value));
                    foreach (var target in named.Where(t => t != folder && graph.ContainsKey(t)))
                    {
                        graph[folder].TryAdd(target, $"{Path.GetRelativePath(TestEnvironment.RepositoryRoot, file)}:{i + 1}");
                    }
                }
            }
        }

        return graph;
    }

    private static IEnumerable<string> Files(string folder) => Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
        .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                    && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    /// <summary>The code of a line without string literals and comments.</summary>
    private static string Code(string text) => LineComment().Replace(StringLiteral().Replace(text, "\"\""), "");

    /// <summary>Every cycle's folders once (one per strongly connected component of two or more), in dependency order.</summary>
    private static List<List<string>> Cycles(Dictionary<string, Dictionary<string, string>> graph)
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var cycles = new List<List<string>>();
        void Visit(string v)
        {
            index[v] = low[v] = index.Count;
            stack.Push(v);
            foreach (var w in graph[v].Keys.Order(StringComparer.Ordinal))
            {
                if (!index.ContainsKey(w))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (stack.Contains(w))
                {
                    low[v] = Math.Min(low[v], index[w]);
                }
            }

            if (low[v] == index[v])
            {
                var component = new HashSet<string>(StringComparer.Ordinal);
                string w;
                do
                {
                    w = stack.Pop();
                    component.Add(w);
                }
                while (w != v);
                if (component.Count > 1)
                {
                    cycles.Add(PathWithin(graph, component, v));
                }
            }
        }

        foreach (var v in graph.Keys.Order(StringComparer.Ordinal).Where(v => !index.ContainsKey(v)))
        {
            Visit(v);
        }

        return cycles;
    }

    /// <summary>A shortest cycle through <paramref name="start"/> inside one strongly connected component.</summary>
    private static List<string> PathWithin(Dictionary<string, Dictionary<string, string>> graph, HashSet<string> component, string start)
    {
        var previous = new Dictionary<string, string>(StringComparer.Ordinal);
        var queue = new Queue<string>([start]);
        while (queue.TryDequeue(out var v))
        {
            foreach (var w in graph[v].Keys.Where(component.Contains).Order(StringComparer.Ordinal))
            {
                if (w == start)
                {
                    var path = new List<string> { v };
                    while (path[0] != start)
                    {
                        path.Insert(0, previous[path[0]]);
                    }

                    return path;
                }

                if (previous.TryAdd(w, v))
                {
                    queue.Enqueue(w);
                }
            }
        }

        return [.. component];
    }

    [GeneratedRegex(@"(?<![\w.])Connector\.(?<folder>\w+)\b")]
    private static partial Regex Qualified();

    [GeneratedRegex("""(?<![\w.])(?<folder>[A-Z]\w*)\.(?<type>[A-Z]\w*)""")]
    private static partial Regex Relative();

    [GeneratedRegex("""\b(?:class|record|struct|interface|enum)\s+(?<name>[A-Z]\w*)""")]
    private static partial Regex TypeDeclaration();

    [GeneratedRegex(@"@?\$*""(?:[^""\\]|\\.)*""")]
    private static partial Regex StringLiteral();

    [GeneratedRegex("//.*$")]
    private static partial Regex LineComment();
}
