using Connector.Support;

namespace Connector.Testing;

public static class SupportCases
{
    /// <summary>Every case, open and resolved, newest first within each status (tests only: the API pages).</summary>
    public static async Task<IReadOnlyList<SupportCase>> EveryCaseAsync(this SupportCaseStore store)
    {
        var all = new List<SupportCase>();
        foreach (var status in Enum.GetValues<SupportCaseStatus>())
        {
            await foreach (var c in store.AllAsync(status, null, null, CancellationToken.None))
            {
                all.Add(c);
            }
        }

        return all;
    }
}
