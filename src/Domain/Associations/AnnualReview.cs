using ReformFlow.Domain.Common;

namespace ReformFlow.Domain.Associations;

/// <summary>One academic year's annual review of a university's associations (AS-1.5).</summary>
public sealed class ReviewCycle
{
    private ReviewCycle() { }

    public ReviewCycle(Guid universityId, int academicYear, DateTimeOffset openedAt, DateTimeOffset deadline)
    {
        if (deadline <= openedAt) throw new DomainException("review.deadline-before-opening");
        // A cycle reviews the year just begun or just ended: opened in June 2027 it is 2026–2027, in
        // September 2027 it is 2027–2028; a year further off (or -1, 0, 12) is a typing error that would
        // send every association a report to write.
        if (academicYear < openedAt.Year - 1 || academicYear > openedAt.Year + 1)
            throw DomainException.ForMeasure("AS-1.5", "review.academic-year-range", openedAt.Year - 1, openedAt.Year + 1);
        Id = Guid.NewGuid();
        UniversityId = universityId;
        AcademicYear = academicYear;
        OpenedAt = openedAt;
        Deadline = deadline;
    }

    public Guid Id { get; private set; }
    public Guid UniversityId { get; private set; }
    /// <summary>The year the academic year starts in: 2026 is 2026–2027.</summary>
    public int AcademicYear { get; private set; }
    public DateTimeOffset OpenedAt { get; private set; }
    public DateTimeOffset Deadline { get; private set; }
}

public enum ReviewResult { Pass, PassWithRectification, Fail }

/// <summary>What an association reports for the year, and what its instructor, guidance unit and the committee said.</summary>
public sealed class AnnualReport
{
    public const int MaxTextLength = TextLimits.ReportPart;

    private AnnualReport() { Activities = Finances = RosterSnapshot = Leaders = Instructors = ""; }

    public AnnualReport(Guid universityId, Guid cycleId, Guid associationId, DateTimeOffset dueAt)
    {
        Id = Guid.NewGuid();
        UniversityId = universityId;
        CycleId = cycleId;
        AssociationId = associationId;
        DueAt = dueAt;
        Activities = Finances = RosterSnapshot = Leaders = Instructors = "";
    }

    public Guid Id { get; private set; }
    public Guid UniversityId { get; private set; }
    public Guid CycleId { get; private set; }
    public Guid AssociationId { get; private set; }
    public DateTimeOffset DueAt { get; private set; }
    public int MemberCount { get; private set; }
    /// <summary>The roster at submission, one "student number name" a line: the report must not change when members come and go.</summary>
    public string RosterSnapshot { get; private set; }
    public string Leaders { get; private set; }
    public string Instructors { get; private set; }
    public string Activities { get; private set; }
    public string Finances { get; private set; }
    public string? Violations { get; private set; }
    public DateTimeOffset? SubmittedAt { get; private set; }
    public DateTimeOffset? InstructorConfirmedAt { get; private set; }
    public string? GuidanceOpinion { get; private set; }
    public ReviewResult? Result { get; private set; }
    public string? DecisionReason { get; private set; }
    public DateTimeOffset? RectificationDeadline { get; private set; }

    public void Submit(int memberCount, string roster, string leaders, string instructors, string activities, string finances, string? violations, DateTimeOffset now)
    {
        var problems = new List<Reason>();
        if (string.IsNullOrWhiteSpace(activities)) problems.Add(new Reason("AS-1.5", "review.activities-required"));
        if (string.IsNullOrWhiteSpace(finances)) problems.Add(new Reason("AS-1.5", "review.finances-required"));
        if ((activities?.Length ?? 0) > MaxTextLength || (finances?.Length ?? 0) > MaxTextLength || (violations?.Length ?? 0) > MaxTextLength)
            problems.Add(new Reason(null, "review.text-too-long", MaxTextLength));
        if (problems.Count > 0) throw new DomainException(problems);
        MemberCount = memberCount;
        RosterSnapshot = roster;
        Leaders = leaders;
        Instructors = instructors;
        Activities = activities!.Trim();
        Finances = finances!.Trim();
        Violations = string.IsNullOrWhiteSpace(violations) ? null : violations.Trim();
        SubmittedAt = now;
        InstructorConfirmedAt = null;
        GuidanceOpinion = null;
    }

    public void ConfirmByInstructor(DateTimeOffset now) => InstructorConfirmedAt = now;

    public void RecordGuidanceOpinion(string? opinion)
    {
        if (string.IsNullOrWhiteSpace(opinion)) throw new DomainException("workflow.comment-required");
        TextLimits.Check(opinion, TextLimits.Comment, TextField.Comment);
        GuidanceOpinion = opinion.Trim();
    }

    public void Decide(ReviewResult result, string? reason, DateTimeOffset? rectificationDeadline, DateTimeOffset now)
    {
        if (result != ReviewResult.Pass && string.IsNullOrWhiteSpace(reason)) throw new DomainException("workflow.comment-required");
        TextLimits.Check(reason, TextLimits.Comment, TextField.Comment);
        if (result == ReviewResult.PassWithRectification && (rectificationDeadline is null || rectificationDeadline <= now))
            throw DomainException.ForMeasure("AS-1.5", "review.rectification-deadline-required");
        Result = result;
        DecisionReason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        RectificationDeadline = result == ReviewResult.PassWithRectification ? rectificationDeadline : null;
    }

    public void ExtendDeadline(DateTimeOffset newDue, DateTimeOffset now)
    {
        if (newDue <= now) throw DomainException.ForMeasure("AS-1.5", "review.new-deadline-in-past");
        DueAt = newDue;
    }
}
