using Connector.Admin;
using Connector.Http;
using Connector.Onboarding;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Onboarding;

public sealed class CompleteOAuthFunction(HttpEdge edge, OnboardingHandlers handlers)
{
    [Function(nameof(CompleteOAuthFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/oauth/complete")] HttpRequest request,
        CancellationToken cancellationToken) =>
        edge.RunAdminAsync(request, CompleteOAuth.Bind, handlers.CompleteAsync, cancellationToken);
}
