using ReformFlow.Domain.Common;

namespace ReformFlow.Domain.Associations;

public enum MembershipApplicationStatus { Pending, Accepted, Refused, Withdrawn }

/// <summary>A student's request to join a registered association, decided by its leaders (AS-3.1, AS-3.2).</summary>
public sealed class MembershipApplication
{
    private MembershipApplication() { }

    public MembershipApplication(Guid universityId, Guid associationId, Guid studentId, string? message, DateTimeOffset now)
    {
        Id = Guid.NewGuid();
        UniversityId = universityId;
        AssociationId = associationId;
        StudentId = studentId;
        TextLimits.Check(message, TextLimits.Message, TextField.Message);
        Message = string.IsNullOrWhiteSpace(message) ? null : message.Trim();
        Status = MembershipApplicationStatus.Pending;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid UniversityId { get; private set; }
    public Guid AssociationId { get; private set; }
    public Guid StudentId { get; private set; }
    public string? Message { get; private set; }
    public MembershipApplicationStatus Status { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }
    public string? DecidedByUserId { get; private set; }
    public string? Reason { get; private set; }

    public void Accept(string decidedByUserId, DateTimeOffset now) => Decide(MembershipApplicationStatus.Accepted, decidedByUserId, null, now);

    public void Refuse(string decidedByUserId, string? reason, DateTimeOffset now) => Decide(MembershipApplicationStatus.Refused, decidedByUserId, reason, now);

    public void Withdraw(DateTimeOffset now) => Decide(MembershipApplicationStatus.Withdrawn, null, null, now);

    private void Decide(MembershipApplicationStatus status, string? by, string? reason, DateTimeOffset now)
    {
        if (Status != MembershipApplicationStatus.Pending) throw new DomainException("membership.already-decided");
        TextLimits.Check(reason, TextLimits.Message, TextField.Reason);
        Status = status;
        DecidedByUserId = by;
        Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        DecidedAt = now;
    }
}
