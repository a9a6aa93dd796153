using Connector.Tokens;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Tokens;

public sealed class TokenRefreshTimer(TokenRefreshFanOut fanOut)
{
    [Function(nameof(TokenRefreshTimer))]
    public Task Run([TimerTrigger("%TokenRefreshSchedule%")] TimerInfo timer, CancellationToken cancellationToken) => fanOut.RunAsync(cancellationToken);
}
