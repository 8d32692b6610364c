using ReformFlow.Domain.Common;

namespace ReformFlow.Domain.Unions;

/// <summary>
/// SU-3.4: the closed list of positions. There is no other title (no "secretary-general", no
/// "assistant to the chair"): the chair is a presidium member marked <see cref="CadrePosition.IsChair"/>.
/// </summary>
public enum PositionKind { PresidiumMember, DepartmentHead, DepartmentMember }

/// <summary>A student holding one position in one union, from <see cref="StartedAt"/> until ended.</summary>
public sealed class CadrePosition
{
    private CadrePosition() { }

    public CadrePosition(Guid universityId, Guid unionId, Guid studentId, PositionKind kind, Guid? departmentId,
        Guid? nominationId, string? justification, DateTimeOffset startedAt)
    {
        // SU-3.4: an undefined kind (e.g. a bare number from JSON) is no position of the closed list.
        if (!Enum.IsDefined(kind)) throw DomainException.ForMeasure("SU-3.4", "rule.su-position-not-in-list");
        if ((kind == PositionKind.PresidiumMember) == departmentId.HasValue) throw new DomainException("union.department-position-needs-department");
        Id = Guid.NewGuid();
        UniversityId = universityId;
        UnionId = unionId;
        StudentId = studentId;
        Kind = kind;
        DepartmentId = departmentId;
        NominationId = nominationId;
        Justification = string.IsNullOrWhiteSpace(justification) ? null : justification.Trim();
        StartedAt = startedAt;
    }

    public Guid Id { get; private set; }
    public Guid UniversityId { get; private set; }
    public Guid UnionId { get; private set; }
    public Guid StudentId { get; private set; }
    public PositionKind Kind { get; private set; }
    public Guid? DepartmentId { get; private set; }
    /// <summary>SU-2.1: one presidium member chairs, possibly by rotation.</summary>
    public bool IsChair { get; private set; }
    /// <summary>The selection that filled the seat; null for seats recorded before the system (demo, import).</summary>
    public Guid? NominationId { get; private set; }
    /// <summary>The written reason for filling it beyond a "generally" limit (SU-3.1 … SU-3.3).</summary>
    public string? Justification { get; private set; }
    public DateTimeOffset StartedAt { get; private set; }
    public DateTimeOffset? EndedAt { get; private set; }
    public string? EndReason { get; private set; }
    public bool IsActive => EndedAt is null;

    public void End(string reason, DateTimeOffset now)
    {
        if (EndedAt is not null) throw new DomainException("union.position-already-ended");
        if (string.IsNullOrWhiteSpace(reason)) throw new DomainException("union.end-reason-required");
        TextLimits.Check(reason, TextLimits.Reason, TextField.Reason);
        EndedAt = now;
        EndReason = reason.Trim();
        IsChair = false;
    }

    public void MakeChair()
    {
        if (Kind != PositionKind.PresidiumMember) throw DomainException.ForMeasure("SU-2.1", "rule.su-chair-from-presidium");
        if (EndedAt is not null) throw new DomainException("union.position-already-ended");
        IsChair = true;
    }

    public void StepDownAsChair() => IsChair = false;
}
