using Connector.TikTok.Api;

namespace Connector.Testing;

/// <summary>TikTok orders as the Open API sends them (one line item per unit), for tests.</summary>
public static class TestOrders
{
    public static TikTokOrder Order(string id, string status = TikTokOrderStatus.AwaitingShipment, long updateTime = 1_700_000_000, params string[] skus) => new()
    {
        Id = id,
        Status = status,
        CreateTime = 1_699_990_000,
        UpdateTime = updateTime,
        PaidTime = 1_699_990_100,
        ShippingType = "SELLER",
        IsOnHoldOrder = status == TikTokOrderStatus.OnHold,
        Payment = new TikTokPayment { Currency = "USD", SubTotal = 19.99m * skus.Length, TotalAmount = 19.99m * skus.Length + 4.10m, ShippingFee = 4.10m, Tax = 0.00m },
        RecipientAddress = new TikTokRecipientAddress
        {
            Name = "Ada Buyer",
            PhoneNumber = "+1 555 0100",
            AddressLine1 = "1 Main St",
            PostalCode = "10001",
            RegionCode = "US",
            DistrictInfo = [new TikTokDistrictInfo { AddressLevelName = "State", AddressName = "New York" }, new TikTokDistrictInfo { AddressLevelName = "City", AddressName = "New York City" }],
        },
        LineItems = skus.Select((sku, i) => new TikTokLineItem { Id = $"{id}-L{i}", SkuId = "sku-id-" + sku, SellerSku = sku, ProductId = "p-" + sku, ProductName = "Product " + sku, SalePrice = 19.99m }).ToArray(),
    };
}
