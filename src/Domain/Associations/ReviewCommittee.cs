using ReformFlow.Domain.Common;

namespace ReformFlow.Domain.Associations;

/// <summary>A seat's place on the association review committee (AS-1.8): the chair presides and decides, members give opinions.</summary>
public enum CommitteeSeatRole { Chair, Member }

/// <summary>
/// Whom a seat stands for (AS-1.8): the committee is headed by the party-committee leader in charge of student work; its
/// members come from the student work department, the relevant departments and experts.
/// </summary>
public enum CommitteeConstituency { PartyLeader, StudentWorkDepartment, RelevantDepartment, Expert }

/// <summary>
/// One person's seat on a university's association review committee, from a date until it ends. Seats are never deleted:
/// an ended seat stays as the record of who sat on the committee when.
/// </summary>
public sealed class CommitteeSeat
{
    private CommitteeSeat() { UserId = Name = ""; }

    public CommitteeSeat(Guid universityId, string userId, string name, CommitteeSeatRole role, CommitteeConstituency constituency,
        Guid? departmentId, DateOnly since)
    {
        // AS-1.8: the committee is headed by the party-committee leader in charge of student work, and by no one else.
        if (role == CommitteeSeatRole.Chair && constituency != CommitteeConstituency.PartyLeader)
            throw DomainException.ForMeasure("AS-1.8", "committee.chair-not-party-leader", name);
        // A relevant department is named, so the page can say which departments sit on the committee.
        if (constituency == CommitteeConstituency.RelevantDepartment && departmentId is null)
            throw DomainException.ForMeasure("AS-1.8", "committee.department-required");
        Id = Guid.NewGuid();
        UniversityId = universityId;
        UserId = userId;
        Name = name;
        Role = role;
        Constituency = constituency;
        DepartmentId = constituency == CommitteeConstituency.RelevantDepartment ? departmentId : null;
        Since = since;
    }

    public Guid Id { get; private set; }
    public Guid UniversityId { get; private set; }
    public string UserId { get; private set; }
    /// <summary>The person's name when seated, so the record reads the same after the account is renamed.</summary>
    public string Name { get; private set; }
    public CommitteeSeatRole Role { get; private set; }
    public CommitteeConstituency Constituency { get; private set; }
    /// <summary>For <see cref="CommitteeConstituency.RelevantDepartment"/>: which department (an organisation unit).</summary>
    public Guid? DepartmentId { get; private set; }
    public DateOnly Since { get; private set; }
    public DateOnly? EndedOn { get; private set; }
    public bool IsCurrent => EndedOn is null;

    public void End(DateOnly on)
    {
        if (EndedOn is not null) throw new DomainException("committee.seat-already-ended");
        if (on < Since) throw new DomainException("committee.end-before-start");
        EndedOn = on;
    }
}

/// <summary>AS-1.8 computed: what a committee's current seats lack.</summary>
public static class CommitteeComposition
{
    /// <summary>Every constituency (and the chair) the current seats leave out, as reasons to show; empty when complete.</summary>
    public static IReadOnlyList<Reason> Missing(IEnumerable<CommitteeSeat> seats)
    {
        var current = seats.Where(s => s.IsCurrent).ToList();
        var missing = new List<Reason>();
        if (!current.Any(s => s.Role == CommitteeSeatRole.Chair))
            missing.Add(new Reason("AS-1.8", "committee.missing-chair"));
        foreach (var c in new[] { CommitteeConstituency.StudentWorkDepartment, CommitteeConstituency.RelevantDepartment, CommitteeConstituency.Expert })
            if (!current.Any(s => s.Constituency == c))
                missing.Add(new Reason("AS-1.8", "committee.missing-constituency", c));
        return missing;
    }
}
