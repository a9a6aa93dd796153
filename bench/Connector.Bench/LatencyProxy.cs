using System.Net;
using System.Net.Sockets;

namespace Connector.Bench;

/// <summary>
/// A TCP forwarder on loopback that holds each answer back by a fixed delay: one added round trip per request, as a
/// storage account in a nearby Azure region would cost. On bare loopback Azurite answers in about a millisecond and
/// is the bottleneck itself, which hides what sending in parallel buys over a network.
/// </summary>
public sealed class LatencyProxy : IAsyncDisposable
{
    private readonly TcpListener listener;
    private readonly int targetPort;
    private readonly TimeSpan delay;
    private readonly CancellationTokenSource stop = new();
    private readonly Task accepting;

    private LatencyProxy(int targetPort, TimeSpan delay)
    {
        this.targetPort = targetPort;
        this.delay = delay;
        listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        accepting = AcceptAsync();
    }

    public int Port { get; }

    public static LatencyProxy Start(int targetPort, TimeSpan delay) => new(targetPort, delay);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        try
        {
            await accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            var client = await listener.AcceptTcpClientAsync(stop.Token);
            _ = Task.Run(() => ForwardAsync(client));
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, targetPort, stop.Token);
                client.NoDelay = server.NoDelay = true;
                var awaitingAnswer = 0;
                var up = PumpAsync(client.GetStream(), server.GetStream(), () => Interlocked.Exchange(ref awaitingAnswer, 1), null);
                var down = PumpAsync(server.GetStream(), client.GetStream(), null, () => Interlocked.Exchange(ref awaitingAnswer, 0) == 1);
                await Task.WhenAny(up, down);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }
    }

    /// <summary>Copies one direction; the first chunk of an answer to a request waits <see cref="delay"/>.</summary>
    private async Task PumpAsync(NetworkStream from, NetworkStream to, Action? onChunk, Func<bool>? firstOfAnswer)
    {
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await from.ReadAsync(buffer, stop.Token)) > 0)
        {
            onChunk?.Invoke();
            if (firstOfAnswer?.Invoke() == true)
            {
                await Task.Delay(delay, stop.Token);
            }

            await to.WriteAsync(buffer.AsMemory(0, read), stop.Token);
        }

        to.Socket.Shutdown(SocketShutdown.Send);
    }
}
