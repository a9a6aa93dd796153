namespace Connector.Shops;

/// <summary>
/// A capability that keeps data per shop and removes it when the shop is deleted (registered with
/// <c>services.AddSingleton&lt;IShopDataOwner, ...&gt;()</c>); the shop deletion asks every owner, so it needs to know none of them.
/// </summary>
public interface IShopDataOwner
{
    /// <summary>The name the deletion reports the count under (e.g. "finance").</summary>
    string Name { get; }

    /// <summary>Removes everything kept for the shop; answers how many rows. Safe to repeat.</summary>
    Task<int> DeleteShopAsync(string shopId, CancellationToken cancellationToken);
}
