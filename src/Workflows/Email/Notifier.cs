using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReformFlow.Domain.Access;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Localization;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Workflows.Email;

public sealed class AppOptions
{
    /// <summary>Where links in emails point, e.g. https://reformflow.example.edu.cn</summary>
    public string BaseUrl { get; set; } = "http://localhost:5000";

    /// <summary>
    /// App:TimeZone, the one time zone of the installation (IANA id): the days the yearly jobs open on, the
    /// recurring jobs' schedules, and every date shown on a page or in an email. The legacy Jobs:TimeZone is read when it is unset.
    /// </summary>
    public string TimeZone { get; set; } = DefaultTimeZone;

    public const string DefaultTimeZone = "Asia/Shanghai";

    /// <summary>The zone itself (the runtime caches the lookup).</summary>
    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    public DateTimeOffset ToLocal(DateTimeOffset t) => TimeZoneInfo.ConvertTime(t, Zone);

    /// <summary>
    /// How a moment (a deadline, a due time, an event) reads everywhere, on pages and in emails alike: "2026-12-05 23:59"
    /// in the installation's zone. One format per meaning, so a deadline never reads 23:59 here and 00:00 the next day there.
    /// </summary>
    public string FormatTime(DateTimeOffset t) => ToLocal(t).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>New Year to New Year of <paramref name="year"/> in the installation's zone, as instants (the database holds
    /// UTC): the "year" filter of the lists, as a range so that an index on the time can serve it.</summary>
    public (DateTimeOffset From, DateTimeOffset To) YearRange(int year)
    {
        // A year no calendar date can hold (a typed "year=0" or "99999") is an empty range, not an error: the list is empty.
        if (year is < 2 or > 9998) return (DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
        DateTimeOffset At(int y) { var d = new DateTime(y, 1, 1); return new DateTimeOffset(d, Zone.GetUtcOffset(d)).ToUniversalTime(); }
        return (At(year), At(year + 1));
    }

    /// <summary>The years a list's year filter offers, newest first: every local year from <paramref name="first"/> to
    /// <paramref name="last"/> (none when the list is empty).</summary>
    public IReadOnlyList<int> YearsBetween(DateTimeOffset? first, DateTimeOffset? last) =>
        first is { } f && last is { } l && ToLocal(l).Year >= ToLocal(f).Year
            ? Enumerable.Range(ToLocal(f).Year, ToLocal(l).Year - ToLocal(f).Year + 1).Reverse().ToList()
            : [];

    /// <summary>A day (no time of day meant): "2026-12-05", the local day of <paramref name="t"/>.</summary>
    public string FormatDate(DateTimeOffset t) => ToLocal(t).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The last minute (23:59) of a day picked on a page, in the installation's zone: a deadline "on" that day.</summary>
    public DateTimeOffset EndOfLocalDay(DateTime day)
    {
        var local = DateTime.SpecifyKind(day.Date.AddHours(23).AddMinutes(59), DateTimeKind.Unspecified);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }
}

/// <summary>
/// Writes emails into the outbox, in each recipient's language, inside the caller's transaction.
/// Nothing is sent here: the outbox job does that after the commit.
/// </summary>
public sealed class Notifier(ReformFlowDb db, TimeProvider clock, IOptions<AppOptions> options)
{
    public async Task QueueTaskAsync(TaskSpec task, WorkflowInstance instance, CancellationToken ct)
    {
        var users = await RecipientsAsync(task.UserId, task.Role, task.OrgUnitId, instance.UniversityId, ct);
        var students = await MailReaders.StudentsOnlyAsync(db, users, ct);
        foreach (var u in users)
        {
            var title = Texts.Get(u.PreferredCulture, task.TitleKey);
            Queue(instance.UniversityId, u.Email, u.DisplayName, u.PreferredCulture, students.Contains(u.Id),
                Texts.Get(u.PreferredCulture, "email.task.subject", title, instance.Title),
                Texts.Get(u.PreferredCulture, "email.task.body", u.DisplayName, title, instance.Title, Link(instance)));
        }
    }

