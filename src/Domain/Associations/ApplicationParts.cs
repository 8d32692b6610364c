using ReformFlow.Domain.Common;

namespace ReformFlow.Domain.Associations;

public enum SponsorStatus { Invited, Confirmed, Declined }

public sealed class Sponsor
{
    private Sponsor() { }

    internal Sponsor(Guid applicationId, Guid studentId, SponsorStatus status, DateTimeOffset? respondedAt)
    {
        Id = Guid.NewGuid();
        ApplicationId = applicationId;
        StudentId = studentId;
        Status = status;
        RespondedAt = respondedAt;
    }

    public Guid Id { get; private set; }
    public Guid ApplicationId { get; private set; }
    public Guid StudentId { get; private set; }
    public SponsorStatus Status { get; private set; }
    public DateTimeOffset? RespondedAt { get; private set; }

    internal void Respond(bool confirm, DateTimeOffset now)
    {
        Status = confirm ? SponsorStatus.Confirmed : SponsorStatus.Declined;
        RespondedAt = now;
    }

    internal void Reinvite()
    {
        Status = SponsorStatus.Invited;
        RespondedAt = null;
    }
}

public enum InstructorResponse { Pending, Accepted, Declined }

public sealed class ProposedInstructor
{
    private ProposedInstructor() { }

    internal ProposedInstructor(Guid applicationId, Guid teacherId)
    {
        Id = Guid.NewGuid();
        ApplicationId = applicationId;
        TeacherId = teacherId;
    }

    public Guid Id { get; private set; }
    public Guid ApplicationId { get; private set; }
    public Guid TeacherId { get; private set; }
    public InstructorResponse Response { get; private set; }
    public string? Comment { get; private set; }
    public DateTimeOffset? RespondedAt { get; private set; }

    internal void Respond(bool accept, string? comment, DateTimeOffset now)
    {
        if (Response != InstructorResponse.Pending) throw new DomainException("application.instructor-already-responded");
        Response = accept ? InstructorResponse.Accepted : InstructorResponse.Declined;
        Comment = comment;
        RespondedAt = now;
    }

    internal void Reset()
    {
        Response = InstructorResponse.Pending;
        Comment = null;
        RespondedAt = null;
    }
}

public enum CommitteeVote { Support, Oppose, Abstain }

public sealed class CommitteeOpinion
{
    private CommitteeOpinion() { MemberUserId = MemberName = ""; }

    internal CommitteeOpinion(Guid applicationId, string memberUserId, string memberName, CommitteeVote vote, string? comment, DateTimeOffset at)
    {
        Id = Guid.NewGuid();
        ApplicationId = applicationId;
        MemberUserId = memberUserId;
        MemberName = memberName;
        Vote = vote;
        Comment = comment;
        At = at;
    }

    public Guid Id { get; private set; }
    public Guid ApplicationId { get; private set; }
    public string MemberUserId { get; private set; }
    public string MemberName { get; private set; }
    public CommitteeVote Vote { get; private set; }
    public string? Comment { get; private set; }
    public DateTimeOffset At { get; private set; }
}
