using ReformFlow.Domain.Common;

namespace ReformFlow.Domain.Associations;

/// <summary>Banned (取缔) and Cancelled (注销) are final: the association keeps its history and takes no further part (AS-1.7, AS-1.10).</summary>
public enum AssociationStatus { Active, Suspended, Cancelled, Banned }

/// <summary>A registered student association.</summary>
public sealed class Association
{
    private Association() { RegistrationNumber = Name = ""; }

    public Association(Guid universityId, string registrationNumber, AssociationApplication application, DateTimeOffset now)
    {
        Id = Guid.NewGuid();
        UniversityId = universityId;
        RegistrationNumber = registrationNumber;
        Name = application.Name;
        Category = application.Category;
        GuidanceUnitId = application.GuidanceUnitId ?? throw new DomainException("application.guidance-unit-required");
        ApplicationId = application.Id;
        RegisteredAt = now;
        Status = AssociationStatus.Active;
    }

    public Guid Id { get; private set; }
    public Guid UniversityId { get; private set; }
    public string RegistrationNumber { get; private set; }
    public string Name { get; private set; }
    public AssociationCategory Category { get; private set; }
    public Guid GuidanceUnitId { get; private set; }
    public Guid ApplicationId { get; private set; }
    public DateTimeOffset RegisteredAt { get; private set; }
    public AssociationStatus Status { get; private set; }
    /// <summary>Why it was suspended or cancelled, and when: the recorded decision (AS-1.10).</summary>
    public string? StatusReason { get; private set; }
    public DateTimeOffset? StatusChangedAt { get; private set; }

    public bool IsEnded => Status is AssociationStatus.Cancelled or AssociationStatus.Banned;

    /// <summary>AS-1.10: only an active association can be suspended.</summary>
    public void Suspend(string reason, DateTimeOffset now)
    {
        EnsureNotEnded();
        if (Status != AssociationStatus.Active) throw DomainException.ForMeasure("AS-1.10", "association.already-suspended", Name);
        ChangeStatus(AssociationStatus.Suspended, reason, now);
    }

    /// <summary>AS-1.10: cancels (注销) an active or suspended association; final.</summary>
    public void Cancel(string reason, DateTimeOffset now)
    {
        EnsureNotEnded();
        ChangeStatus(AssociationStatus.Cancelled, reason, now);
    }

    /// <summary>AS-1.10: bans (取缔) an active or suspended association; final.</summary>
    public void Ban(string reason, DateTimeOffset now)
    {
        EnsureNotEnded();
        ChangeStatus(AssociationStatus.Banned, reason, now);
    }

    /// <summary>AS-1.10: lifts a suspension; nothing else can be reinstated.</summary>
    public void Reinstate(string reason, DateTimeOffset now)
    {
        EnsureNotEnded();
        if (Status != AssociationStatus.Suspended) throw DomainException.ForMeasure("AS-1.10", "association.not-suspended", Name);
        ChangeStatus(AssociationStatus.Active, reason, now);
    }

    /// <summary>
    /// AS-1.10: the review committee's decision at any time, applied and returned as its history row.
    /// A review date is for a suspension only and must lie after <paramref name="today"/>.
    /// </summary>
    public AssociationSanction Sanction(SanctionAction action, string? reason, DateOnly? reviewOn, DateOnly today,
        string decidedByUserId, string decidedByName, DateTimeOffset now)
    {
        EnsureNotEnded();
        if (reviewOn is { } on)
        {
            if (action != SanctionAction.Suspend) throw DomainException.ForMeasure("AS-1.10", "sanction.review-date-suspend-only");
            if (on <= today) throw DomainException.ForMeasure("AS-1.10", "sanction.review-date-past");
        }
        var from = Status;
        switch (action)
        {
            case SanctionAction.Suspend: Suspend(reason ?? "", now); break;
            case SanctionAction.Reinstate: Reinstate(reason ?? "", now); break;
            case SanctionAction.Ban: Ban(reason ?? "", now); break;
            case SanctionAction.Cancel: Cancel(reason ?? "", now); break;
            default: throw new DomainException("sanction.unknown-action", action);
        }
        return new AssociationSanction(UniversityId, Id, action, from, Status, StatusReason!, reviewOn, decidedByUserId, decidedByName, now);
    }

    private void EnsureNotEnded()
    {
        if (Status == AssociationStatus.Cancelled) throw DomainException.ForMeasure("AS-1.10", "association.cancelled-is-final", Name);
        if (Status == AssociationStatus.Banned) throw DomainException.ForMeasure("AS-1.10", "association.banned-is-final", Name);
    }

    private void ChangeStatus(AssociationStatus status, string reason, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw new DomainException("workflow.comment-required");
        TextLimits.Check(reason, TextLimits.Reason, TextField.Reason);
        Status = status;
        StatusReason = reason.Trim();
        StatusChangedAt = now;
    }

    /// <summary>AS-1.7: only an active association may act.</summary>
    public void EnsureActive()
    {
        if (Status != AssociationStatus.Active)
            throw DomainException.ForMeasure("AS-1.7", "association.not-active", Name);
    }
}

public enum MemberRole { Founder, Member, Leader }

