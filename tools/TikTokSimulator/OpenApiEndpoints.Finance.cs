using System.Globalization;
using System.Text;

namespace TikTokSimulator;

/// <summary>
/// TikTok's Finance API and the order price detail, answered from <see cref="SimulatorState"/>'s books in the shapes of
/// TikTok's reference (<c>api-reference/finance/*.spec.json</c>, <c>orders/get-price-detail.spec.json</c>): amounts are
/// decimal strings, times Unix seconds, sort fields checked, pages of 1 to 100 (default 20) in ascending order by default.
/// </summary>
internal static class FinanceEndpoints
{
    private static readonly string[] WithdrawalTypes = ["WITHDRAW", "SETTLE", "TRANSFER", "REVERSE"];
    private static readonly string[] PaymentStatuses = ["PAID", "FAILED", "PROCESSING"];

    public static void Map(WebApplication app, SimulatorState state, SimulatorOptions options)
    {
        app.MapGet("/finance/202309/statements", (HttpContext c) =>
        {
            var query = c.Request.Query;
            RequireSort(query, "statement_time");
            var status = query["payment_status"].ToString();
            if (status.Length > 0 && !PaymentStatuses.Contains(status))
            {
                throw SimException.BadRequest("payment_status must be PAID, FAILED or PROCESSING");
            }

            return Envelope.Ok(c, state, () =>
            {
                var shop = Shop(c);
                var matching = state.GeneratedStatements(shop).Where(s => InRange(s.StatementTime, query, "statement_time") && (status.Length == 0 || state.PaymentStatus(s) == status));
                var page = Page(matching, s => s.StatementTime, s => s.Id, query, options.MaxPageSize);
                return new
                {
                    next_page_token = page.Next,
                    statements = page.Items.Select(s => new Dictionary<string, object?>
                    {
                        ["id"] = s.Id, ["statement_time"] = s.StatementTime, ["settlement_amount"] = Money(s.Settlement), ["currency"] = s.Currency,
                        ["revenue_amount"] = Money(s.Revenue), ["fee_amount"] = Money(s.FeeTax), ["adjustment_amount"] = Money(s.Adjustment),
                        ["payment_status"] = state.PaymentStatus(s), ["payment_id"] = s.PaymentId, ["net_sales_amount"] = Money(s.Revenue),
                        ["shipping_cost_amount"] = Money(s.Shipping),
                    }).ToList(),
                };
            });
        });

        app.MapGet("/finance/202309/payments", (HttpContext c) =>
        {
            var query = c.Request.Query;
            RequireSort(query, "create_time");
            return Envelope.Ok(c, state, () =>
            {
                var matching = state.GeneratedStatements(Shop(c)).Where(s => InRange(s.StatementTime, query, "create_time"));
                var page = Page(matching, s => s.StatementTime, s => s.PaymentId, query, options.MaxPageSize);
                return new
                {
                    next_page_token = page.Next,
                    payments = page.Items.Select(s => new Dictionary<string, object?>
                    {
                        ["create_time"] = s.StatementTime, ["id"] = s.PaymentId, ["status"] = state.PaymentStatus(s),
                        ["amount"] = Amount(s.Settlement, s.Currency), ["settlement_amount"] = Amount(s.Settlement, s.Currency),
                        ["reserve_amount"] = Amount(0m, s.Currency), ["payment_amount_before_exchange"] = Amount(s.Settlement, s.Currency),
                        ["exchange_rate"] = "1.000000", ["paid_time"] = state.PaidTime(s) ?? 0, ["bank_account"] = "***********1234",
                    }).ToList(),
                };
            });
        });

        app.MapGet("/finance/202309/withdrawals", (HttpContext c) =>
        {
            var query = c.Request.Query;
            var types = query["types"].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
            if (types.Count == 0 || types.Any(t => !WithdrawalTypes.Contains(t)))
            {
                throw SimException.BadRequest("types is required: WITHDRAW, SETTLE, TRANSFER or REVERSE");
            }

            return Envelope.Ok(c, state, () =>
            {
                var matching = types.Contains("SETTLE") ? state.GeneratedStatements(Shop(c)).Where(s => InRange(s.StatementTime, query, "create_time")).ToList() : [];
                var page = Page(matching, s => s.StatementTime, s => s.WithdrawalId, query, options.MaxPageSize);
                return new
                {
                    next_page_token = page.Next,
                    total_count = matching.Count,
                    withdrawals = page.Items.Select(s => new Dictionary<string, object?>
                    {
                        ["id"] = s.WithdrawalId, ["type"] = "SETTLE", ["amount"] = Money(s.Settlement), ["currency"] = s.Currency,
                        ["status"] = state.PaymentStatus(s) == "PAID" ? "SUCCESS" : "PROCESSING", ["create_time"] = s.StatementTime,
                    }).ToList(),
                };
            });
        });

        app.MapGet("/finance/202501/statements/{statement_id}/statement_transactions", (HttpContext c, string statement_id) =>
        {
            var query = c.Request.Query;
            RequireSort(query, "order_create_time");
            return Envelope.Ok(c, state, () =>
            {
                var statement = state.GeneratedStatement(Shop(c), statement_id);
                var page = Page(statement.Transactions, t => t.OrderCreateTime ?? t.SettleTime, t => t.Id, query, options.MaxPageSize);
                return new Dictionary<string, object?>
                {
                    ["next_page_token"] = page.Next, ["id"] = statement.Id, ["create_time"] = statement.StatementTime, ["status"] = "SETTLED",
                    ["currency"] = statement.Currency, ["payable_amount"] = Money(statement.Settlement), ["total_reserve_amount"] = Money(0m),
                    ["total_settlement_amount"] = Money(statement.Settlement),
                    ["total_settlement_breakdown"] = new Dictionary<string, object?>
                    {
                        ["total_revenue_amount"] = Money(statement.Revenue), ["total_shipping_cost_amount"] = Money(statement.Shipping),
                        ["total_fee_tax_amount"] = Money(statement.FeeTax), ["total_adjustment_amount"] = Money(statement.Adjustment),
                    },
                    ["total_count"] = statement.Transactions.Count,
                    ["transactions"] = page.Items.Select(StatementTransaction).ToList(),
                };
            });
        });

        app.MapGet("/finance/202501/orders/{order_id}/statement_transactions", (HttpContext c, string order_id) => Envelope.Ok(c, state, () =>
        {
            var shop = Shop(c);
            var transactions = state.OrderTransactions(shop, order_id).Where(t => t.Type == "ORDER").ToList();
            var order = shop.Orders.GetValueOrDefault(order_id);
            var skus = transactions.SelectMany(t => t.Skus.Select(s => (Transaction: t, Sku: s))).ToList();
            return new Dictionary<string, object?>
            {
                ["order_id"] = order_id, ["order_create_time"] = order?.CreateTime ?? 0, ["currency"] = transactions.FirstOrDefault()?.Currency ?? order?.Payment.Currency ?? shop.Currency,
                ["revenue_amount"] = Money(transactions.Sum(t => t.Revenue)), ["fee_and_tax_amount"] = Money(transactions.Sum(t => t.FeeTax)),
                ["shipping_cost_amount"] = Money(transactions.Sum(t => t.Shipping)), ["settlement_amount"] = Money(transactions.Sum(t => t.Amounts.Settlement)),
                ["sku_transactions"] = skus.Select(x => new Dictionary<string, object?>
                {
                    ["sku_id"] = x.Sku.SkuId, ["sku_name"] = x.Sku.SkuName, ["statement_id"] = x.Transaction.StatementId, ["product_name"] = x.Sku.ProductName,
                    ["quantity"] = x.Sku.Quantity.ToString(CultureInfo.InvariantCulture), ["settlement_amount"] = Money(x.Sku.Amounts.Settlement),
                    ["revenue_amount"] = Money(x.Sku.Amounts.Revenue), ["revenue_breakdown"] = RevenueBreakdown(x.Sku.Amounts),
                    ["shipping_cost_amount"] = Money(x.Sku.Amounts.Shipping), ["shipping_cost_breakdown"] = ShippingBreakdown(x.Sku.Amounts),
                    ["fee_tax_amount"] = Money(x.Sku.Amounts.FeeTax), ["fee_tax_breakdown"] = FeeTaxBreakdown(x.Sku.Amounts),
                }).ToList(),
                ["total_count"] = skus.Count,
            };
        }));

        app.MapGet("/finance/202507/orders/unsettled", (HttpContext c) =>
        {
            var query = c.Request.Query;
            RequireSort(query, "order_create_time");
            return Envelope.Ok(c, state, () =>
            {
                var matching = state.Unsettled(Shop(c)).Where(u => InRange(u.Order.CreateTime, query, "search_time")).ToList();
                var page = Page(matching, u => u.Order.CreateTime, u => u.Order.Id, query, options.MaxPageSize);
                return new Dictionary<string, object?>
                {
                    ["next_page_token"] = page.Next, ["total_count"] = matching.Count,
                    ["sum_est_settlement_amount"] = Money(matching.Sum(u => u.Estimate.Settlement)), ["sum_est_revenue_amount"] = Money(matching.Sum(u => u.Estimate.Revenue)),
                    ["sum_est_adjustment_amount"] = Money(0m), ["sum_est_fee_amount"] = Money(matching.Sum(u => u.Estimate.FeeTax)),
                    ["transactions"] = page.Items.Select(u => UnsettledTransaction(u.Order, u.Estimate)).ToList(),
                };
            });
        });

        app.MapGet("/order/202407/orders/{order_id}/price_detail", (HttpContext c, string order_id) => Envelope.Ok(c, state, () =>
        {
            var order = state.PricedOrder(Shop(c), order_id);
            var detail = PriceDetail(order.Payment.Currency, order.LineItems.Sum(l => l.OriginalPrice), order.Payment.SellerDiscount, order.Payment.PlatformDiscount,
                order.Payment.Tax, order.Payment.OriginalShippingFee, order.Payment.ShippingFee);

            // Per line (unit): each amount split by the line's share, the last line taking the remainder.
            var lines = new List<Dictionary<string, object?>>();
            decimal listLeft = order.LineItems.Sum(l => l.OriginalPrice), sellerLeft = order.Payment.SellerDiscount, platformLeft = order.Payment.PlatformDiscount,
                taxLeft = order.Payment.Tax, shippingListLeft = order.Payment.OriginalShippingFee, shippingLeft = order.Payment.ShippingFee;
            var gross = listLeft;
            for (var i = 0; i < order.LineItems.Count; i++)
            {
                var line = order.LineItems[i];
                var last = i == order.LineItems.Count - 1;
                decimal Part(decimal total, ref decimal left)
                {
                    var part = last ? left : SimulatorState.Cents(gross == 0 ? 0 : total * line.OriginalPrice / gross);
                    left -= part;
                    return part;
                }

                var entry = PriceDetail(line.Currency, Part(gross, ref listLeft), Part(order.Payment.SellerDiscount, ref sellerLeft), Part(order.Payment.PlatformDiscount, ref platformLeft),
                    Part(order.Payment.Tax, ref taxLeft), Part(order.Payment.OriginalShippingFee, ref shippingListLeft), Part(order.Payment.ShippingFee, ref shippingLeft));
                entry.Remove("cod_fee_net_amount");
                entry["cod_fee_amount"] = Money(0m);
                lines.Add(new Dictionary<string, object?> { ["id"] = line.Id }.Concat(entry).ToDictionary(p => p.Key, p => p.Value));
            }

            detail["line_items"] = lines;
            return detail;
        }));
    }

