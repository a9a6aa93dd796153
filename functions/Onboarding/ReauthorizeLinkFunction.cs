using Connector.Admin;
using Connector.Http;
using Connector.Onboarding;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Onboarding;

public sealed class ReauthorizeLinkFunction(OnboardingHandlers handlers, AdminAccess access)
{
    [Function(nameof(ReauthorizeLinkFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/shops/{shopId}/reauthorize-link")] HttpRequest request,
        string shopId,
        CancellationToken cancellationToken) =>
        access.RunAsync(request, () => handlers.ReauthorizeLinkAsync(request, shopId, cancellationToken));
}
