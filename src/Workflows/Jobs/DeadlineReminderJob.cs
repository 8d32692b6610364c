using Hangfire;
using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Access;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Email;

namespace ReformFlow.Workflows.Jobs;

/// <summary>
/// Reminds whoever holds an open task before its due date (14, 7 and 1 days), tells them when it is
/// overdue, and escalates it to the student work department a few days later. What is due is read
/// from the inbox, and what was sent from <see cref="SentReminder"/>: running twice sends nothing
/// twice, and a run after downtime sends only the latest step that applies, not every missed one.
/// </summary>
public sealed class DeadlineReminderJob(ReformFlowDb db, Notifier notifier, TimeProvider clock, IOutboxKicker kicker)
{
    public const string RecurringId = "deadline-reminders";
    public static readonly int[] DaysBefore = [14, 7, 1];
    public static readonly TimeSpan EscalateAfter = TimeSpan.FromDays(3);

    /// <summary>Who hears of an item overdue by <see cref="EscalateAfter"/>: the department that leads association management (AS-1.8).</summary>
    public const Role EscalationRole = Role.StudentWorkDepartment;

    [AutomaticRetry(Attempts = 3)]
    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    public async Task<int> RunAsync()
    {
        var now = clock.GetUtcNow();
        var horizon = now + TimeSpan.FromDays(DaysBefore.Max());
        var tasks = await (from t in db.InboxTasks.AsNoTracking()
                           join i in db.WorkflowInstances.AsNoTracking() on t.InstanceId equals i.Id
                           where t.CompletedAt == null && t.DueAt != null && t.DueAt <= horizon
                           select new { Task = t, i.Title }).ToListAsync();
        var queued = 0;
        foreach (var x in tasks)
            queued += await RemindAsync(x.Task, x.Title, now);
        if (queued > 0) kicker.Kick();
        return queued;
    }

    private async Task<int> RemindAsync(Runtime.InboxTask t, string title, DateTimeOffset now)
    {
        var due = t.DueAt!.Value;
        var steps = new List<(string Key, string Subject, string Body, bool Escalate)>();
        // Only steps that began after the task existed: a task due in 7 days gets no "14 days left" mail.
        foreach (var days in DaysBefore.Where(d => t.CreatedAt < due - TimeSpan.FromDays(d) && now >= due - TimeSpan.FromDays(d)))
            steps.Add(($"task:{t.Id}:before-{days}", "email.reminder.subject", "email.reminder.body", false));
        if (now >= due) steps.Add(($"task:{t.Id}:overdue", "email.overdue.subject", "email.overdue.body", false));
        if (now >= due + EscalateAfter) steps.Add(($"task:{t.Id}:escalated", "email.escalated.subject", "email.escalated.body", true));
        if (steps.Count == 0) return 0;

        var keys = steps.Select(s => s.Key).ToList();
        var done = await db.SentReminders.Where(r => keys.Contains(r.Key)).Select(r => r.Key).ToListAsync();
        var pending = steps.Where(s => !done.Contains(s.Key)).ToList();
        if (pending.Count == 0) return 0;

        await using var tx = await db.BeginWriteAsync();
        // Re-read inside the write lock: another run may have sent these between our read and now.
        var lastKey = pending[^1].Key;
        if (await db.SentReminders.AnyAsync(r => r.Key == lastKey)) return 0;
        var latestReminder = pending.LastOrDefault(s => !s.Escalate);
        var queued = 0;
        if (latestReminder.Key is not null)
            queued += await notifier.QueueReminderAsync(t.AssigneeUserId, t.AssigneeRole, t.AssigneeOrgUnitId, t.UniversityId, t.TitleKey,
                title, t.InstanceId, due, latestReminder.Subject, latestReminder.Body, CancellationToken.None);
        if (pending.Any(s => s.Escalate))
            queued += await notifier.QueueReminderAsync(null, EscalationRole, null, t.UniversityId, t.TitleKey,
                title, t.InstanceId, due, "email.escalated.subject", "email.escalated.body", CancellationToken.None);
        // Earlier steps missed during downtime are recorded as done without a mail of their own.
        foreach (var s in pending) db.SentReminders.Add(new SentReminder { Key = s.Key, SentAt = now });
        await db.SaveChangesAsync();
        await tx.CommitAsync();
        return queued;
    }
}
