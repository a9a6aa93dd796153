using Connector.SupportConsole;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.SupportConsole;

public sealed class ConsoleFunction(ConsoleFiles files)
{
    [Function(nameof(ConsoleFunction))]
    public IActionResult Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/{*path}")] HttpRequest request,
        string? path = null) => files.Get(request, path);
}
