using Connector.Health;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Health;

public sealed class HealthFunction(HealthCheckHandler handler)
{
    [Function(nameof(HealthFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request,
        CancellationToken cancellationToken) => handler.HandleAsync(cancellationToken);
}
