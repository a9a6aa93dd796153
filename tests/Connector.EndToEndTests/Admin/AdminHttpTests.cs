using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Connector.EndToEndTests.Onboarding;
using Connector.Testing;

namespace Connector.EndToEndTests.Admin;

/// <summary>
/// admin.http works as it is, top to bottom, against a fresh connector and simulator: each request is sent as the VS Code
/// REST Client would send it (file variables, request variables from earlier answers, $guid, $timestamp, $datetime,
/// @no-redirect), and each "# expect" line is checked (a GET is asked again for a while, as a person would, until the
/// asynchronous work it shows is done).
/// </summary>
public sealed partial class AdminHttpTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Test]
    public async Task Admin_http_works_top_to_bottom_against_a_fresh_stack()
    {
        // As scripts/run-local.sh runs it: the repository's host.json (queues polled every 2 s at most).
        // and the local sample's one-second pull lag (the simulator's search has no index delay).
        await using var world = await OnboardingWorld.StartAsync(new Dictionary<string, string?> { ["OrderPull:Lag"] = "00:00:01" },
            hostJsonPath: Path.Combine(TestEnvironment.RepositoryRoot, "host.json"));
        var file = AdminHttpFile.Parse(File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, "admin.http")));
        file.Variables["base"] = new Uri(world.Host.Http.BaseAddress!, "api").ToString().TrimEnd('/');
        file.Variables["sim"] = OnboardingWorld.Sim.BaseUri.ToString().TrimEnd('/');
        file.Variables["key"] = RunningHost.FunctionKey;
        file.Variables["appKey"] = world.App.AppKey;
        Assert.That(file.Requests, Has.Count.GreaterThan(40));

        using var following = new HttpClient();
        using var notFollowing = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var answers = new Dictionary<string, Answer>(StringComparer.Ordinal);
        foreach (var request in file.Requests)
        {
            var deadline = DateTime.UtcNow + Patience;
            Answer answer;
            string? failure;
            do
            {
                answer = await SendAsync(request.NoRedirect ? notFollowing : following, file.Resolve(request, answers));
                failure = request.Expect?.Check(answer);
                if (failure is null || request.Method != "GET" || DateTime.UtcNow > deadline)
                {
                    break;
                }

                await Task.Delay(500);
            }
            while (true);

            TestContext.Progress.WriteLine($"admin.http line {request.Line}: {request.Method} → {answer.Status}");
            Assert.That(failure, Is.Null, $"admin.http line {request.Line}: {request.Title}: {failure}\n{answer.Status} {answer.Text[..Math.Min(answer.Text.Length, 1500)]}");
            if (request.Name is { } name)
            {
                answers[name] = answer;
            }
        }
    }

    private static async Task<Answer> SendAsync(HttpClient http, (string Method, string Url, IReadOnlyList<(string, string)> Headers, string? Body) request)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Url);
        string? contentType = null;
        foreach (var (name, value) in request.Headers)
        {
            if (string.Equals(name, "Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                contentType = value;
            }
            else
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }

        if (request.Body is { } body)
        {
            message.Content = new StringContent(body, Encoding.UTF8, contentType ?? "application/json");
        }

        using var response = await http.SendAsync(message);
        var text = await response.Content.ReadAsStringAsync();
        JsonElement? json = null;
        if (text.TrimStart().StartsWith('{'))
        {
            json = JsonDocument.Parse(text).RootElement.Clone();
        }

        var headers = response.Headers.Concat(response.Content.Headers).ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        if (response.Headers.Location is { } location)
        {
            headers["Location"] = location.IsAbsoluteUri ? location.ToString() : new Uri(response.RequestMessage!.RequestUri!, location).ToString();
        }

        return new Answer((int)response.StatusCode, text, json, headers);
    }

    internal sealed record Answer(int Status, string Text, JsonElement? Json, IReadOnlyDictionary<string, string> Headers);

    /// <summary>"# expect 200|404 a.b[0].c a.b=value text:substring".</summary>
    internal sealed record Expectation(IReadOnlyList<int> Statuses, IReadOnlyList<string> Checks)
    {
        public string? Check(Answer answer)
        {
            if (!Statuses.Contains(answer.Status))
            {
                return $"status {answer.Status}, expected {string.Join(" or ", Statuses)}";
            }

            foreach (var check in Checks)
            {
                if (check.StartsWith("text:", StringComparison.Ordinal))
                {
                    if (!answer.Text.Contains(check[5..], StringComparison.Ordinal))
                    {
                        return $"the answer does not contain '{check[5..]}'";
                    }

                    continue;
                }

                var (path, wanted) = check.IndexOf('=', StringComparison.Ordinal) is var eq and > 0 ? (check[..eq], check[(eq + 1)..]) : (check, null);
                if (answer.Json is not { } json || Navigate(json, path) is not { } found || found.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
                {
                    return $"the answer has no {path}";
                }

                var actual = found.ValueKind == JsonValueKind.String ? found.GetString() : found.GetRawText();
                if (wanted is not null && !string.Equals(actual, wanted, StringComparison.Ordinal))
                {
                    return $"{path} is {actual}, expected {wanted}";
                }
            }

            return null;
        }
    }

    internal sealed record HttpRequestBlock(int Line, string Title, string? Name, bool NoRedirect, Expectation? Expect, string Method, string Url, IReadOnlyList<(string, string)> Headers, string? Body);

    /// <summary>The subset of the REST Client format admin.http uses.</summary>
    internal sealed partial class AdminHttpFile
    {
        public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal);

        public List<HttpRequestBlock> Requests { get; } = [];

        public static AdminHttpFile Parse(string text)
        {
            var file = new AdminHttpFile();
            var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
            var i = 0;
            while (i < lines.Length)
            {
                var line = lines[i];
                if (FileVariable().Match(line) is { Success: true } variable)
                {
                    file.Variables[variable.Groups[1].Value] = variable.Groups[2].Value.Trim();
                    i++;
                    continue;
                }

                if (!line.StartsWith("###", StringComparison.Ordinal))
                {
                    i++;
                    continue;
                }

                var start = i + 1;
                var title = line.TrimStart('#').Trim();
                string? name = null;
                var noRedirect = false;
                Expectation? expect = null;
                i++;
                while (i < lines.Length && (lines[i].StartsWith('#') || lines[i].Trim().Length == 0) && !lines[i].StartsWith("###", StringComparison.Ordinal))
                {
                    var comment = lines[i].TrimStart('#').Trim();
                    if (comment.StartsWith("@name ", StringComparison.Ordinal))
                    {
                        name = comment[6..].Trim();
                    }
                    else if (comment == "@no-redirect")
                    {
                        noRedirect = true;
                    }
                    else if (comment.StartsWith("expect ", StringComparison.Ordinal))
                    {
                        var parts = comment[7..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                        expect = new Expectation(parts[0].Split('|').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(), Checks(string.Join(' ', parts.Skip(1))));
                    }

                    i++;
                }

                var requestLine = lines[i].Split(' ', 2);
                i++;
                var headers = new List<(string, string)>();
                while (i < lines.Length && lines[i].Trim().Length > 0 && !lines[i].StartsWith("###", StringComparison.Ordinal))
                {
                    var colon = lines[i].IndexOf(':', StringComparison.Ordinal);
                    headers.Add((lines[i][..colon].Trim(), lines[i][(colon + 1)..].Trim()));
                    i++;
                }

                var body = new StringBuilder();
                while (i < lines.Length && !lines[i].StartsWith("###", StringComparison.Ordinal) && FileVariable().Match(lines[i]) is { Success: false })
                {
                    body.AppendLine(lines[i]);
                    i++;
                }

                var bodyText = body.ToString().Trim();
                file.Requests.Add(new HttpRequestBlock(start, title, name, noRedirect, expect, requestLine[0], requestLine[1].Trim(), headers, bodyText.Length == 0 ? null : bodyText));
            }

            return file;
        }

        /// <summary>Checks are separated by spaces; a value with spaces is in double quotes (name="Flagship GB").</summary>
        private static List<string> Checks(string text) =>
            CheckPattern().Matches(text).Select(m => m.Value.Replace("\"", "", StringComparison.Ordinal)).Where(v => v.Length > 0).ToList();

        public (string Method, string Url, IReadOnlyList<(string, string)> Headers, string? Body) Resolve(HttpRequestBlock request, IReadOnlyDictionary<string, Answer> answers) =>
            (request.Method, Substitute(request.Url, answers), request.Headers.Select(h => (h.Item1, Substitute(h.Item2, answers))).ToList(),
                request.Body is null ? null : Substitute(request.Body, answers));

        private string Substitute(string text, IReadOnlyDictionary<string, Answer> answers) =>
            Reference().Replace(text, m => Value(m.Groups[1].Value.Trim(), answers) ?? m.Value);

        private string? Value(string expression, IReadOnlyDictionary<string, Answer> answers)
        {
            var now = DateTimeOffset.UtcNow;
            if (expression == "$guid")
            {
                return Guid.NewGuid().ToString();
            }

            if (expression.StartsWith("$timestamp", StringComparison.Ordinal))
            {
                return Offset(now, expression["$timestamp".Length..]).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            }

            if (expression.StartsWith("$datetime iso8601", StringComparison.Ordinal))
            {
                return Offset(now, expression["$datetime iso8601".Length..]).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            }

            if (CustomDateTime().Match(expression) is { Success: true } custom)
            {
                // REST Client's Day.js format tokens, as far as admin.http uses them.
                var format = custom.Groups[1].Value.Replace("YYYY", "yyyy", StringComparison.Ordinal).Replace("DD", "dd", StringComparison.Ordinal);
                return Offset(now, custom.Groups[2].Value).UtcDateTime.ToString(format, CultureInfo.InvariantCulture);
            }

            if (Variables.TryGetValue(expression, out var variable))
            {
                return Substitute(variable, answers);
            }

            var parts = expression.Split('.', 4);
            if (parts.Length >= 4 && parts[1] == "response" && answers.TryGetValue(parts[0], out var answer))
            {
                if (parts[2] == "headers")
                {
                    return answer.Headers.TryGetValue(parts[3], out var header) ? header : null;
                }

                if (parts[2] == "body" && answer.Json is { } json && Navigate(json, parts[3].TrimStart('$').TrimStart('.')) is { } found)
                {
                    return found.ValueKind == JsonValueKind.String ? found.GetString() : found.GetRawText();
                }
            }

            return null;
        }

        private static DateTimeOffset Offset(DateTimeOffset now, string offset)
        {
            var parts = offset.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2)
            {
                return now;
            }

            var amount = int.Parse(parts[0], CultureInfo.InvariantCulture);
            return parts[1] switch
            {
                "y" => now.AddYears(amount),
                "M" => now.AddMonths(amount),
                "w" => now.AddDays(7 * amount),
                "d" => now.AddDays(amount),
                "h" => now.AddHours(amount),
                "m" => now.AddMinutes(amount),
                "s" => now.AddSeconds(amount),
                _ => now.AddMilliseconds(amount),
            };
        }

        [GeneratedRegex(@"^\$datetime ""([^""]+)""(.*)$")]
        private static partial Regex CustomDateTime();

        [GeneratedRegex(@"[^\s""]*(""[^""]*"")?")]
        private static partial Regex CheckPattern();

        [GeneratedRegex(@"^@(\w+)\s*=\s*(.*)$")]
        private static partial Regex FileVariable();

        [GeneratedRegex(@"\{\{([^}]+)\}\}")]
        private static partial Regex Reference();
    }

    /// <summary>a.b[0].c; a property name may itself hold dots (errors.inventory.threshold).</summary>
    internal static JsonElement? Navigate(JsonElement element, string path)
    {
        if (path.Length == 0)
        {
            return element;
        }

        if (path.StartsWith('['))
        {
            var close = path.IndexOf(']', StringComparison.Ordinal);
            var index = int.Parse(path[1..close], CultureInfo.InvariantCulture);
            return element.ValueKind == JsonValueKind.Array && index < element.GetArrayLength()
                ? Navigate(element[index], path[(close + 1)..].TrimStart('.'))
                : null;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        // The longest property name that the path starts with.
        foreach (var property in element.EnumerateObject().OrderByDescending(p => p.Name.Length))
        {
            if (path.StartsWith(property.Name, StringComparison.Ordinal) && (path.Length == property.Name.Length || path[property.Name.Length] is '.' or '['))
            {
                return Navigate(property.Value, path[property.Name.Length..].TrimStart('.'));
            }
        }

        return null;
    }
}
