using ReformFlow.Domain.Common;

namespace ReformFlow.Domain.Unions;

/// <summary>The three selection chains of the reform (SU-5.2, SU-5.3, SU-5.4).</summary>
public enum SelectionChain
{
    /// <summary>SU-5.2: college league recommends → college party consents → student work department and school league committee review jointly → school party committee determines; then the congress elects (SU-5.1).</summary>
    SchoolPresidium,
    /// <summary>SU-5.3: college league recommends → student work department and school league committee determine after review.</summary>
    SchoolDepartment,
    /// <summary>SU-5.4: class league branch recommends → college league approves → college party determines.</summary>
    CollegeUnion,
}

public enum NominationOutcome { Pending, Candidate, Appointed, Rejected, Withdrawn }

/// <summary>
/// One student put forward for one position of one union. The workflow instance carries the chain's
/// state; this row carries what the people in the chain wrote and decided.
/// </summary>
public sealed class Nomination
{
    private Nomination() { Statement = ""; RecommendedByUserId = ""; }

    public Nomination(Guid universityId, StudentUnion union, SelectionChain chain, Guid studentId, Guid nomineeCollegeId, Guid nomineeClassGroupId,
        PositionKind kind, Guid? departmentId, string statement, string? justification, string recommendedByUserId, DateTimeOffset now)
    {
        if (union.UniversityId != universityId) throw new DomainException("access.other-university");
        EnsureFits(union, chain, kind, departmentId, nomineeCollegeId);
        Id = Guid.NewGuid();
        UniversityId = universityId;
        UnionId = union.Id;
        Chain = chain;
        StudentId = studentId;
        NomineeCollegeId = nomineeCollegeId;
        NomineeClassGroupId = nomineeClassGroupId;
        RecommendedByUserId = recommendedByUserId;
        CreatedAt = now;
        Statement = "";
        Revise(union, kind, departmentId, statement, justification);
    }

    public Guid Id { get; private set; }
    public Guid UniversityId { get; private set; }
    public Guid UnionId { get; private set; }
    public SelectionChain Chain { get; private set; }
    public Guid StudentId { get; private set; }
    /// <summary>Scope of the chain's college and class bodies: the nominee's college and class when nominated.</summary>
    public Guid NomineeCollegeId { get; private set; }
    public Guid NomineeClassGroupId { get; private set; }
    public PositionKind Kind { get; private set; }
    public Guid? DepartmentId { get; private set; }
    /// <summary>Why the recommending body puts the student forward (推荐理由).</summary>
    public string Statement { get; private set; }
    /// <summary>Written reason for filling a seat beyond a "generally" limit; any person in the chain may give it.</summary>
    public string? Justification { get; private set; }
    public string RecommendedByUserId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? RecommendedAt { get; private set; }
    public DateTimeOffset? StudentWorkAgreedAt { get; private set; }
    public DateTimeOffset? LeagueCommitteeAgreedAt { get; private set; }
    public string? LastReturnComment { get; private set; }
    public NominationOutcome Outcome { get; private set; }
    public string? OutcomeReason { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }
    public Guid? PositionId { get; private set; }

    public bool JointlyAgreed => StudentWorkAgreedAt is not null && LeagueCommitteeAgreedAt is not null;

    public void Revise(StudentUnion union, PositionKind kind, Guid? departmentId, string statement, string? justification)
    {
        EnsureFits(union, Chain, kind, departmentId, NomineeCollegeId);
        if (string.IsNullOrWhiteSpace(statement)) throw new DomainException("nomination.statement-required");
        if (statement.Trim().Length > TextLimits.Statement) throw new DomainException("nomination.statement-too-long", TextLimits.Statement);
        Kind = kind;
        DepartmentId = departmentId;
        Statement = statement.Trim();
        GiveJustification(justification);
    }

    public void GiveJustification(string? justification)
    {
        if (justification?.Trim().Length > TextLimits.Justification) throw new DomainException("nomination.justification-too-long", TextLimits.Justification);
        if (!string.IsNullOrWhiteSpace(justification)) Justification = justification.Trim();
    }

    public void MarkRecommended(DateTimeOffset now) { RecommendedAt = now; LastReturnComment = null; }

    public void AgreeAsStudentWork(DateTimeOffset now) => StudentWorkAgreedAt ??= now;
    public void AgreeAsLeagueCommittee(DateTimeOffset now) => LeagueCommitteeAgreedAt ??= now;

    /// <summary>Sent back to the recommending body: the joint review starts again from nothing.</summary>
    public void MarkReturned(string comment)
    {
        LastReturnComment = RequireText(comment);
        StudentWorkAgreedAt = LeagueCommitteeAgreedAt = null;
    }

    public void MarkRejected(string reason, DateTimeOffset now) => Close(NominationOutcome.Rejected, RequireText(reason), now);
    public void MarkWithdrawn(string? reason, DateTimeOffset now) => Close(NominationOutcome.Withdrawn, TextLimits.Check(reason, TextLimits.Comment, TextField.Comment), now);
    /// <summary>SU-5.2: a determined presidium candidate goes on the ballot of the next congress (SU-5.1).</summary>
    public void MarkCandidate(DateTimeOffset now) => Close(NominationOutcome.Candidate, null, now);

    public void MarkAppointed(Guid positionId, DateTimeOffset now)
    {
        Close(NominationOutcome.Appointed, null, now);
        PositionId = positionId;
    }

    private void Close(NominationOutcome outcome, string? reason, DateTimeOffset now)
    {
        if (Outcome != NominationOutcome.Pending) throw new DomainException("nomination.already-decided");
        Outcome = outcome;
        OutcomeReason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        DecidedAt = now;
    }

    private static string RequireText(string? text) =>
        string.IsNullOrWhiteSpace(text) ? throw new DomainException("workflow.comment-required") : TextLimits.Check(text, TextLimits.Comment, TextField.Comment)!.Trim();

    /// <summary>Which positions each chain selects for (SU-5.2: the school presidium; SU-5.3: school departments; SU-5.4: any college seat).</summary>
    public static IReadOnlyList<PositionKind> KindsFor(SelectionChain chain) => chain switch
    {
        SelectionChain.SchoolPresidium => [PositionKind.PresidiumMember],
        SelectionChain.SchoolDepartment => [PositionKind.DepartmentHead, PositionKind.DepartmentMember],
        _ => Enum.GetValues<PositionKind>(),
    };

    /// <summary>Which positions of which union each chain selects for.</summary>
    private static void EnsureFits(StudentUnion union, SelectionChain chain, PositionKind kind, Guid? departmentId, Guid nomineeCollegeId)
    {
        // SU-3.4: only the three positions of the closed list, through one of the three chains. The JSON API
        // also accepts enum numbers, so an undefined value must be refused here, not stored.
        if (!Enum.IsDefined(chain) || !Enum.IsDefined(kind))
            throw DomainException.ForMeasure("SU-3.4", "rule.su-position-not-in-list");
        // School-level chains for school-level (and graduate) unions, the college chain for college unions.
        if ((chain == SelectionChain.CollegeUnion) == union.IsSchoolLevel || !KindsFor(chain).Contains(kind)) throw new DomainException("nomination.chain-does-not-fit", chain.ToString(), kind.ToString());
        if (chain == SelectionChain.CollegeUnion && union.CollegeId != nomineeCollegeId)
            throw new DomainException("nomination.other-college-union");
        if ((kind == PositionKind.PresidiumMember) == departmentId.HasValue)
            throw new DomainException("union.department-position-needs-department");
    }
}
