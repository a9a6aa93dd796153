using Connector.Admin;
using Connector.Http;
using Connector.Onboarding;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Onboarding;

public sealed class ReauthorizeLinkFunction(HttpEdge edge, OnboardingHandlers handlers)
{
    [Function(nameof(ReauthorizeLinkFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/shops/{shopId}/reauthorize-link")] HttpRequest request,
        string shopId,
        CancellationToken cancellationToken) =>
        edge.RunAdminAsync(request, r => ReauthorizeLink.Bind(r, shopId), handlers.ReauthorizeLinkAsync, cancellationToken);
}
