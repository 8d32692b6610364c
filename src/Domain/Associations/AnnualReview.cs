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

    private readonly List<ReviewOpinion> _opinions = [];

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
    /// <summary>AS-1.5: what the chair's pass-with-rectification asks to be put right, one item a line.</summary>
    public string? RectificationItems { get; private set; }
    /// <summary>What the leaders report they rectified, and when.</summary>
    public string? RectificationReport { get; private set; }
    public DateTimeOffset? RectificationReportedAt { get; private set; }
    /// <summary>When the chair closed the rectification as done (a failed one cancels the association instead).</summary>
    public DateTimeOffset? RectifiedAt { get; private set; }
    /// <summary>AS-1.8: the committee members' opinions on this report, one per member, before the chair decides.</summary>
    public IReadOnlyList<ReviewOpinion> Opinions => _opinions;

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
        // A resubmitted report is a different report: opinions on the old one do not carry over.
        _opinions.Clear();
    }

    public void ConfirmByInstructor(DateTimeOffset now) => InstructorConfirmedAt = now;

    public void RecordGuidanceOpinion(string? opinion)
    {
        if (string.IsNullOrWhiteSpace(opinion)) throw new DomainException("workflow.comment-required");
        TextLimits.Check(opinion, TextLimits.Comment, TextField.Comment);
        GuidanceOpinion = opinion.Trim();
    }

    public void Decide(ReviewResult result, string? reason, DateTimeOffset? rectificationDeadline, DateTimeOffset now, string? rectificationItems = null)
    {
        if (result != ReviewResult.Pass && string.IsNullOrWhiteSpace(reason)) throw new DomainException("workflow.comment-required");
        TextLimits.Check(reason, TextLimits.Comment, TextField.Comment);
        if (result == ReviewResult.PassWithRectification)
        {
            var problems = new List<Reason>();
            if (rectificationDeadline is null || rectificationDeadline <= now) problems.Add(new Reason("AS-1.5", "review.rectification-deadline-required"));
            if (string.IsNullOrWhiteSpace(rectificationItems)) problems.Add(new Reason("AS-1.5", "rectification.items-required"));
            if (TextLimits.Find(rectificationItems, MaxTextLength, TextField.ReportPart) is { } tooLong) problems.Add(tooLong);
            if (problems.Count > 0) throw new DomainException(problems);
        }
        Result = result;
        DecisionReason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        RectificationDeadline = result == ReviewResult.PassWithRectification ? rectificationDeadline : null;
        RectificationItems = result == ReviewResult.PassWithRectification ? rectificationItems!.Trim() : null;
    }

    /// <summary>AS-1.8: a member's opinion; a member who speaks again replaces their earlier opinion.</summary>
    public void RecordOpinion(string memberUserId, string memberName, CommitteeVote vote, string? comment, DateTimeOffset now)
    {
        TextLimits.Check(comment, TextLimits.Comment, TextField.Comment);
        _opinions.RemoveAll(o => o.MemberUserId == memberUserId);
        _opinions.Add(new ReviewOpinion(Id, memberUserId, memberName, vote, string.IsNullOrWhiteSpace(comment) ? null : comment.Trim(), now));
    }

    /// <summary>AS-1.5: the leaders say what they put right. A late report is taken (the chair sees when it came).</summary>
    public void ReportRectification(string? report, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(report)) throw DomainException.ForMeasure("AS-1.5", "rectification.report-required");
        TextLimits.Check(report, MaxTextLength, TextField.ReportPart);
        RectificationReport = report.Trim();
        RectificationReportedAt = now;
    }

    public void CloseRectification(DateTimeOffset now) => RectifiedAt = now;

    /// <summary>AS-1.5: a rectification not done fails the review, with the chair's reasons, as a failed review does.</summary>
    public void FailRectification(string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw new DomainException("workflow.comment-required");
        Result = ReviewResult.Fail;
        DecisionReason = reason.Trim();
    }

    /// <summary>True once the rectification deadline has passed without a report.</summary>
    public bool RectificationOverdue(DateTimeOffset now) => RectificationDeadline is { } d && now > d && RectificationReportedAt is null;

    public void ExtendDeadline(DateTimeOffset newDue, DateTimeOffset now)
    {
        if (newDue <= now) throw DomainException.ForMeasure("AS-1.5", "review.new-deadline-in-past");
        DueAt = newDue;
    }
}

/// <summary>One committee member's opinion on an annual report (AS-1.8).</summary>
public sealed class ReviewOpinion
{
    private ReviewOpinion() { MemberUserId = MemberName = ""; }

    internal ReviewOpinion(Guid reportId, string memberUserId, string memberName, CommitteeVote vote, string? comment, DateTimeOffset at)
    {
        Id = Guid.NewGuid();
        ReportId = reportId;
        MemberUserId = memberUserId;
        MemberName = memberName;
        Vote = vote;
        Comment = comment;
        At = at;
    }

    public Guid Id { get; private set; }
    public Guid ReportId { get; private set; }
    public string MemberUserId { get; private set; }
    public string MemberName { get; private set; }
    public CommitteeVote Vote { get; private set; }
    public string? Comment { get; private set; }
    public DateTimeOffset At { get; private set; }
}
