using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Connector.EndToEndTests.Onboarding;
using Connector.Runs;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.EndToEndTests.Admin;

/// <summary>An onboarded (PendingActivation) shop in a whole-connector world, and admin calls with a named key.</summary>
public sealed class AdminWorld : IAsyncDisposable
{
    public const string Merchant = "merchant-admin";
    public const string AliceKey = "alice-key-value";

    private AdminWorld(OnboardingWorld world, string shopId)
    {
        World = world;
        ShopId = shopId;
    }

    public OnboardingWorld World { get; }
    public string ShopId { get; }
    public IServiceProvider Services => World.Host.Services;

    public static async Task<AdminWorld> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?> { ["OrderPull:Lag"] = "00:00:00", ["LocalHost:FunctionKeys:alice"] = AliceKey };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var world = await OnboardingWorld.StartAsync(values);
        var (_, status, html) = await world.OnboardAsync(Merchant);
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), html);
        return new AdminWorld(world, world.Seller.Shops[0].Id);
    }

    public async Task<(HttpStatusCode Status, JsonElement Body, string? ContentType)> SendAsync(HttpMethod method, string path, object? body = null, string? key = AliceKey, string? rawBody = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (rawBody is not null)
        {
            request.Content = new StringContent(rawBody, System.Text.Encoding.UTF8, "application/json");
        }
        else if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (key is not null)
        {
            request.Headers.Add("x-functions-key", key);
        }

        using var response = await World.Host.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length > 0 && text.TrimStart().StartsWith('{') ? JsonDocument.Parse(text).RootElement.Clone() : default;
        return (response.StatusCode, json, response.Content.Headers.ContentType?.MediaType);
    }

    public Task<(HttpStatusCode Status, JsonElement Body, string? ContentType)> GetAsync(string path, string? key = AliceKey) => SendAsync(HttpMethod.Get, path, key: key);

    public Task<(HttpStatusCode Status, JsonElement Body, string? ContentType)> PostAsync(string path, object? body = null) => SendAsync(HttpMethod.Post, path, body ?? new { });

    /// <summary>Activates the shop over HTTP and waits for the initial import to succeed.</summary>
    public async Task ActivateAsync()
    {
        var (status, body, _) = await PostAsync($"api/admin/shops/{ShopId}/activate");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body.ToString());
        await PulledAsync(1);
    }

    /// <summary>Waits until the shop has <paramref name="count"/> successful order pulls.</summary>
    public async Task PulledAsync(int count)
    {
        var runs = Services.GetRequiredService<RunStore>();
        await Eventually.HoldsAsync(
            async () => (await runs.ListAsync(ShopId, RunKinds.OrderPull, RunOutcome.Succeeded, null, 100, CancellationToken.None)).Runs.Count >= count,
            $"{count} successful order pulls");
    }

    public ValueTask DisposeAsync() => World.DisposeAsync();
}
