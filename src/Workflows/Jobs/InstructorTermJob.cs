using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReformFlow.Domain.Access;
using ReformFlow.Domain.Associations;
using ReformFlow.Workflows.Associations;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Email;

namespace ReformFlow.Workflows.Jobs;

/// <summary>
/// AS-2.2: instructor appointments last one year. Thirty and seven days before a term ends the
/// instructor and the association's leaders are reminded to renew or replace; an active association
/// left with no instructor in office (AS-1.3) is flagged to its guidance unit and the student work
/// department. Idempotent through <see cref="SentReminder"/> like every reminder job.
/// </summary>
public sealed class InstructorTermJob(ReformFlowDb db, Notifier notifier, TimeProvider clock, IOutboxKicker kicker, IOptions<AppOptions> app)
{
    public const string RecurringId = "instructor-terms";
    public static readonly int[] DaysBefore = [30, 7];

    [AutomaticRetry(Attempts = 3)]
    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    public async Task<int> RunAsync()
    {
        var now = clock.GetUtcNow();
        var queued = await RemindTermEndsAsync(now) + await FlagAssociationsWithoutInstructorAsync(now);
        if (queued > 0) kicker.Kick();
        return queued;
    }

    private async Task<int> RemindTermEndsAsync(DateTimeOffset now)
    {
        var horizon = now + TimeSpan.FromDays(DaysBefore.Max());
        var ending = await (from a in db.RunningAppointments(now).AsNoTracking()
                            join s in db.Associations.AsNoTracking() on a.AssociationId equals s.Id
                            join t in db.Teachers.AsNoTracking() on a.TeacherId equals t.Id
                            where a.EndsAt <= horizon && s.Status == AssociationStatus.Active
                            select new { a, s.Name, Teacher = t.Name, t.StaffNumber }).ToListAsync();
        var queued = 0;
        foreach (var x in ending)
        {
            var step = DaysBefore.Where(d => now >= x.a.EndsAt - TimeSpan.FromDays(d)).Min();
            // The current step first (it decides whether to send); earlier steps missed while down are recorded with it.
            // A renewed appointment keeps its id and gets a new end: the end is in the key, so the next term is reminded too.
            var keys = DaysBefore.Where(d => d >= step).OrderBy(d => d).Select(d => $"appointment:{x.a.Id}:{x.a.EndsAt.UtcTicks}:term-{d}").ToList();
            // The link opens the leaders' renewal page (AS-2.2), the instructor's staff number filled in.
            object[] args = [x.Name, x.Teacher, Date(x.a.EndsAt), notifier.LinkTo($"/Associations/Renewals/{x.a.AssociationId}?staffNumber={Uri.EscapeDataString(x.StaffNumber)}")];
            queued += await OnceAsync(keys, now, async () =>
            {
                var n = 0;
                var teacherUser = await db.Users.Where(u => u.TeacherId == x.a.TeacherId).Select(u => u.Id).FirstOrDefaultAsync();
                if (teacherUser is not null)
                    n += await notifier.QueueNoticeAsync(teacherUser, null, null, x.a.UniversityId, "email.term-end.subject", "email.term-end.body", args, default);
                var leaders = await db.CurrentLeaders().Where(m => m.AssociationId == x.a.AssociationId)
                    .Join(db.Users, m => m.StudentId, u => u.StudentId, (m, u) => u.Id).ToListAsync();
                foreach (var leader in leaders)
                    n += await notifier.QueueNoticeAsync(leader, null, null, x.a.UniversityId, "email.term-end.subject", "email.term-end.body", args, default);
                return n;
            });
        }
        return queued;
    }

    private async Task<int> FlagAssociationsWithoutInstructorAsync(DateTimeOffset now)
    {
        var running = db.RunningAppointments(now);
        var orphans = await db.Associations.AsNoTracking()
            .Where(s => s.Status == AssociationStatus.Active
                && !running.Any(a => a.AssociationId == s.Id))
            .Select(s => new
            {
                s.Id, s.UniversityId, s.Name, s.GuidanceUnitId,
                LastEnd = db.InstructorAppointments.Where(a => a.AssociationId == s.Id).Max(a => (DateTimeOffset?)a.EndsAt),
            }).ToListAsync();
        var queued = 0;
        foreach (var s in orphans)
        {
            // One flag per gap: a new appointment that ends later starts a new gap with a new key.
            var key = $"association:{s.Id}:no-instructor:{s.LastEnd?.UtcTicks ?? 0}";
            object[] args = [s.Name, notifier.LinkTo($"/Associations/Details/{s.Id}")];
            queued += await OnceAsync([key], now, async () =>
                await notifier.QueueNoticeAsync(null, Role.GuidanceUnitReviewer, s.GuidanceUnitId, s.UniversityId, "email.no-instructor.subject", "email.no-instructor.body", args, default)
                + await notifier.QueueNoticeAsync(null, Role.StudentWorkDepartment, null, s.UniversityId, "email.no-instructor.subject", "email.no-instructor.body", args, default));
        }
        return queued;
    }

    /// <summary>Queues the mail and records every key in one transaction, unless the first key was recorded already.</summary>
    private async Task<int> OnceAsync(IReadOnlyList<string> keys, DateTimeOffset now, Func<Task<int>> queue)
    {
        await using var tx = await db.BeginWriteAsync();
        var first = keys[0];
        if (await db.SentReminders.AnyAsync(r => r.Key == first)) return 0;
        var n = await queue();
        var known = await db.SentReminders.Where(r => keys.Contains(r.Key)).Select(r => r.Key).ToListAsync();
        foreach (var k in keys.Except(known)) db.SentReminders.Add(new SentReminder { Key = k, SentAt = now });
        await db.SaveChangesAsync();
        await tx.CommitAsync();
        return n;
    }

    private string Date(DateTimeOffset d) => app.Value.ToLocal(d).ToString("yyyy-MM-dd");
}