    /// <summary>
    /// TikTok's price detail: prices include VAT, so the list and sale prices are shown net and the tax beside them;
    /// <c>payment</c> = sale price + shipping sale price + tax, which is what the buyer paid.
    /// </summary>
    private static Dictionary<string, object?> PriceDetail(string currency, decimal gross, decimal sellerDiscount, decimal platformDiscount, decimal tax, decimal shippingList, decimal shipping)
    {
        var listNet = gross - tax;
        var sale = listNet - sellerDiscount - platformDiscount;
        return new Dictionary<string, object?>
        {
            ["currency"] = currency, ["total"] = Money(listNet + shippingList), ["payment"] = Money(sale + shipping + tax), ["sku_list_price"] = Money(listNet),
            ["sku_sale_price"] = Money(sale), ["subtotal"] = Money(sale + tax), ["subtotal_deduction_seller"] = Money(sellerDiscount),
            ["subtotal_deduction_platform"] = Money(platformDiscount), ["subtotal_tax_amount"] = Money(tax),
            ["voucher_deduction_platform"] = platformDiscount == 0 ? "" : "1010000", ["voucher_deduction_seller"] = sellerDiscount == 0 ? "" : "1020000",
            ["shipping_list_price"] = Money(shippingList), ["shipping_sale_price"] = Money(shipping), ["shipping_fee_deduction_seller"] = Money(shippingList - shipping),
            ["shipping_fee_deduction_platform"] = Money(0m), ["shipping_fee_deduction_platform_voucher"] = "", ["tax_amount"] = Money(tax),
            ["tax_rate"] = listNet == 0 ? "0" : (tax / listNet).ToString("0.###", CultureInfo.InvariantCulture), ["net_price_amount"] = Money(sale + tax),
            ["cod_fee"] = Money(0m), ["cod_fee_net_amount"] = Money(0m), ["sku_gift_original_price"] = Money(0m), ["sku_gift_net_price"] = Money(0m),
        };
    }

