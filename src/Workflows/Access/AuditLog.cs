using Microsoft.EntityFrameworkCore;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Organisation;

namespace ReformFlow.Workflows.Access;

public enum AuditKind
{
    AccountLinksIssued,
    AccountPasswordSet,
    AccountPasswordChanged,
    AccountReset,
    AccountResetRequested,
    AccountLocked,
    AccountUnlocked,
    RoleAssigned,
    RoleRemoved,
    RosterImported,
}

/// <summary>
/// One change to accounts, roles or rosters: who did it, when, to what, in a short summary. Rows are only ever added;
/// each belongs to a university so its administrators see their own only. The summary is data (counts, names), not prose.
/// </summary>
public sealed class AuditEntry
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid? UniversityId { get; set; }
    public DateTimeOffset At { get; set; }
    public AuditKind Kind { get; set; }
    /// <summary>The user who acted; null for a person acting on their own account without signing in (a link, forgot password).</summary>
    public string? ActorUserId { get; set; }
    public string ActorName { get; set; } = "";
    public string Subject { get; set; } = "";
    public string Summary { get; set; } = "";

    /// <summary>Adds an entry to the caller's unit of work, so it commits (or not) with the change it records.</summary>
    public static void Add(ReformFlowDb db, DateTimeOffset at, Guid? universityId, Actor? actor, AuditKind kind, string subject, string summary) =>
        db.AuditEntries.Add(new AuditEntry
        {
            UniversityId = universityId, At = at, Kind = kind, ActorUserId = actor?.UserId,
            ActorName = actor is null ? "" : actor.DisplayName, Subject = Cut(subject, 200), Summary = Cut(summary, 1000),
        });

    private static string Cut(string s, int max) => s.Length <= max ? s : s[..max];
}

public sealed record AuditFilter(AuditKind? Kind = null, string? Actor = null, DateOnly? From = null, DateOnly? To = null, string? Q = null, int Page = 1);

public sealed record AuditRow(Guid Id, DateTimeOffset At, AuditKind Kind, string ActorName, string Subject, string Summary);

/// <summary>The audit log of one university, newest first, 50 a page; dates are days in the installation's time zone.</summary>
public sealed class AuditQueries(ReformFlowDb db, Microsoft.Extensions.Options.IOptions<Email.AppOptions> app)
{
    public const int PageSize = 50;

    public async Task<Paged<AuditRow>> ListAsync(Guid uni, AuditFilter f, CancellationToken ct)
    {
        var rows = db.AuditEntries.AsNoTracking().Where(e => e.UniversityId == uni);
        if (f.Kind is { } k) rows = rows.Where(e => e.Kind == k);
        if (Term(f.Actor) is { } a) rows = rows.Where(e => e.ActorName.ToLower().Contains(a.ToLower()));
        if (Term(f.Q) is { } q) rows = rows.Where(e => e.Subject.ToLower().Contains(q.ToLower()) || e.Summary.ToLower().Contains(q.ToLower()));
        if (f.From is { } from) { var t = StartOf(from); rows = rows.Where(e => e.At >= t); }
        if (f.To is { } to) { var t = StartOf(to.AddDays(1)); rows = rows.Where(e => e.At < t); }
        var page = Math.Max(1, f.Page);
        var total = await rows.CountAsync(ct);
        var items = await rows.OrderByDescending(e => e.At).Skip((page - 1) * PageSize).Take(PageSize)
            .Select(e => new AuditRow(e.Id, e.At, e.Kind, e.ActorName, e.Subject, e.Summary)).ToListAsync(ct);
        return new Paged<AuditRow>(items, page, PageSize, total);
    }

    private DateTimeOffset StartOf(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        // As UTC: SQLite compares DateTimeOffset as text, so a +08:00 bound against stored +00:00 times compared wrongly
        // for the eight hours a day when the local date is ahead of the UTC date.
        return new DateTimeOffset(local, app.Value.Zone.GetUtcOffset(local)).ToUniversalTime();
    }

    private static string? Term(string? q) => string.IsNullOrWhiteSpace(q) ? null : q.Trim();
}
