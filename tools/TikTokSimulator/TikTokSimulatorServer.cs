using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace TikTokSimulator;

/// <summary>
/// The simulator as an object: start it on 127.0.0.1 (port 0 = any free port), read <see cref="BaseUri"/>, seed and
/// inspect it through <see cref="State"/>, <see cref="Faults"/> and <see cref="Calls"/> (the same operations the
/// /_sim/ control API exposes), dispose it when done.
/// </summary>
public sealed class TikTokSimulatorServer : IAsyncDisposable
{
    private static readonly HttpClient WebhookClient = new();
    private readonly WebApplication app;
    private StatePersistence? persistence;
    private readonly CancellationTokenSource stopping = new();
    private Task webhookPump = Task.CompletedTask;

    private TikTokSimulatorServer(WebApplication app, SimulatorOptions options)
    {
        this.app = app;
        Options = options;
        State = new SimulatorState(options);
    }

    public SimulatorOptions Options { get; }

    public SimulatorState State { get; }

    public FaultInjector Faults { get; } = new();

    public CallLog Calls { get; } = new();

    /// <summary>Serves both the auth host and the Open API: point TikTok:AuthBaseUrl and TikTok:OpenApiBaseUrl here.</summary>
    public Uri BaseUri { get; private set; } = null!;

    public static async Task<TikTokSimulatorServer> StartAsync(SimulatorOptions options, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(TikTokSimulatorServer).Assembly.GetName().Name });
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, options.Port));
        builder.Logging.ClearProviders();
        if (options.ConsoleLogging)
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true).AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        }

        var server = new TikTokSimulatorServer(builder.Build(), options);
        server.persistence = options.StateFile is { Length: > 0 } file ? StatePersistence.Start(server.State, file) : null;
        server.Configure();
        await server.app.StartAsync(cancellationToken);
        server.webhookPump = Task.Run(() => server.PumpWebhooksAsync(server.stopping.Token), CancellationToken.None);
        var address = server.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUri = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
        return server;
    }

    /// <summary>Runs until the process is stopped (the standalone entry point).</summary>
    public Task WaitForShutdownAsync() => app.WaitForShutdownAsync();

    /// <summary>Clears all state, faults and counters.</summary>
    public void Reset()
    {
        State.Reset();
        Faults.Clear();
        Calls.Clear();
    }

    /// <summary>
    /// POSTs a webhook like TikTok does: <c>{type, tts_notification_id, shop_id, timestamp, data}</c> with
    /// <c>Authorization</c> = hex HMAC-SHA256(app secret, app key + body). A fresh notification id unless
    /// <paramref name="notificationId"/> names one (TikTok delivering the same notification again).
    /// </summary>
    public async Task<int> SendWebhookAsync(Uri url, string appKey, int type, string shopId, JsonElement? data, CancellationToken cancellationToken,
        string? notificationId = null)
    {
        var app = State.FindApp(appKey) ?? throw SimException.NotFound($"app {appKey} does not exist");
        var body = JsonSerializer.Serialize(new
        {
            type, tts_notification_id = notificationId ?? Guid.NewGuid().ToString("N"), shop_id = shopId, timestamp = State.Now.ToUnixTimeSeconds(), data,
        }, SimJson.Options);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Authorization", SimSigner.SignWebhook(app.AppKey, app.AppSecret, body));
        using var response = await WebhookClient.SendAsync(request, cancellationToken);
        return (int)response.StatusCode;
    }

    /// <summary>
    /// Sends the notifications the state queued (after-sales changes), one at a time, in order, to each app's webhook URL.
    /// A push not answered 200 or 401 within <see cref="SimulatorOptions.WebhookTimeout"/> is made again, with the same
    /// notification id, after each of <see cref="SimulatorOptions.WebhookRetryDelays"/> (TikTok: 4 retries, then none).
    /// </summary>
    private async Task PumpWebhooksAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var e in State.PendingWebhooks.ReadAllAsync(cancellationToken))
            {
                int status;
                using var answerWithin = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                answerWithin.CancelAfter(Options.WebhookTimeout);
                try
                {
                    status = await SendWebhookAsync(e.Url, e.AppKey, e.Type, e.ShopId, e.Data, answerWithin.Token, e.NotificationId);
                }
                catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
                {
                    status = 0;
                }

                State.Delivered(e, status);
                if (status is not (200 or 401) && e.Attempt < Options.WebhookRetryDelays.Count)
                {
                    var again = e with { Attempt = e.Attempt + 1 };
                    _ = Task.Delay(Options.WebhookRetryDelays[e.Attempt], Options.TimeProvider, cancellationToken)
                        .ContinueWith(t => { if (t.IsCompletedSuccessfully) { State.Retry(again); } }, TaskScheduler.Default);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await webhookPump;
        stopping.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        if (persistence is not null)
        {
            await persistence.DisposeAsync();
        }
    }

    private void Configure()
    {
        app.UseRouting();
        var gate = new Gate(State, Faults, Calls, Options);
        app.Use((context, next) => gate.InvokeAsync(context, next));
        AuthEndpoints.Map(app, State);
        OpenApiEndpoints.Map(app, State, Options);
        ReturnRefundEndpoints.MapOpenApi(app, State);
        ListingEndpoints.Map(app, State);
        FinanceEndpoints.Map(app, State, Options);
        ShippingEndpoints.Map(app, State);
        ControlEndpoints.Map(app, this);
        ReturnRefundEndpoints.MapControl(app, this);
        ListingControlEndpoints.Map(app, this);
        FinanceControlEndpoints.Map(app, this);
        ShippingControlEndpoints.Map(app, this);
    }
}
