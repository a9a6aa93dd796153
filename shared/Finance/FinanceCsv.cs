using System.Globalization;
using System.Text;

namespace Connector.Finance;

/// <summary>The transactions export: one CSV line per statement transaction (RFC 4180: comma separated, CRLF, quoted when needed).</summary>
public static class FinanceCsv
{
    public static readonly string[] Header =
    [
        "shop_id", "statement_id", "statement_day", "transaction_id", "type", "order_id", "adjustment_id", "adjustment_order_id", "order_created_at", "currency",
        "gross_sales", "revenue", "shipping_cost", "fees_and_taxes", "adjustment", "settlement", "reserve",
        "revenue_breakdown", "shipping_breakdown", "fee_breakdown", "tax_breakdown",
    ];

    public static string[] Row(string shopId, LedgerTransaction t) =>
    [
        shopId, t.StatementId, t.Day.ToString(FinancePeriod.DateFormat, CultureInfo.InvariantCulture), t.TransactionId, t.Type, t.OrderId ?? "", t.AdjustmentId ?? "",
        t.AdjustmentOrderId ?? "", t.OrderCreateTime is { } created ? DateTimeOffset.FromUnixTimeSeconds(created).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) : "",
        t.Currency, FinanceAmounts.Text(t.GrossSales), FinanceAmounts.Text(t.Revenue), FinanceAmounts.Text(t.ShippingCost), FinanceAmounts.Text(t.FeeTax),
        FinanceAmounts.Text(t.Adjustment), FinanceAmounts.Text(t.Settlement), FinanceAmounts.Text(t.Reserve),
        Breakdown(t, "revenue."), Breakdown(t, "shipping."), Breakdown(t, "fee."), Breakdown(t, "tax."),
    ];

    /// <summary><c>name=amount;name=amount</c> of the non-zero amounts under a prefix.</summary>
    public static string Breakdown(LedgerTransaction t, string prefix) =>
        string.Join(';', FinanceAmounts.Under(t.Breakdown, prefix).Select(p => p.Key + "=" + FinanceAmounts.Text(p.Value)));

    public static string Line(IEnumerable<string> fields) => string.Join(',', fields.Select(Escape)) + "\r\n";

    public static string Escape(string field)
    {
        if (field.IndexOfAny([',', '"', '\r', '\n']) < 0)
        {
            return field;
        }

        return "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>Parses what <see cref="Line"/> wrote (for tests and tools): a list of lines of fields.</summary>
    public static List<string[]> Parse(string text)
    {
        var lines = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                fields.Add(field.ToString());
                field.Clear();
                lines.Add([.. fields]);
                fields.Clear();
                i++;
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            lines.Add([.. fields]);
        }

        return lines;
    }

    /// <summary>
    /// Streams a CSV as it is read: the header, then each page of lines written and flushed before the next page is read,
    /// so an export of any size never sits in memory. Everything that can be refused is checked before the stream starts.
    /// </summary>
    public static async Task WriteAsync(Stream body, IReadOnlyList<string> header, IAsyncEnumerable<IReadOnlyList<string[]>> pages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pages);
        await using var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 16 * 1024, leaveOpen: true);
        await writer.WriteAsync(Line(header));
        await foreach (var page in pages.WithCancellation(cancellationToken))
        {
            foreach (var row in page)
            {
                await writer.WriteAsync(Line(row));
            }

            await writer.FlushAsync(cancellationToken);
        }

        await writer.FlushAsync(cancellationToken);
    }
}
