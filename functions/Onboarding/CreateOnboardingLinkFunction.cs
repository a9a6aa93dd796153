using Connector.Admin;
using Connector.Http;
using Connector.Onboarding;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Onboarding;

public sealed class CreateOnboardingLinkFunction(HttpEdge edge, OnboardingHandlers handlers)
{
    [Function(nameof(CreateOnboardingLinkFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/merchants/{merchantId}/onboarding-links")] HttpRequest request,
        string merchantId,
        CancellationToken cancellationToken) =>
        edge.RunAdminAsync(request, r => CreateOnboardingLink.Bind(r, merchantId), handlers.CreateLinkAsync, cancellationToken);
}
