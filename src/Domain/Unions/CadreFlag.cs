namespace ReformFlow.Domain.Unions;

/// <summary>
/// A sitting cadre who no longer meets SU-4.1/SU-4.2 after new academic data arrived. Open until the
/// league body ends the position, or the records qualify the student again; one open flag per position,
/// so re-checking the same data twice tells nobody twice.
/// </summary>
public sealed class CadreFlag
{
    private CadreFlag() { Measures = ""; }

    public CadreFlag(Guid universityId, Guid unionId, Guid positionId, Guid studentId, IEnumerable<string> measures, DateTimeOffset now)
    {
        Id = Guid.NewGuid();
        UniversityId = universityId;
        UnionId = unionId;
        PositionId = positionId;
        StudentId = studentId;
        Measures = string.Join(", ", measures.Distinct().Order());
        FlaggedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid UniversityId { get; private set; }
    public Guid UnionId { get; private set; }
    public Guid PositionId { get; private set; }
    public Guid StudentId { get; private set; }
    /// <summary>Which measures failed when flagged, e.g. "SU-4.2"; the page lists today's reasons in full.</summary>
    public string Measures { get; private set; }
    public DateTimeOffset FlaggedAt { get; private set; }
    public DateTimeOffset? ClearedAt { get; private set; }
    /// <summary>"position-ended" or "eligible-again".</summary>
    public string? Resolution { get; private set; }
    public bool IsOpen => ClearedAt is null;

    public void Clear(string resolution, DateTimeOffset now)
    {
        if (ClearedAt is not null) return;
        ClearedAt = now;
        Resolution = resolution;
    }
}