    private static Dictionary<string, object?> StatementTransaction(SimTransaction t) => new()
    {
        ["id"] = t.Id, ["type"] = t.Type, ["order_id"] = t.OrderId ?? "", ["order_create_time"] = t.OrderCreateTime ?? 0,
        ["adjustment_id"] = t.AdjustmentId ?? "", ["adjustment_order_id"] = t.AdjustmentOrderId ?? "", ["adjustment_amount"] = Money(t.Adjustment),
        ["settlement_amount"] = Money(t.Settlement), ["revenue_amount"] = Money(t.Revenue), ["revenue_breakdown"] = RevenueBreakdown(t.Amounts),
        ["shipping_cost_amount"] = Money(t.Shipping), ["shipping_cost_breakdown"] = ShippingBreakdown(t.Amounts),
        ["fee_tax_amount"] = Money(t.FeeTax), ["fee_tax_breakdown"] = FeeTaxBreakdown(t.Amounts),
        ["supplementary_component"] = new Dictionary<string, object?>
        {
            ["customer_payment_amount"] = Money(t.Amounts.CustomerPayment), ["platform_discount_amount"] = Money(t.Amounts.PlatformDiscount),
            ["sales_tax_amount"] = Money(t.Amounts.SalesTax),
        },
    };

    private static Dictionary<string, object?> UnsettledTransaction(SimOrder order, SimTransaction e) => new()
    {
        ["type"] = "ORDER", ["id"] = "U" + order.Id, ["status"] = "UNSETTLED", ["currency"] = e.Currency,
        ["estimated_settlement"] = e.DeliveryTime is { } delivered ? (delivered + (long)TimeSpan.FromDays(7).TotalSeconds).ToString(CultureInfo.InvariantCulture) : "7 days after delivery",
        ["unsettled_reason"] = e.Reason, ["order_create_time"] = order.CreateTime, ["order_delivery_time"] = e.DeliveryTime ?? 0, ["order_id"] = order.Id,
        ["est_settlement_amount"] = Money(e.Settlement), ["est_revenue_amount"] = Money(e.Revenue), ["revenue_breakdown"] = RevenueBreakdown(e.Amounts),
        ["est_shipping_cost_amount"] = Money(e.Shipping), ["shipping_cost_breakdown"] = ShippingBreakdown(e.Amounts), ["est_adjustment_amount"] = Money(0m),
        ["est_fee_tax_amount"] = Money(e.FeeTax), ["fee_tax_breakdown"] = FeeTaxBreakdown(e.Amounts),
    };

