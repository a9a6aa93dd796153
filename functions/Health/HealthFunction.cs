using Connector.Http;
using Connector.Health;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Health;

public sealed class HealthFunction(HttpEdge edge, HealthCheckHandler handler)
{
    [Function(nameof(HealthFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request,
        CancellationToken cancellationToken) => edge.RunAsync(request, HealthRequest.Bind, handler.HandleAsync, cancellationToken);
}
