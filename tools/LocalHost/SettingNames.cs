using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace Connector.LocalHost;

/// <summary>Resolves <c>%SettingName%</c> in trigger arguments from settings, as the Functions host does.</summary>
public static partial class SettingNames
{
    public static string Resolve(string value, IConfiguration configuration) =>
        Placeholder().Replace(value, match =>
        {
            var name = LocalSettings.ToConfigurationKey(match.Groups[1].Value);
            return configuration[name] ?? throw new InvalidOperationException($"Setting '{match.Groups[1].Value}' is referenced by a trigger but not set.");
        });

    [GeneratedRegex("%([^%]+)%")]
    private static partial Regex Placeholder();
}