    private static Dictionary<string, object?> RevenueBreakdown(SimAmounts a) => new()
    {
        ["subtotal_before_discount_amount"] = Money(a.SubtotalBeforeDiscount), ["seller_discount_amount"] = Money(a.SellerDiscount),
        ["refund_subtotal_before_discount_amount"] = Money(a.RefundSubtotal), ["seller_discount_refund_amount"] = Money(0m),
        ["cod_service_fee_amount"] = Money(0m), ["refund_cod_service_fee_amount"] = Money(0m),
    };

    private static Dictionary<string, object?> ShippingBreakdown(SimAmounts a) => new()
    {
        ["actual_shipping_fee_amount"] = Money(a.ActualShippingFee), ["shipping_fee_discount_amount"] = Money(0m),
        ["customer_paid_shipping_fee_amount"] = Money(a.CustomerPaidShippingFee), ["return_shipping_fee_amount"] = Money(0m),
        ["supplementary_component"] = new Dictionary<string, object?>
        {
            ["platform_shipping_fee_discount_amount"] = Money(0m), ["seller_shipping_fee_discount_amount"] = Money(0m), ["fbm_shipping_cost_amount"] = Money(a.ActualShippingFee),
        },
    };

    private static Dictionary<string, object?> FeeTaxBreakdown(SimAmounts a) => new()
    {
        ["fee"] = new Dictionary<string, object?>
        {
            ["platform_commission_amount"] = Money(0m), ["referral_fee_amount"] = Money(a.ReferralFee), ["refund_administration_fee_amount"] = Money(0m),
            ["transaction_fee_amount"] = Money(a.TransactionFee), ["credit_card_handling_fee_amount"] = Money(0m), ["affiliate_commission_amount"] = Money(0m),
        },
        ["tax"] = new Dictionary<string, object?> { ["vat_amount"] = Money(a.Vat), ["import_vat_amount"] = Money(0m), ["gst_amount"] = Money(0m), ["sst_amount"] = Money(0m) },
    };

