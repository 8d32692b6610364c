using ReformFlow.Domain.Associations;
using ReformFlow.Domain.Common;

namespace ReformFlow.Tests.Instructors;

/// <summary>The evaluation's own rules, on the domain object alone.</summary>
public sealed class InstructorEvaluationRuleTests
{
    private static readonly DateTimeOffset Now = new(2027, 5, 15, 2, 0, 0, TimeSpan.Zero);

    private static InstructorEvaluation Evaluation() =>
        new(Guid.NewGuid(), new InstructorAppointment(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Now.AddMonths(-6)), 2026, Now, Now.AddDays(14));

    [Fact]
    public void AS_2_3_one_rating_per_member_and_rating_again_replaces_it()
    {
        var e = Evaluation();
        var student = Guid.NewGuid();
        e.Rate(student, EvaluationResult.Excellent, null, Now);
        e.Rate(student, EvaluationResult.Failed, "  很少到场  ", Now.AddDays(1));
        var rating = Assert.Single(e.Ratings);
        Assert.Equal(EvaluationResult.Failed, rating.Rating);
        Assert.Equal("很少到场", rating.Comment);
    }

    [Fact]
    public void AS_2_3_no_rating_outside_the_window()
    {
        var e = Evaluation();
        var ex = Assert.Throws<DomainException>(() => e.Rate(Guid.NewGuid(), EvaluationResult.Competent, null, Now.AddDays(14)));
        Assert.Equal(("AS-2.3", "evaluation.window-closed"), (ex.Reasons[0].MeasureId, ex.Reasons[0].Key));
        var closed = Evaluation();
        closed.CloseRating(Now.AddDays(1));
        Assert.Throws<DomainException>(() => closed.Rate(Guid.NewGuid(), EvaluationResult.Competent, null, Now.AddDays(2)));
        Assert.Throws<DomainException>(() => Evaluation().Rate(Guid.NewGuid(), (EvaluationResult)7, null, Now));
    }

    [Fact]
    public void AS_2_4_failed_needs_reasons_and_a_result_is_decided_once()
    {
        var e = Evaluation();
        var ex = Assert.Throws<DomainException>(() => e.Decide(EvaluationResult.Failed, "  ", Now));
        Assert.Equal(("AS-2.4", "evaluation.failed-reason-required"), (ex.Reasons[0].MeasureId, ex.Reasons[0].Key));
        Assert.Null(e.Result);
        e.Decide(EvaluationResult.Competent, null, Now);
        Assert.Throws<DomainException>(() => e.Decide(EvaluationResult.Failed, "后来发现问题", Now));
        Assert.Equal(EvaluationResult.Competent, e.Result);
    }

    [Fact]
    public void AS_2_4_failed_instructor_appointments_end_once_with_the_reason()
    {
        var appointment = new InstructorAppointment(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Now.AddMonths(-6));
        Assert.True(appointment.IsRunning(Now));
        appointment.End("考核不合格", Now);
        appointment.End("again", Now.AddDays(1));
        Assert.False(appointment.IsRunning(Now));
        Assert.Equal((Now, "考核不合格"), (appointment.EndedAt!.Value, appointment.EndReason));
        Assert.Throws<DomainException>(() => new InstructorAppointment(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Now).End(" ", Now));
    }
}
