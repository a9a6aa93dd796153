using Connector.Http;
using Connector.Onboarding;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Onboarding;

public sealed class AuthorizeFunction(HttpEdge edge, OnboardingHandlers handlers)
{
    [Function(nameof(AuthorizeFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "oauth/tiktok/authorize")] HttpRequest request,
        CancellationToken cancellationToken) => edge.RunPageAsync(request, AuthorizeLink.Bind, handlers.AuthorizeAsync, cancellationToken);
}
