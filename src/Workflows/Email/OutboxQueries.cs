using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Organisation;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Workflows.Email;

/// <summary>The filters of the outgoing-mail list besides the text search; <c>Year</c> is the year a message was written, in the installation's zone.</summary>
public sealed record OutboxFilter(OutboxStatus? Status = null, int? Year = null);

/// <summary>One message of the outgoing-mail list (the body stays out: it can hold a sign-in link).</summary>
public sealed record OutboxRow(
    Guid Id, string ToName, string ToAddress, string Subject, OutboxStatus Status, int Attempts, string? LastError,
    DateTimeOffset CreatedAt, DateTimeOffset? SentAt, DateTimeOffset NextAttemptAt);

/// <summary>Outgoing mail of one university for its administrators, a page at a time (it used to stop at 200 without a word).</summary>
public sealed class OutboxQueries(ReformFlowDb db, IOptions<AppOptions> app)
{
    /// <summary>
    /// <c>q</c> searches the recipient's address and name and the subject; sort keys: <c>created</c> (default, newest
    /// first), <c>to</c>, <c>subject</c>, <c>status</c>, <c>attempts</c>. The caller has checked the administrator role.
    /// </summary>
    public Task<Paged<OutboxRow>> ListAsync(Guid? universityId, ListQuery list, OutboxFilter filter, CancellationToken ct)
    {
        var rows = db.Outbox.AsNoTracking().Where(m => m.UniversityId == universityId && universityId != null
            && (filter.Status == null || m.Status == filter.Status));
        if (filter.Year is { } y)
        {
            // A whole calendar year as a range, so the index on the creation time can serve it.
            var (from, to) = app.Value.YearRange(y);
            rows = rows.Where(m => m.CreatedAt >= from && m.CreatedAt < to);
        }
        if (list.Q is { } t) rows = rows.Where(m => m.ToAddress.Contains(t) || m.ToName.Contains(t) || m.Subject.Contains(t));
        var desc = list.Descending;
        var ordered = list.SortKey switch
        {
            "to" => rows.OrderBy(m => m.ToAddress, desc),
            "subject" => rows.OrderBy(m => m.Subject, desc),
            "status" => rows.OrderBy(m => m.Status, desc),
            "attempts" => rows.OrderBy(m => m.Attempts, desc),
            // Newest first unless "created" is asked for explicitly.
            "created" => rows.OrderBy(m => m.CreatedAt, desc),
            _ => rows.OrderByDescending(m => m.CreatedAt),
        };
        return ordered.ThenBy(m => m.Id).Select(m => new OutboxRow(m.Id, m.ToName, m.ToAddress, m.Subject, m.Status, m.Attempts, m.LastError,
            m.CreatedAt, m.SentAt, m.NextAttemptAt)).ToPagedAsync(list, ct);
    }

    /// <summary>The years messages were written in, newest first, for the year filter.</summary>
    public async Task<IReadOnlyList<int>> YearsAsync(Guid? universityId, CancellationToken ct)
    {
        var first = await db.Outbox.AsNoTracking().Where(m => m.UniversityId == universityId).OrderBy(m => m.CreatedAt).Select(m => (DateTimeOffset?)m.CreatedAt).FirstOrDefaultAsync(ct);
        var last = await db.Outbox.AsNoTracking().Where(m => m.UniversityId == universityId).OrderByDescending(m => m.CreatedAt).Select(m => (DateTimeOffset?)m.CreatedAt).FirstOrDefaultAsync(ct);
        return app.Value.YearsBetween(first, last);
    }
}
