using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReformFlow.Domain.Access;
using ReformFlow.Domain.Common;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Email;
using ReformFlow.Workflows.Localization;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Workflows.Access;

public enum PersonKind { Student, Teacher }

/// <summary>Whom to issue first-sign-in links to: every imported person without a working account, or some of them.</summary>
public sealed record IssueLinksForm(PersonKind? Kind = null, Guid? CollegeId = null, int? Grade = null);

public sealed record IssuedLink(string UserName, string DisplayName, PersonKind? Kind, string? College, string? CollegeEn, int? Grade, string Url, DateTimeOffset ExpiresAt, bool Emailed);

/// <param name="Skipped">people whose number is already another account's user name (it signs in as that account): listed by number.</param>
public sealed record IssueLinksResult(int Issued, int Created, int Emailed, IReadOnlyList<string> Skipped, IReadOnlyList<IssuedLink> Links);

/// <summary>
/// Accounts of imported students and teachers (issue 8). An administrator issues one-time links: the account is created
/// then, without a password, its user name the student or staff number; the person opens the link and sets a password.
/// Links are single-use and expire (Accounts:LinkDays); a new link for an account deletes its unused ones. Every change is audited.
/// </summary>
public sealed partial class AccountService(ReformFlowDb db, UserManager<AppUser> users, TimeProvider clock, IOptions<AccountOptions> options,
    IOptions<AppOptions> app, IServiceProvider services)
{
    // Resolved only when mail was queued: Hangfire's client (behind the kicker) binds a process-wide logger on first
    // resolution, which fails when another host in the same process (tests) has just been disposed.
    private void Kick() => ((IOutboxKicker)services.GetService(typeof(IOutboxKicker))!).Kick();

    public const string SetPasswordPath = "/Account/SetPassword";

    public string UrlOf(string token) => $"{app.Value.BaseUrl.TrimEnd('/')}{SetPasswordPath}?token={token}";

    public async Task<IssueLinksResult> IssueLinksAsync(Actor admin, IssueLinksForm form, CancellationToken ct)
    {
        var uni = AdminUniversity(admin);
        if (form.Kind is { } k && !Enum.IsDefined(k)) throw new DomainException("accounts.kind-unknown");
        if (form.CollegeId is { } cid && !await db.Colleges.AnyAsync(c => c.Id == cid && c.UniversityId == uni, ct)) throw new DomainException("structure.college-unknown");
        var now = clock.GetUtcNow();
        var lifetime = TimeSpan.FromDays(options.Value.LinkDays);
        var colleges = await db.Colleges.AsNoTracking().Where(c => c.UniversityId == uni).ToDictionaryAsync(c => c.Id, c => (c.Name, c.NameEn), ct);
        var people = new List<(PersonKind Kind, Guid Id, string Number, string Name, Guid? College, int? Grade)>();
        if (form.Kind is null or PersonKind.Student)
            people.AddRange((await db.Students.AsNoTracking()
                    .Where(s => s.UniversityId == uni && (form.CollegeId == null || s.CollegeId == form.CollegeId) && (form.Grade == null || s.Grade == form.Grade))
                    .Select(s => new { s.Id, s.StudentNumber, s.Name, s.CollegeId, s.Grade }).ToListAsync(ct))
                .Select(s => (PersonKind.Student, s.Id, s.StudentNumber, s.Name, (Guid?)s.CollegeId, (int?)s.Grade)));
        if (form.Kind is null or PersonKind.Teacher && form.Grade is null)
            people.AddRange((await db.Teachers.AsNoTracking()
                    .Where(t => t.UniversityId == uni && (form.CollegeId == null || t.CollegeId == form.CollegeId))
                    .Select(t => new { t.Id, t.StaffNumber, t.Name, t.CollegeId }).ToListAsync(ct))
                .Select(t => (PersonKind.Teacher, t.Id, t.StaffNumber, t.Name, t.CollegeId, (int?)null)));

        await using var tx = await db.BeginWriteAsync(ct);
        // Read in bulk and matched in memory: one query per table, not one per person (30,000 students).
        var linked = await db.Users.Where(u => u.UniversityId == uni && (u.StudentId != null || u.TeacherId != null))
            .Select(u => new { u.Id, u.StudentId, u.TeacherId, HasPassword = u.PasswordHash != null, u.Email }).ToListAsync(ct);
        var byPerson = linked.ToDictionary(u => (u.StudentId ?? u.TeacherId)!.Value);
        var takenNames = (await db.Users.Select(u => u.NormalizedUserName).ToListAsync(ct)).ToHashSet();

        var links = new List<IssuedLink>();
        var skipped = new List<string>();
        var reissued = new List<string>();
        var created = 0;
        var newUsers = new List<AppUser>();
        var newLinks = new List<AccountLink>();
        // Ordinal comparison: culture-aware ordering of 30,000 Chinese names costs seconds.
        foreach (var p in people.OrderBy(p => p.Kind).ThenBy(p => p.College is { } c && colleges.TryGetValue(c, out var n) ? n.Name : "", StringComparer.Ordinal)
                     .ThenBy(p => p.Grade).ThenBy(p => p.Number, StringComparer.Ordinal))
        {
            string userId;
            var email = (string?)null;
            if (byPerson.TryGetValue(p.Id, out var existing))
            {
                if (existing.HasPassword) continue; // signs in already; an administrator resets it if need be
                userId = existing.Id;
                email = existing.Email;
                reissued.Add(userId);
            }
            else
            {
                var normalized = users.NormalizeName(p.Number);
                if (!takenNames.Add(normalized))
                {
                    skipped.Add(p.Number);
                    continue;
                }
                var user = new AppUser
                {
                    UserName = p.Number, NormalizedUserName = normalized, DisplayName = p.Name, UniversityId = uni,
                    StudentId = p.Kind == PersonKind.Student ? p.Id : null, TeacherId = p.Kind == PersonKind.Teacher ? p.Id : null,
                    SecurityStamp = SecurityStamps.NewStamp(), ConcurrencyStamp = Guid.NewGuid().ToString(), LockoutEnabled = true,
                };
                newUsers.Add(user);
                userId = user.Id;
                created++;
            }
            var (link, token) = AccountLink.New(userId, uni, AccountLinkPurpose.FirstSignIn, now, lifetime);
            newLinks.Add(link);
            var college = p.College is { } id && colleges.TryGetValue(id, out var names) ? names : default;
            var url = UrlOf(token);
            if (!string.IsNullOrWhiteSpace(email)) QueueLinkEmail(uni, email, p.Name, "zh-CN", url, link.ExpiresAt, "email.account-link.subject", "email.account-link.body");
            links.Add(new IssuedLink(p.Number, p.Name, p.Kind, college.Name, college.NameEn, p.Grade, url, link.ExpiresAt, !string.IsNullOrWhiteSpace(email)));
        }

        // Issuing again invalidates the links issued before and not used.
        if (reissued.Count > 0)
            await db.AccountLinks.Where(l => l.UsedAt == null && reissued.Contains(l.UserId)).ExecuteDeleteAsync(ct);
        // Thousands at once (a whole intake): written in bulk, not through the change tracker (BulkInsert).
        await db.InsertAsync(newUsers, ct);
        await db.InsertAsync(newLinks, ct);
        var emailed = links.Count(l => l.Emailed);
        AuditEntry.Add(db, now, uni, admin, AuditKind.AccountLinksIssued, Describe(form, colleges),
            $"issued={links.Count} created={created} emailed={emailed} skipped={skipped.Count}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        if (emailed > 0) Kick();
        return new IssueLinksResult(links.Count, created, emailed, skipped, links);
    }

    /// <summary>
    /// An administrator's reset: the password is removed, every session ends (a new security stamp) and a new one-time
    /// link is issued (emailed when the account has an address, and returned for the administrator to hand over).
    /// </summary>
    public async Task<IssuedLink> ResetAsync(Actor admin, string userName, CancellationToken ct)
    {
        var uni = AdminUniversity(admin);
        await using var tx = await db.BeginWriteAsync(ct);
        var normalized = users.NormalizeName(userName.Trim());
        var user = await db.Users.SingleOrDefaultAsync(u => u.NormalizedUserName == normalized && u.UniversityId == uni, ct) ?? throw new NotFoundException("account");
        var now = clock.GetUtcNow();
        await db.AccountLinks.Where(l => l.UserId == user.Id && l.UsedAt == null).ExecuteDeleteAsync(ct);
        user.PasswordHash = null;
        user.SecurityStamp = SecurityStamps.NewStamp();
        user.ConcurrencyStamp = Guid.NewGuid().ToString();
        var (link, token) = AccountLink.New(user.Id, uni, AccountLinkPurpose.Reset, now, TimeSpan.FromDays(options.Value.LinkDays));
        db.AccountLinks.Add(link);
        var url = UrlOf(token);
        var emailed = !string.IsNullOrWhiteSpace(user.Email);
        if (emailed) QueueLinkEmail(uni, user.Email!, user.DisplayName, user.PreferredCulture, url, link.ExpiresAt, "email.account-reset.subject", "email.account-reset.body");
        AuditEntry.Add(db, now, uni, admin, AuditKind.AccountReset, user.UserName!, $"sessions ended; link until {link.ExpiresAt:yyyy-MM-dd HH:mm}Z; emailed={emailed}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        if (emailed) Kick();
        return new IssuedLink(user.UserName!, user.DisplayName, user.StudentId is not null ? PersonKind.Student : user.TeacherId is not null ? PersonKind.Teacher : null,
            null, null, null, url, link.ExpiresAt, emailed);
    }

    private static Guid AdminUniversity(Actor admin) =>
        admin.UniversityId is { } uni && admin.HoldsInUniversity(Role.UniversityAdmin, uni)
            ? uni : throw new ForbiddenActionException(new Reason(null, "access.admin-only"));

    private void QueueLinkEmail(Guid uni, string address, string name, string culture, string url, DateTimeOffset expires, string subjectKey, string bodyKey)
    {
        var now = clock.GetUtcNow();
        object[] args = [name, url, app.Value.ToLocal(expires).ToString("yyyy-MM-dd HH:mm")];
        db.Outbox.Add(new OutboxMessage
        {
            UniversityId = uni, ToAddress = address, ToName = name, Culture = Texts.Normalise(culture),
            Subject = Texts.Get(culture, subjectKey, args), Body = Texts.Get(culture, bodyKey, args),
            Status = OutboxStatus.Pending, CreatedAt = now, NextAttemptAt = now,
        });
    }

    private static string Describe(IssueLinksForm f, Dictionary<Guid, (string Name, string NameEn)> colleges) =>
        string.Join(" ", new[]
        {
            f.Kind is { } k ? $"kind={k}" : "kind=all",
            f.CollegeId is { } c && colleges.TryGetValue(c, out var n) ? $"college={n.Name}" : null,
            f.Grade is { } g ? $"grade={g}" : null,
        }.Where(s => s is not null));
}
