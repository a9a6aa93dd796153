using Connector.Http;
using Connector.Listings;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Listings;

public sealed class PutListingProfileFunction(HttpEdge edge, ProfileEndpoint profiles)
{
    [Function(nameof(PutListingProfileFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "merchants/{merchantId}/listing-profiles/{name}")] HttpRequest request,
        string merchantId,
        string name,
        CancellationToken cancellationToken) =>
        edge.RunAsync(request, r => PutListingProfile.Bind(r, merchantId, name), profiles.PutAsync, cancellationToken);
}
