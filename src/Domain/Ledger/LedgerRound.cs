using ReformFlow.Domain.Common;

namespace ReformFlow.Domain.Ledger;

/// <summary>
/// A reporting round opened by the provincial reviewers ("2026 全省学生会和学生社团深化改革专项调研"): every university of
/// the province answers its ledger for the period <see cref="PeriodFrom"/> … <see cref="PeriodTo"/> before <see cref="Deadline"/>.
/// </summary>
public sealed class LedgerRound
{
    public const int TitleMax = 200;

    private LedgerRound() { Title = OpenedByUserId = ""; }

    public LedgerRound(Guid provinceId, string title, DateTimeOffset periodFrom, DateTimeOffset periodTo, DateTimeOffset deadline,
        string openedByUserId, DateTimeOffset now)
    {
        var reasons = new List<Reason>();
        title = (title ?? "").Trim();
        if (title.Length == 0) reasons.Add(new Reason(null, "ledger.round.title-required"));
        if (TextLimits.Find(title, TitleMax, TextField.Message) is { } tooLong) reasons.Add(tooLong);
        if (periodTo <= periodFrom) reasons.Add(new Reason(null, "ledger.round.period-order"));
        if (deadline <= now) reasons.Add(new Reason(null, "ledger.round.deadline-past"));
        if (reasons.Count > 0) throw new DomainException(reasons);
        Id = Guid.NewGuid();
        ProvinceId = provinceId;
        Title = title;
        PeriodFrom = periodFrom;
        PeriodTo = periodTo;
        Deadline = deadline;
        OpenedByUserId = openedByUserId;
        OpenedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid ProvinceId { get; private set; }
    public string Title { get; private set; }
    public DateTimeOffset PeriodFrom { get; private set; }
    public DateTimeOffset PeriodTo { get; private set; }
    public DateTimeOffset Deadline { get; private set; }
    public string OpenedByUserId { get; private set; }
    public DateTimeOffset OpenedAt { get; private set; }

    public bool IsPastDeadline(DateTimeOffset now) => now > Deadline;
}
