using System.Collections.Concurrent;
using System.Net;
using Azure.Data.Tables;
using Connector.Shops;
using Connector.Storage;
using Connector.TikTok;
using Connector.TikTok.Api;
using Microsoft.Extensions.Options;

namespace Connector.Listings;

/// <summary>An image of the merchant as uploaded to TikTok: the URI for products, the URL for descriptions.</summary>
public sealed record ResolvedImage(string SourceUrl, string UseCase, string Uri, string? Url, int Width, int Height);

/// <summary>An image a product needs: its URL, what TikTok uses it for, and the product field it came from (for messages).</summary>
public sealed record ImageRequest(string Url, string UseCase, string Field);

/// <summary>The images of one product: those TikTok has, the problems that hold the product, or a passing failure.</summary>
public sealed record ImageResolution(IReadOnlyDictionary<string, ResolvedImage> Images, IReadOnlyList<ListingProblem> Problems, string? TransientError)
{
    public ResolvedImage Get(string useCase, string url) => Images[ListingImages.Key(useCase, url)];
}

/// <summary>
/// Uploads the merchant's images to TikTok once and reuses them: each (shop, use, URL) is downloaded, checked against
/// TikTok's rules (<see cref="ImageProbe"/>) and uploaded the first time a product needs it; the TikTok URI is kept in
/// table <c>ListingImages</c> (partition = shop) and every later product, update or retry uses it without a call.
/// A bad image (not found, wrong type, too big or too small) holds the product with the reason; a download that fails
/// for a passing reason (timeout, 5xx) leaves it for the next push.
/// </summary>
public sealed class ListingImages(IHttpClientFactory http, ITikTokListingClient tiktok, StorageClients storage, TimeProvider time, IOptions<ListingOptions> options)
{
    public const string TableName = "ListingImages";
    public const string HttpClientName = "ListingImages";

    private readonly ConcurrentDictionary<string, Lazy<Task<object>>> inFlight = new(StringComparer.Ordinal);

    internal static string Key(string useCase, string url) => useCase + "|" + url;

    public async Task<ImageResolution> ResolveAsync(ShopRecord shop, IReadOnlyList<ImageRequest> requests, CancellationToken cancellationToken)
    {
        var images = new Dictionary<string, ResolvedImage>(StringComparer.Ordinal);
        var problems = new List<ListingProblem>();
        string? transient = null;
        foreach (var request in requests.DistinctBy(r => Key(r.UseCase, r.Url)))
        {
            var flight = inFlight.GetOrAdd($"{shop.ShopId}|{Key(request.UseCase, request.Url)}",
                _ => new Lazy<Task<object>>(() => ResolveOneAsync(shop, request, CancellationToken.None)));
            object outcome;
            try
            {
                outcome = await flight.Value.WaitAsync(cancellationToken);
            }
            finally
            {
                inFlight.TryRemove($"{shop.ShopId}|{Key(request.UseCase, request.Url)}", out _);
            }

            switch (outcome)
            {
                case ResolvedImage image:
                    images[Key(request.UseCase, request.Url)] = image;
                    break;
                case ListingProblem problem:
                    problems.Add(problem with { Field = request.Field });
                    break;
                case string error:
                    transient ??= $"{request.Field}: {error}";
                    break;
            }
        }

        return new ImageResolution(images, problems, transient);
    }

    /// <summary>A resolved image, a <see cref="ListingProblem"/> (holds the product) or a string (a passing failure).</summary>
    private async Task<object> ResolveOneAsync(ShopRecord shop, ImageRequest request, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var rowKey = CatalogJson.Fingerprint(Key(request.UseCase, request.Url));
        var cached = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(shop.ShopId), rowKey, cancellationToken: cancellationToken);
        if (cached.HasValue)
        {
            var e = cached.Value!;
            return new ResolvedImage(request.Url, request.UseCase, e.GetString("Uri")!, e.GetString("Url"), e.GetInt32("Width") ?? 0, e.GetInt32("Height") ?? 0);
        }

