using System.Diagnostics.Metrics;
using Azure.Identity;
using Connector.Telemetry;
using Connector.TikTok;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace Connector.UnitTests.Telemetry;

public sealed class ConnectorMetricsTests
{
    private sealed record Measurement(string Instrument, long Value, Dictionary<string, object?> Tags);

    /// <summary>The connector's services and a listener on exactly their meter (tests run in parallel).</summary>
    private sealed class Recorded : IDisposable
    {
        private readonly ServiceProvider provider;
        private readonly MeterListener listener = new();

        public Recorded()
        {
            provider = new ServiceCollection()
                .AddConnectorTelemetry(new ConfigurationBuilder().Build())
                .BuildServiceProvider();
            var factory = provider.GetRequiredService<IMeterFactory>();
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == ConnectorMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            {
                lock (Measurements)
                {
                    Measurements.Add(new Measurement(instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));
                }
            });
            listener.Start();
            Metrics = provider.GetRequiredService<ConnectorMetrics>();
        }

        public ConnectorMetrics Metrics { get; }

        public List<Measurement> Measurements { get; } = [];

        public void Dispose()
        {
            listener.Dispose();
            provider.Dispose();
        }
    }

    [Test]
    public void Recorded_import_shows_up_with_the_shop_tag()
    {
        using var recorded = new Recorded();

        recorded.Metrics.OrdersImported("shop-7", 3);

        var measurement = recorded.Measurements.Single();
        Assert.That(measurement.Instrument, Is.EqualTo("connector.orders.imported"));
        Assert.That(measurement.Value, Is.EqualTo(3));
        Assert.That(measurement.Tags[ConnectorMetrics.Tags.ShopId], Is.EqualTo("shop-7"));
    }

    [Test]
    public void An_empty_page_records_nothing()
    {
        using var recorded = new Recorded();

        recorded.Metrics.OrdersImported("shop-7", 0);
        recorded.Metrics.StockLevelsPushed("shop-7", 0);

        Assert.That(recorded.Measurements, Is.Empty);
    }

    [Test]
    public void Pushed_stock_levels_are_counted_per_shop()
    {
        using var recorded = new Recorded();

        recorded.Metrics.StockLevelsPushed("shop-1", 12);
        recorded.Metrics.StockLevelsPushed("shop-2", 5);

        Assert.That(recorded.Measurements.Select(m => (m.Instrument, m.Value, m.Tags[ConnectorMetrics.Tags.ShopId])),
            Is.EqualTo(new[] { ("connector.stock_levels.pushed", 12L, (object?)"shop-1"), ("connector.stock_levels.pushed", 5L, "shop-2") }));
    }

    [Test]
    public void TikTok_error_is_counted_by_its_code_and_kind()
    {
        using var recorded = new Recorded();

        recorded.Metrics.TikTokError(new TikTokException(TikTokErrorKind.InvalidSignature, "/order/202309/orders/search", "sign mismatch", code: 106001));
        recorded.Metrics.TikTokError(new TikTokException(TikTokErrorKind.RateLimited, "/product/202309/inventory/update", "too many", httpStatus: 429));

        Assert.That(recorded.Measurements.Select(m => m.Instrument), Is.All.EqualTo("connector.tiktok.errors"));
        Assert.That(recorded.Measurements.Select(m => m.Tags[ConnectorMetrics.Tags.Code]), Is.EqualTo(new[] { "106001", "http_429" }));
        Assert.That(recorded.Measurements[0].Tags[ConnectorMetrics.Tags.Kind], Is.EqualTo("InvalidSignature"));
        Assert.That(recorded.Measurements[0].Tags[ConnectorMetrics.Tags.Path], Is.EqualTo("/order/202309/orders/search"));
    }

    [Test]
    public void Token_refreshes_and_poison_messages_are_counted()
    {
        using var recorded = new Recorded();

        recorded.Metrics.TokenRefreshed("seller-1", succeeded: true);
        recorded.Metrics.TokenRefreshed("seller-2", succeeded: false);
        recorded.Metrics.PoisonMessage("order-pull");

        Assert.That(recorded.Measurements.Select(m => (m.Instrument, m.Tags.GetValueOrDefault(ConnectorMetrics.Tags.Outcome) ?? m.Tags[ConnectorMetrics.Tags.Queue])),
            Is.EqualTo(new[]
            {
                ("connector.tokens.refreshed", (object?)"success"),
                ("connector.tokens.refreshed", "failure"),
                ("connector.messages.poisoned", "order-pull"),
            }));
    }

    [Test]
    public void Nothing_is_exported_without_a_connection_string()
    {
        var services = new ServiceCollection().AddConnectorTelemetry(new ConfigurationBuilder().Build());

        Assert.That(services.Any(d => d.ServiceType == typeof(MeterProvider)), Is.False);
        Assert.That(services.Any(d => d.ServiceType == typeof(ConnectorMetrics)), Is.True);
    }

    [Test]
    public void The_meter_is_exported_when_the_connection_string_is_set()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [TelemetrySettings.ConnectionStringKey] = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://127.0.0.1:9/",
        }).Build();

        var services = new ServiceCollection().AddConnectorTelemetry(configuration);

        Assert.That(services.Any(d => d.ServiceType == typeof(MeterProvider)), Is.True);
    }

    [Test]
    public void Entra_authentication_string_selects_the_user_assigned_identity()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [TelemetrySettings.AuthenticationStringKey] = "ClientId=11111111-2222-3333-4444-555555555555;Authorization=AAD",
        }).Build();

        Assert.That(TelemetrySettings.Credential(configuration), Is.InstanceOf<ManagedIdentityCredential>());
        Assert.That(TelemetrySettings.ParseAuthenticationString("ClientId=abc; Authorization=AAD")["clientid"], Is.EqualTo("abc"));
    }

    [Test]
    public void No_authentication_string_means_no_credential()
    {
        Assert.That(TelemetrySettings.Credential(new ConfigurationBuilder().Build()), Is.Null);
    }
}