public sealed class Membership
{
    private Membership() { }

    public Membership(Guid universityId, Guid associationId, Guid studentId, MemberRole role, DateTimeOffset joinedAt)
    {
        Id = Guid.NewGuid();
        UniversityId = universityId;
        AssociationId = associationId;
        StudentId = studentId;
        Role = role;
        JoinedAt = joinedAt;
    }

    public Guid Id { get; private set; }
    public Guid UniversityId { get; private set; }
    public Guid AssociationId { get; private set; }
    public Guid StudentId { get; private set; }
    public MemberRole Role { get; private set; }
    public DateTimeOffset JoinedAt { get; private set; }
    public DateTimeOffset? LeftAt { get; private set; }
    public bool IsActive => LeftAt is null;

    /// <summary>Who removed the member, when the membership ended by removal rather than by leaving.</summary>
    public string? RemovedByUserId { get; private set; }
    public string? RemovalReason { get; private set; }

    public void Leave(DateTimeOffset now)
    {
        if (LeftAt is not null) throw new DomainException("membership.not-a-member");
        LeftAt = now;
    }

    /// <summary>
    /// The association's leaders take a member off the roster, with the reason the member is told. A leader is not removed
    /// this way: leaders are elected by the general meeting (AS-3.3), so only a new election (or the leader leaving) ends it.
    /// </summary>
    public void Remove(string byUserId, string? reason, DateTimeOffset now)
    {
        if (LeftAt is not null) throw new DomainException("membership.not-a-member");
        if (Role == MemberRole.Leader) throw DomainException.ForMeasure("AS-3.3", "membership.cannot-remove-leader");
        if (string.IsNullOrWhiteSpace(reason)) throw new DomainException("membership.removal-reason-required");
        TextLimits.Check(reason, TextLimits.Message, TextField.Reason);
        LeftAt = now;
        RemovedByUserId = byUserId;
        RemovalReason = reason.Trim();
    }
}

/// <summary>AS-2.1: the instructor bank kept by the student work department.</summary>
public sealed class InstructorBankEntry
{
    private InstructorBankEntry() { }

    public InstructorBankEntry(Guid universityId, Guid teacherId, DateTimeOffset addedAt)
    {
        Id = Guid.NewGuid();
        UniversityId = universityId;
        TeacherId = teacherId;
        AddedAt = addedAt;
    }

    public Guid Id { get; private set; }
    public Guid UniversityId { get; private set; }
    public Guid TeacherId { get; private set; }
    public DateTimeOffset AddedAt { get; private set; }
    public DateTimeOffset? RemovedAt { get; private set; }

    public void Remove(DateTimeOffset now) => RemovedAt ??= now;
}

/// <summary>AS-2.2: an instructor's appointment to one association, for a one-year term.</summary>
public sealed class InstructorAppointment
{
    public static readonly TimeSpan Term = TimeSpan.FromDays(365);

    private InstructorAppointment() { }

    public InstructorAppointment(Guid universityId, Guid associationId, Guid teacherId, DateTimeOffset startsAt)
    {
        Id = Guid.NewGuid();
        UniversityId = universityId;
        AssociationId = associationId;
        TeacherId = teacherId;
        StartsAt = startsAt;
        EndsAt = startsAt.AddYears(1);
    }

    public Guid Id { get; private set; }
    public Guid UniversityId { get; private set; }
    public Guid AssociationId { get; private set; }
    public Guid TeacherId { get; private set; }
    public DateTimeOffset StartsAt { get; private set; }
    public DateTimeOffset EndsAt { get; private set; }
    public DateTimeOffset? EndedAt { get; private set; }
    public string? EndReason { get; private set; }

    /// <summary>
    /// AS-2.2, AS-1.3: in office at <paramref name="now"/> — not ended early and within its term. Queries read it through
    /// <c>db.RunningAppointments(now)</c> (EF translates it); <see cref="IsRunning"/> is the same test on one loaded appointment.
    /// </summary>
    public static System.Linq.Expressions.Expression<Func<InstructorAppointment, bool>> RunningAt(DateTimeOffset now) => a => a.EndedAt == null && a.EndsAt > now;

    public bool IsRunning(DateTimeOffset now) => EndedAt is null && EndsAt > now;

    /// <summary>
    /// AS-2.2: the term restarts for one year — from the old end while the term still runs (no gap, no overlap),
    /// from now once it has run out. An appointment ended early (a dismissal, AS-2.4) cannot be renewed.
    /// </summary>
    public void Renew(DateTimeOffset now)
    {
        if (EndedAt is not null) throw DomainException.ForMeasure("AS-2.4", "rule.renewal-appointment-ended");
        EndsAt = (EndsAt > now ? EndsAt : now).AddYears(1);
    }

    /// <summary>AS-2.4: ends the appointment before its term, with the reason (a failed evaluation); ending twice keeps the first.</summary>
    public void End(string reason, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw new DomainException("workflow.comment-required");
        TextLimits.Check(reason, TextLimits.Reason, TextField.Reason);
        if (EndedAt is not null) return;
        EndedAt = now;
        EndReason = reason.Trim();
    }
}
