using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using ReformFlow.Workflows.Organisation;

namespace ReformFlow.Workflows.Runtime;

/// <summary>
/// Paging, sorting and text search of one list, as the pages' query strings and the API's parameters send them.
/// <see cref="Sort"/> is a key of the list (e.g. <c>name</c>), prefixed with <c>-</c> for descending; an unknown key
/// falls back to the list's default order. Page sizes are capped so that no request reads a whole university at once.
/// </summary>
public sealed record ListQuery(int Page, int PageSize, string? Sort, string? Q)
{
    public const int DefaultPageSize = 50, MaxPageSize = 100, MaxTermLength = 100;

    public static ListQuery Default { get; } = Of(null, null, null, null);

    public static ListQuery Of(int? page, int? pageSize, string? sort, string? q)
    {
        var term = string.IsNullOrWhiteSpace(q) ? null : q.Trim();
        if (term?.Length > MaxTermLength) term = term[..MaxTermLength];
        return new(Math.Max(1, page ?? 1), Math.Clamp(pageSize ?? DefaultPageSize, 1, MaxPageSize),
            string.IsNullOrWhiteSpace(sort) ? null : sort.Trim(), term);
    }

    public bool Descending => Sort?.StartsWith('-') == true;

    /// <summary>The sort key without its direction, lower case; null for the list's default order.</summary>
    public string? SortKey => Sort?.TrimStart('-').Trim().ToLowerInvariant() is { Length: > 0 } k ? k : null;
}

public static class Paging
{
    /// <summary>Counts and reads one page in SQL. The rows must already be ordered (with a unique tie-breaker).</summary>
    public static async Task<Paged<T>> ToPagedAsync<T>(this IQueryable<T> rows, ListQuery q, CancellationToken ct)
    {
        var total = await rows.CountAsync(ct);
        var items = await rows.Skip((q.Page - 1) * q.PageSize).Take(q.PageSize).ToListAsync(ct);
        return new Paged<T>(items, q.Page, q.PageSize, total);
    }

    /// <summary>Orders by <paramref name="key"/> in the direction the query asks for.</summary>
    public static IOrderedQueryable<T> OrderBy<T, TKey>(this IQueryable<T> rows, Expression<Func<T, TKey>> key, bool descending) =>
        descending ? rows.OrderByDescending(key) : rows.OrderBy(key);

    public static IOrderedQueryable<T> ThenBy<T, TKey>(this IOrderedQueryable<T> rows, Expression<Func<T, TKey>> key, bool descending) =>
        descending ? rows.ThenByDescending(key) : rows.ThenBy(key);

    /// <summary>The same items in another shape (rows read in SQL, then completed in memory for one page).</summary>
    public static Paged<TOut> Map<TIn, TOut>(this Paged<TIn> page, Func<TIn, TOut> map) =>
        new(page.Items.Select(map).ToList(), page.Page, page.PageSize, page.Total);
}