        if (await LinkLocalAsync(request.Url, cancellationToken))
        {
            return new ListingProblem(request.Field, $"{request.Url} points at a link-local address (such as a cloud metadata service); images must come from the merchant's image host");
        }

        byte[] bytes;
        try
        {
            using var client = http.CreateClient(HttpClientName);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.Value.ImageDownloadTimeout);
            using var response = await client.GetAsync(request.Url, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if ((int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                return $"the image server answered HTTP {(int)response.StatusCode}; tried again on the next push";
            }

            if (!response.IsSuccessStatusCode)
            {
                return new ListingProblem(request.Field, $"{request.Url} could not be downloaded (HTTP {(int)response.StatusCode})");
            }

            if (response.Content.Headers.ContentLength > ImageProbe.MaxBytes)
            {
                return new ListingProblem(request.Field, $"{request.Url} {ImageProbe.Check(null, response.Content.Headers.ContentLength.Value)}");
            }

            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, timeout.Token)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > ImageProbe.MaxBytes)
                {
                    return new ListingProblem(request.Field, $"{request.Url} {ImageProbe.Check(null, buffer.Length)}");
                }
            }

            bytes = buffer.ToArray();
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return $"{request.Url} could not be downloaded ({(e is OperationCanceledException ? "timed out" : e.Message)}); tried again on the next push";
        }

        var info = ImageProbe.Read(bytes);
        var minSide = request.UseCase == TikTokImageUseCases.DescriptionImage ? ImageProbe.MinDescriptionSide : ImageProbe.MinSide;
        if (ImageProbe.Check(info, bytes.Length, minSide) is { } problem)
        {
            return new ListingProblem(request.Field, $"{request.Url} {problem}");
        }

        TikTokUploadedImage uploaded;
        try
        {
            var name = Path.GetFileName(new Uri(request.Url).AbsolutePath);
            uploaded = await tiktok.UploadImageAsync(TikTokCatalog.Ref(shop), bytes, string.IsNullOrEmpty(name) ? "image" : name, request.UseCase, cancellationToken);
        }
        catch (TikTokException e) when (e.Kind is TikTokErrorKind.InvalidRequest or TikTokErrorKind.Unknown)
        {
            return new ListingProblem(request.Field, $"TikTok refused {request.Url}: {e.Message}");
        }
        catch (TikTokException e) when (e.IsRetryable)
        {
            return $"uploading {request.Url} to TikTok failed for now ({e.Kind}, request {e.RequestId}); tried again on the next push";
        }

        await table.UpsertEntityAsync(new TableEntity(TableKeys.Escape(shop.ShopId), rowKey)
        {
            ["SourceUrl"] = request.Url.Length > 30_000 ? request.Url[..30_000] : request.Url,
            ["UseCase"] = request.UseCase,
            ["Uri"] = uploaded.Uri,
            ["Url"] = uploaded.Url?.Trim(),
            ["Width"] = uploaded.Width,
            ["Height"] = uploaded.Height,
            ["UploadedAt"] = time.GetUtcNow(),
        }, TableUpdateMode.Replace, cancellationToken);
        return new ResolvedImage(request.Url, request.UseCase, uploaded.Uri, uploaded.Url?.Trim(), uploaded.Width, uploaded.Height);
    }

    /// <summary>Whether the URL's host is (or resolves to) a link-local address: never downloaded (instance metadata services live there).</summary>
    private static async Task<bool> LinkLocalAsync(string url, CancellationToken cancellationToken)
    {
        var host = new Uri(url).Host;
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false; // the download says the host is unknown
        }

        return addresses.Any(a => a.IsIPv6LinkLocal || (a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && a.GetAddressBytes() is [169, 254, ..]));
    }

    /// <summary>Forgets a shop's uploaded images (the shop was deleted); answers how many.</summary>
    public async Task<int> DeleteShopAsync(string shopId, CancellationToken cancellationToken) =>
        await TableRows.DeletePartitionAsync(await storage.TableAsync(TableName, cancellationToken), TableKeys.Escape(shopId), cancellationToken);
}
