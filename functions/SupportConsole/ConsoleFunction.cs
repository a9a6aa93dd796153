using Connector.Http;
using Connector.SupportConsole;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.SupportConsole;

public sealed class ConsoleFunction(HttpEdge edge, ConsoleFiles files)
{
    [Function(nameof(ConsoleFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/{*path}")] HttpRequest request,
        CancellationToken cancellationToken,
        string? path = null) => edge.RunAsync(request, r => ConsoleFileRequest.Bind(r, path), files.GetAsync, cancellationToken);
}
