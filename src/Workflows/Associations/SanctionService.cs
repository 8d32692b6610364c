using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReformFlow.Domain.Access;
using ReformFlow.Domain.Associations;
using ReformFlow.Domain.Common;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Email;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Workflows.Associations;

/// <summary>What the chair decides: the reason, and for a suspension optionally the date on which to review it.</summary>
public sealed record SanctionInput(string? Reason, DateOnly? ReviewOn = null);

public sealed record SanctionView(
    Guid Id, SanctionAction Action, AssociationStatus FromStatus, AssociationStatus ToStatus, string Reason, DateOnly? ReviewOn,
    string DecidedBy, DateTimeOffset DecidedAt);

/// <summary>
/// AS-1.10 at any time, not only through the annual review: the review committee's chair of the association's
/// university suspends, reinstates, bans (取缔) or cancels (注销) it. Each decision is a recorded row (who, when,
/// what, why) and is emailed, in the outbox of the same transaction, to the association's leaders, members and
/// running instructors. Only the chair decides: the committee's decision is the chair's (AS-1.8), and the student
/// work department, which proposes, does not decide (README, AS-1.10).
/// </summary>
public sealed class SanctionService(ReformFlowDb db, TimeProvider clock, IOptions<AppOptions> options, IOutboxKicker kicker)
{
    private readonly DirectMail _mail = new(db, clock, options);

    public static bool MayDecide(Actor actor, Guid universityId) => actor.HoldsInUniversity(Role.ReviewCommitteeChair, universityId);

    public async Task<SanctionView> DecideAsync(Actor actor, Guid associationId, SanctionAction action, SanctionInput input, CancellationToken ct)
    {
        if (!Enum.IsDefined(action)) throw new DomainException("sanction.unknown-action", action);
        await using var tx = await db.BeginWriteAsync(ct);
        var association = await db.Associations.SingleOrDefaultAsync(a => a.Id == associationId, ct);
        if (association is null || association.UniversityId != actor.UniversityId) throw new NotFoundException("association");
        if (!MayDecide(actor, association.UniversityId)) throw new ForbiddenActionException(new Reason("AS-1.10", "access.committee-chair-only"));

        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(options.Value.ToLocal(now).DateTime);
        var sanction = association.Sanction(action, input.Reason, input.ReviewOn, today, actor.UserId, actor.DisplayName, now);
        db.AssociationSanctions.Add(sanction);

        await _mail.QueueAsync(await ConcernedUserIdsAsync(association.Id, now, ct), $"email.sanction-{action.ToString().ToLowerInvariant()}.subject",
            $"email.sanction-{action.ToString().ToLowerInvariant()}.body",
            [association.Name, sanction.Reason, sanction.ReviewOn?.ToString("yyyy-MM-dd") ?? "—"], MembershipService.PagePath(association.Id), ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        kicker.Kick();
        return ToView(sanction);
    }

    /// <summary>The decisions on an association, newest first: for anyone of its university (the status and its reason are public on its page).</summary>
    public async Task<IReadOnlyList<SanctionView>?> HistoryAsync(Actor actor, Guid associationId, CancellationToken ct)
    {
        var universityId = await db.Associations.Where(a => a.Id == associationId).Select(a => (Guid?)a.UniversityId).SingleOrDefaultAsync(ct);
        if (universityId is null || universityId != actor.UniversityId) return null;
        var rows = await db.AssociationSanctions.AsNoTracking().Where(s => s.AssociationId == associationId).ToListAsync(ct);
        return rows.OrderByDescending(s => s.DecidedAt).Select(ToView).ToList();
    }

    private static SanctionView ToView(AssociationSanction s) =>
        new(s.Id, s.Action, s.FromStatus, s.ToStatus, s.Reason, s.ReviewOn, s.DecidedByName, s.DecidedAt);

    /// <summary>Everyone the decision concerns: the current leaders and members, and the running instructors.</summary>
    private async Task<List<string>> ConcernedUserIdsAsync(Guid associationId, DateTimeOffset now, CancellationToken ct)
    {
        var students = db.Memberships.Where(m => m.AssociationId == associationId && m.LeftAt == null).Select(m => m.StudentId);
        var teachers = db.RunningAppointments(now).Where(i => i.AssociationId == associationId).Select(i => i.TeacherId);
        return await db.Users.Where(u => (u.StudentId != null && students.Contains(u.StudentId.Value)) || (u.TeacherId != null && teachers.Contains(u.TeacherId.Value)))
            .Select(u => u.Id).Distinct().ToListAsync(ct);
    }
}
