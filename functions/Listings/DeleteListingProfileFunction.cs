using Connector.Listings;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Listings;

public sealed class DeleteListingProfileFunction(ProfileEndpoint profiles)
{
    [Function(nameof(DeleteListingProfileFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "merchants/{merchantId}/listing-profiles/{name}")] HttpRequest request,
        string merchantId,
        string name,
        CancellationToken cancellationToken) => profiles.DeleteAsync(merchantId, name, cancellationToken);
}
