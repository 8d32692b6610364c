using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Web.Api;

/// <summary>
/// The paging parameters every list endpoint takes (<c>[AsParameters]</c>): <c>page</c> (from 1), <c>pageSize</c>
/// (default 50, at most 100), <c>sort</c> (a key of the list, <c>-key</c> for descending) and <c>q</c> (text search).
/// The answer is <c>{ items, page, pageSize, total, pages }</c>; with <c>format=xlsx</c> a list that exports answers every
/// matching row (up to <see cref="Infrastructure.XlsxExport.MaxRows"/>) as an .xlsx workbook instead.
/// </summary>
public sealed record ListParams(int? Page, int? PageSize, string? Sort, string? Q, string? Format = null)
{
    public ListQuery ToQuery() => ListQuery.Of(Page, PageSize, Sort, Q);

    public bool IsXlsx => string.Equals(Format, "xlsx", StringComparison.OrdinalIgnoreCase);
}
