using System.Text.Json;
using Connector.Testing;
using Connector.TikTok.Api;
using TikTokSimulator;

namespace Connector.IntegrationTests.TikTok;

/// <summary>
/// The order's delivery option (what the warehouse ships with) as TikTok's reference documents it: the simulator sends
/// delivery_option_id, delivery_option_name and delivery_type as order-level strings, as in the reference's order search
/// and order detail, and the client maps them.
/// </summary>
public sealed class DeliveryOptionConformanceTests
{
    private static readonly string[] Fields = ["delivery_option_id", "delivery_option_name", "delivery_type"];

    /// <summary>Order-level fields (two levels under data: data.orders[].field) and their types, from a spec file.</summary>
    private static Dictionary<string, string> OrderFields(string spec)
    {
        var path = Path.Combine(TestEnvironment.RepositoryRoot, "..", "shared", "tiktok-reference", "api-reference", "orders", spec);
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var meta = document.RootElement.TryGetProperty("document_api_meta", out var m) ? m : document.RootElement;
        return meta.GetProperty("response_param").EnumerateArray()
            .Select(p => (Name: p.GetProperty("name").GetString()!, Type: p.TryGetProperty("type", out var t) ? t.GetString() ?? "" : ""))
            .Where(p => p.Name.StartsWith("^^", StringComparison.Ordinal) && !p.Name.StartsWith("^^^", StringComparison.Ordinal))
            .GroupBy(p => p.Name[2..])
            .ToDictionary(g => g.Key, g => g.First().Type);
    }

    [TestCase("get-order-list.spec.json")]
    [TestCase("get-order-detail.spec.json")]
    public void The_reference_documents_the_delivery_option_fields_as_order_level_strings(string spec)
    {
        var fields = OrderFields(spec);
        Assert.That(Fields.Select(f => fields.GetValueOrDefault(f)), Is.All.EqualTo("string"), spec);
    }

    [Test]
    public async Task The_simulator_sends_them_and_the_client_maps_them()
    {
        await using var world = await TikTokTestShop.CreateAsync();
        var generated = TikTokTestShop.Sim.State.GenerateOrders(world.Shop.ShopId, 3, seed: 5, status: TikTokOrderStatus.AwaitingShipment);
        var raw = JsonSerializer.SerializeToElement(generated[0], SimJson.Options);
        Assert.That(Fields.Select(f => raw.GetProperty(f).ValueKind), Is.All.EqualTo(JsonValueKind.String));
        var option = TikTokTestShop.Sim.State.Shop(world.Shop.ShopId).Warehouses[0].DeliveryOptions[0];

        var page = await world.Client.SearchOrdersAsync(world.Shop, new TikTokOrderSearch(), new TikTokPageRequest(), CancellationToken.None);
        var detail = await world.Client.GetOrdersAsync(world.Shop, [generated[0].Id], CancellationToken.None);

        foreach (var order in page.Orders.Append(detail.Single()))
        {
            Assert.That((order.DeliveryOptionId, order.DeliveryOptionName, order.DeliveryType), Is.EqualTo((option.Id, option.Name, "HOME_DELIVERY")));
        }
    }
}