    private static SimShop Shop(HttpContext c) => (SimShop)c.Items[Gate.ShopKey]!;

    private static string Money(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static Dictionary<string, object?> Amount(decimal value, string currency) => new() { ["value"] = Money(value), ["currency"] = currency };

    private static void RequireSort(IQueryCollection query, string field)
    {
        if (query["sort_field"].ToString() != field)
        {
            throw SimException.BadRequest($"sort_field is required and only supports {field}");
        }

        if (query["sort_order"].ToString() is { Length: > 0 } order && order is not ("ASC" or "DESC"))
        {
            throw SimException.BadRequest("sort_order must be ASC or DESC");
        }
    }

    /// <summary><c>{prefix}_ge</c> inclusive, <c>{prefix}_lt</c> exclusive; either may be absent.</summary>
    private static bool InRange(long value, IQueryCollection query, string prefix)
    {
        static long? Read(string? text, string name) => string.IsNullOrEmpty(text) ? null
            : long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : throw SimException.BadRequest($"{name} must be a Unix timestamp");

        var ge = Read(query[prefix + "_ge"], prefix + "_ge");
        var lt = Read(query[prefix + "_lt"], prefix + "_lt");
        return (ge is null || value >= ge) && (lt is null || value < lt);
    }

    private sealed record FinancePage<T>(List<T> Items, string Next);

    /// <summary>Keyset paging by (sort value, id), ascending unless sort_order=DESC; the token remembers the last item.</summary>
    private static FinancePage<T> Page<T>(IEnumerable<T> matching, Func<T, long> sortValue, Func<T, string> id, IQueryCollection query, int maxPageSize)
    {
        var size = string.IsNullOrEmpty(query["page_size"]) ? 20 : Paging.ParsePageSize(query["page_size"], maxPageSize);
        var descending = query["sort_order"].ToString() == "DESC";
        IEnumerable<T> remaining = matching;
        if (query["page_token"].ToString() is { Length: > 0 } token)
        {
            var (lastValue, lastId, wasDescending) = Decode(token);
            if (wasDescending != descending)
            {
                throw SimException.BadRequest("page_token belongs to a different sort");
            }

            remaining = remaining.Where(x =>
            {
                var compare = sortValue(x).CompareTo(lastValue);
                compare = compare != 0 ? compare : string.CompareOrdinal(id(x), lastId);
                return descending ? compare < 0 : compare > 0;
            });
        }

        var ordered = descending
            ? remaining.OrderByDescending(sortValue).ThenByDescending(id, StringComparer.Ordinal)
            : remaining.OrderBy(sortValue).ThenBy(id, StringComparer.Ordinal);
        var items = ordered.Take(size + 1).ToList();
        var more = items.Count > size;
        if (more)
        {
            items.RemoveAt(size);
        }

        return new FinancePage<T>(items, more ? Encode(sortValue(items[^1]), id(items[^1]), descending) : "");
    }

    private static string Encode(long value, string id, bool descending) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"fin|{value}|{id}|{(descending ? "D" : "A")}"));

    private static (long Value, string Id, bool Descending) Decode(string token)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split('|');
            if (parts.Length != 4 || parts[0] != "fin")
            {
                throw new FormatException();
            }

            return (long.Parse(parts[1], CultureInfo.InvariantCulture), parts[2], parts[3] == "D");
        }
        catch (FormatException)
        {
            throw SimException.BadRequest("page_token is invalid");
        }
    }
}
