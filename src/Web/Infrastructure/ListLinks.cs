using Microsoft.AspNetCore.Http.Extensions;
using ReformFlow.Workflows.Organisation;

namespace ReformFlow.Web.Infrastructure;

/// <summary>What the shared pager (Pages/Shared/_Pager.cshtml) shows; <see cref="PageParam"/> is the query-string name of the page number.</summary>
public sealed record PagerModel(int Page, int Pages, int Total, string PageParam = "page")
{
    public static PagerModel Of<T>(Paged<T> paged, string pageParam = "page") => new(paged.Page, paged.Pages, paged.Total, pageParam);
}

/// <summary>
/// Links of a list page that keep its filters: the current query string with some values changed. Pages are plain GET
/// links and forms, so paging, sorting and filtering work without JavaScript.
/// </summary>
public static class ListLinks
{
    /// <summary>The current path and query with <paramref name="changes"/> applied (a null or empty value removes the key).</summary>
    public static string With(HttpRequest request, params (string Key, string? Value)[] changes)
    {
        var query = request.Query.ToDictionary(kv => kv.Key, kv => kv.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in changes)
        {
            if (string.IsNullOrEmpty(value)) query.Remove(key);
            else query[key] = value;
        }
        var qb = new QueryBuilder(query.Where(kv => kv.Value.Length > 0).Select(kv => new KeyValuePair<string, string>(kv.Key, kv.Value)));
        return request.PathBase + request.Path + qb.ToQueryString();
    }

    /// <summary>Sorting by <paramref name="key"/>: ascending first, descending when it is already ascending; back to page 1.</summary>
    public static string Sort(HttpRequest request, string key, string pageParam = "page") =>
        With(request, ("sort", Current(request) == key ? "-" + key : key), (pageParam, null));

    /// <summary>The aria-sort value of a column: ascending, descending or none.</summary>
    public static string AriaSort(HttpRequest request, string key) =>
        Current(request) == key ? "ascending" : Current(request) == "-" + key ? "descending" : "none";

    /// <summary>▲ or ▼ after the label of the column the list is sorted by.</summary>
    public static string Mark(HttpRequest request, string key) =>
        Current(request) == key ? " ▲" : Current(request) == "-" + key ? " ▼" : "";

    private static string Current(HttpRequest request) => request.Query["sort"].ToString().Trim().ToLowerInvariant();
}
