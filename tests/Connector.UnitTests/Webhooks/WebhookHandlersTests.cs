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
        Assert.That(types, Is.SupersetOf(new[] { WebhookTypes.OrderStatusChange, WebhookTypes.SellerDeauthorization, WebhookTypes.AuthorizationExpiring,
            WebhookTypes.CancellationStatusChange, WebhookTypes.ReturnStatusChange }));
        Assert.That(types, Does.Not.Contain(2));
    }
}
