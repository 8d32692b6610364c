using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Localization;

namespace ReformFlow.Workflows.Email;

/// <summary>
/// Emails to named people about something that is not a workflow instance (a membership request, an
/// association), linking to any page. Like <see cref="Notifier"/>, it only writes outbox rows into the
/// caller's transaction, each in its recipient's language.
/// </summary>
public sealed class DirectMail(ReformFlowDb db, TimeProvider clock, IOptions<AppOptions> options)
{
    /// <summary>
    /// Queues one message per user. The texts get the recipient's display name as {0}, then
    /// <paramref name="args"/>, then the link to <paramref name="path"/> last.
    /// </summary>
    public async Task QueueAsync(IReadOnlyCollection<string> userIds, string subjectKey, string bodyKey, object?[] args, string path, CancellationToken ct)
    {
        if (userIds.Count == 0) return;
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToListAsync(ct);
        var link = $"{options.Value.BaseUrl.TrimEnd('/')}/{path.TrimStart('/')}";
        var now = clock.GetUtcNow();
        var students = await MailReaders.StudentsOnlyAsync(db, users, ct);
        foreach (var u in users.Where(u => !string.IsNullOrWhiteSpace(u.Email)))
        {
            var all = args.Prepend(u.DisplayName).Append(link).ToArray();
            var student = students.Contains(u.Id);
            db.Outbox.Add(new OutboxMessage
            {
                UniversityId = u.UniversityId, ToAddress = u.Email!, ToName = u.DisplayName, Culture = Texts.Normalise(u.PreferredCulture),
                Subject = MailReaders.For(student, Texts.Get(u.PreferredCulture, subjectKey, all)),
                Body = MailReaders.For(student, Texts.Get(u.PreferredCulture, bodyKey, all)),
                Status = OutboxStatus.Pending, CreatedAt = now, NextAttemptAt = now,
            });
        }
    }
}
