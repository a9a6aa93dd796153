using Connector.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.UnitTests.Webhooks;

public sealed class WebhookHandlersTests
{
    [Test]
    public void Each_subscribed_type_has_exactly_one_handler_and_the_legacy_type_2_has_none()
    {
        var services = new ServiceCollection();
        services.AddConnector(new ConfigurationBuilder().Build());

        var types = services.Where(d => d.ServiceType == typeof(IWebhookHandler)).Select(d => d.ImplementationType!)
            .Select(t => ((IWebhookHandler)System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(t)).Type).ToArray();

        Assert.That(types, Is.Unique);
        Assert.That(types, Is.SupersetOf(new[] { WebhookTypes.OrderStatusChange, WebhookTypes.RecipientAddressUpdate, WebhookTypes.PackageUpdate,
            WebhookTypes.SellerDeauthorization, WebhookTypes.AuthorizationExpiring, WebhookTypes.CancellationStatusChange, WebhookTypes.ReturnStatusChange }));
        Assert.That(types, Does.Not.Contain(2));
    }
}

/// <summary>The Partner Center registration guide (README and docs/webhooks.md) subscribes exactly the types the connector handles.</summary>
public sealed class WebhookRegistrationGuideTests
{
    private static readonly int[] Handled = [WebhookTypes.OrderStatusChange, WebhookTypes.RecipientAddressUpdate, WebhookTypes.PackageUpdate,
        WebhookTypes.SellerDeauthorization, WebhookTypes.AuthorizationExpiring, WebhookTypes.CancellationStatusChange, WebhookTypes.ReturnStatusChange];

    private static string Repository(params string[] parts)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ConnectorFunctions.sln")))
            {
                return File.ReadAllText(Path.Combine([directory.FullName, .. parts]));
            }
        }

        throw new DirectoryNotFoundException("repository root");
    }

    [Test]
    public void The_README_guide_subscribes_11_and_12_and_not_the_legacy_2()
    {
        var line = System.Text.RegularExpressions.Regex.Match(Repository("README.md"), @"Subscribe to:(?<list>[^\n]*\n[^\n]*)").Groups["list"].Value;
        var types = System.Text.RegularExpressions.Regex.Matches(line.Split("(The legacy")[0], @"\((\d+)\)").Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));

        Assert.That(types, Is.EquivalentTo(Handled));
    }

    [Test]
    public void The_docs_guide_subscribes_11_and_12_and_not_the_legacy_2()
    {
        var guide = Repository("docs", "webhooks.md");
        var section = guide[guide.IndexOf("subscribe to these events", StringComparison.Ordinal)..guide.IndexOf("4. Save.", StringComparison.Ordinal)];
        var types = System.Text.RegularExpressions.Regex.Matches(section.Split("legacy")[0], @"\(type (\d+)\)").Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));

        Assert.That(types, Is.EquivalentTo(Handled));
    }
}
