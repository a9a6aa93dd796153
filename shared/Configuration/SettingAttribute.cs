namespace Connector;

/// <summary>
/// The app setting a property of an options class is read from, when it is not <c>{Section}__{Property}</c>
/// (options classes name their section in <c>public const string Section</c>). tests/Connector.DeployTests
/// finds every setting the code reads this way and checks infra/ sets it or docs/settings.md lists it.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class SettingAttribute(string name) : Attribute
{
    /// <summary>The full setting name with <c>__</c> between sections, e.g. <c>AzureWebJobsStorage__clientId</c>.</summary>
    public string Name { get; } = name;
}