    public async Task QueueToUserAsync(string userId, string subjectKey, string bodyKey, object[] args, Guid instanceId, CancellationToken ct)
    {
        var u = await db.Users.AsNoTracking().FirstOrDefaultAsync(x => x.Id == userId, ct);
        if (u is null) return;
        var link = $"{options.Value.BaseUrl.TrimEnd('/')}/Workflows/{instanceId}";
        var all = args.Prepend(u.DisplayName).Append(link).ToArray();
        var student = (await MailReaders.StudentsOnlyAsync(db, [u], ct)).Count > 0;
        Queue(u.UniversityId, u.Email, u.DisplayName, u.PreferredCulture, student,
            Texts.Get(u.PreferredCulture, subjectKey, all), Texts.Get(u.PreferredCulture, bodyKey, all));
    }

    /// <param name="studentOnly">the recipient is a student and nothing else: the texts lose their measure IDs (MailReaders).</param>
    private void Queue(Guid? universityId, string? address, string name, string culture, bool studentOnly, string subject, string body)
    {
        if (string.IsNullOrWhiteSpace(address)) return;
        var now = clock.GetUtcNow();
        db.Outbox.Add(new OutboxMessage
        {
            UniversityId = universityId, ToAddress = address, ToName = name, Culture = culture,
            Subject = MailReaders.For(studentOnly, subject), Body = MailReaders.For(studentOnly, body),
            Status = OutboxStatus.Pending, CreatedAt = now, NextAttemptAt = now,
        });
    }

    private string Link(WorkflowInstance instance) => $"{options.Value.BaseUrl.TrimEnd('/')}/Workflows/{instance.Id}";

    /// <summary>
    /// A reminder about an item: each recipient gets <paramref name="subjectKey"/>/<paramref name="bodyKey"/>
    /// in their language, with {0} their name, {1} the item's title in their language, {2} the subject,
    /// {3} the link, {4} the due date.
    /// </summary>
    public async Task<int> QueueReminderAsync(string? userId, Role? role, Guid? orgUnitId, Guid universityId, string titleKey,
        string subject, Guid instanceId, DateTimeOffset? due, string subjectKey, string bodyKey, CancellationToken ct)
    {
        var users = await RecipientsAsync(userId, role, orgUnitId, universityId, ct);
        var link = $"{options.Value.BaseUrl.TrimEnd('/')}/Workflows/{instanceId}";
        var dueText = due is { } d ? options.Value.FormatTime(d) : "";
        var students = await MailReaders.StudentsOnlyAsync(db, users, ct);
        foreach (var u in users)
        {
            object[] args = [u.DisplayName, Texts.Get(u.PreferredCulture, titleKey), subject, link, dueText];
            Queue(universityId, u.Email, u.DisplayName, u.PreferredCulture, students.Contains(u.Id), Texts.Get(u.PreferredCulture, subjectKey, args), Texts.Get(u.PreferredCulture, bodyKey, args));
        }
        return users.Count;
    }

    /// <summary>A notice to a user, or to every holder of a role (for a unit), in each one's language; {0} is their name, then <paramref name="args"/>.</summary>
    public async Task<int> QueueNoticeAsync(string? userId, Role? role, Guid? orgUnitId, Guid universityId, string subjectKey, string bodyKey, object[] args, CancellationToken ct)
    {
        var users = await RecipientsAsync(userId, role, orgUnitId, universityId, ct);
        var students = await MailReaders.StudentsOnlyAsync(db, users, ct);
        foreach (var u in users)
        {
            var all = args.Prepend(u.DisplayName).ToArray();
            Queue(universityId, u.Email, u.DisplayName, u.PreferredCulture, students.Contains(u.Id), Texts.Get(u.PreferredCulture, subjectKey, all), Texts.Get(u.PreferredCulture, bodyKey, all));
        }
        return users.Count;
    }

    public string LinkTo(string path) => $"{options.Value.BaseUrl.TrimEnd('/')}{path}";

    private async Task<List<Access.AppUser>> RecipientsAsync(string? userId, Role? role, Guid? orgUnitId, Guid universityId, CancellationToken ct)
    {
        if (userId is not null)
            return await db.Users.AsNoTracking().Where(u => u.Id == userId).ToListAsync(ct);
        var userIds = db.RoleAssignments.Where(a => a.Role == role && a.UniversityId == universityId
            && (orgUnitId == null || a.OrgUnitId == orgUnitId)).Select(a => a.UserId);
        return await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToListAsync(ct);
    }
}

/// <summary>Wakes the outbox sender after a commit. The recurring job catches anything a lost wake-up missed.</summary>
public interface IOutboxKicker
{
    void Kick();
}
