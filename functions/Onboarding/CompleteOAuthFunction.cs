using Connector.Onboarding;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Onboarding;

public sealed class CompleteOAuthFunction(OnboardingHandlers handlers)
{
    [Function(nameof(CompleteOAuthFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "admin/oauth/complete")] HttpRequest request,
        CancellationToken cancellationToken) => handlers.CompleteAsync(request, cancellationToken);
}
