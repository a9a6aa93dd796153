using Connector.Onboarding;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Onboarding;

public sealed class CreateOnboardingLinkFunction(OnboardingHandlers handlers)
{
    [Function(nameof(CreateOnboardingLinkFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "admin/merchants/{merchantId}/onboarding-links")] HttpRequest request,
        string merchantId,
        CancellationToken cancellationToken) => handlers.CreateLinkAsync(request, merchantId, cancellationToken);
}
