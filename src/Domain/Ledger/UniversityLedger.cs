namespace ReformFlow.Domain.Ledger;

/// <summary>
/// One university's ledger in one round: the rows it declares (<see cref="LedgerEntry"/>), its self-examination report
/// as being written, and the version being prepared. Its sign-off chain is a workflow instance whose subject is this
/// ledger; each submission freezes a <see cref="LedgerVersion"/>, and a reopened ledger prepares version + 1.
/// </summary>
public sealed class UniversityLedger
{
    private readonly List<LedgerEntry> _entries = [];

    private UniversityLedger() { ReportBasic = ReportRules = ReportExperience = ReportProblems = ReportPlans = ReportSuggestions = ""; }

    public UniversityLedger(Guid roundId, Guid universityId) : this()
    {
        Id = Guid.NewGuid();
        RoundId = roundId;
        UniversityId = universityId;
        Version = 1;
    }

    public Guid Id { get; private set; }
    public Guid RoundId { get; private set; }
    public Guid UniversityId { get; private set; }
    /// <summary>The version being prepared (1 until the first submission is reopened).</summary>
    public int Version { get; private set; }
    /// <summary>When the latest version was submitted; null while the current version is being prepared.</summary>
    public DateTimeOffset? SubmittedAt { get; private set; }

    public string ReportBasic { get; private set; }
    public string ReportRules { get; private set; }
    public string ReportExperience { get; private set; }
    public string ReportProblems { get; private set; }
    public string ReportPlans { get; private set; }
    public string ReportSuggestions { get; private set; }

    public IReadOnlyList<LedgerEntry> Entries => _entries;

    public SelfReport Report => new(ReportBasic, ReportRules, ReportExperience, ReportProblems, ReportPlans, ReportSuggestions);

    /// <summary>Replaces the report's text; the length limit is <see cref="ReportLength"/>'s (at most 3,000 characters).</summary>
    public void WriteReport(SelfReport report)
    {
        ReportLength.Check(report);
        (ReportBasic, ReportRules, ReportExperience, ReportProblems, ReportPlans, ReportSuggestions) =
            (report.BasicSituation.Trim(), report.RulesIntroduced.Trim(), report.Experience.Trim(), report.Problems.Trim(),
             report.NextPlans.Trim(), report.Suggestions.Trim());
    }

    /// <summary>The entry of a measure, created on first use.</summary>
    public LedgerEntry EntryFor(string measureId)
    {
        Measures.Get(measureId);
        var entry = _entries.FirstOrDefault(e => e.MeasureId == measureId);
        if (entry is null) _entries.Add(entry = new LedgerEntry(Id, measureId));
        return entry;
    }

    public void MarkSubmitted(DateTimeOffset now) => SubmittedAt = now;

    /// <summary>A submitted ledger reopened (by the province, or by the university before the deadline) prepares the next version.</summary>
    public void Reopen()
    {
        Version++;
        SubmittedAt = null;
    }
}

/// <summary>
/// What the school league committee says about one measure: the status where nothing is computed (a Declared row), the
/// evidence text and attachments, and — when not fully in place — the planned completion date and the difficulties.
/// </summary>
public sealed class LedgerEntry
{
    public const int EvidenceMax = 4000, DifficultiesMax = 2000;

    private LedgerEntry() { MeasureId = ""; }

    internal LedgerEntry(Guid ledgerId, string measureId)
    {
        Id = Guid.NewGuid();
        LedgerId = ledgerId;
        MeasureId = measureId;
    }

    public Guid Id { get; private set; }
    public Guid LedgerId { get; private set; }
    public string MeasureId { get; private set; }
    /// <summary>The declared status; for a computed row the computed one counts and this stays null.</summary>
    public LedgerStatus? Status { get; private set; }
    public string? Evidence { get; private set; }
    public DateOnly? PlannedDate { get; private set; }
    public string? Difficulties { get; private set; }
    private readonly List<LedgerEntryFile> _files = [];
    /// <summary>Every file ever attached, removed ones included: a submitted version may still show a file removed since.</summary>
    public IReadOnlyList<LedgerEntryFile> Files => _files;
    public string? UpdatedByUserId { get; private set; }
    public DateTimeOffset? UpdatedAt { get; private set; }

    public void Declare(LedgerStatus? status, string? evidence, DateOnly? plannedDate, string? difficulties, string userId, DateTimeOffset now)
    {
        var reasons = new List<Common.Reason>();
        if (Common.TextLimits.Find(evidence, EvidenceMax, Common.TextField.Statement) is { } e) reasons.Add(e);
        if (Common.TextLimits.Find(difficulties, DifficultiesMax, Common.TextField.Reason) is { } d) reasons.Add(d);
        if (reasons.Count > 0) throw new Common.DomainException(reasons);
        Status = status;
        Evidence = string.IsNullOrWhiteSpace(evidence) ? null : evidence.Trim();
        PlannedDate = plannedDate;
        Difficulties = string.IsNullOrWhiteSpace(difficulties) ? null : difficulties.Trim();
        UpdatedByUserId = userId;
        UpdatedAt = now;
    }

    public IEnumerable<LedgerEntryFile> CurrentFiles => _files.Where(f => f.RemovedAt is null);

    public LedgerEntryFile Attach(Guid attachmentId, string fileName, long length, DateTimeOffset now)
    {
        var file = new LedgerEntryFile(Id, attachmentId, fileName, length, now);
        _files.Add(file);
        return file;
    }

    /// <summary>The file leaves the row; it is kept (not deleted) for the versions that were submitted with it.</summary>
    public void Detach(Guid attachmentId, DateTimeOffset now)
    {
        foreach (var f in _files.Where(f => f.AttachmentId == attachmentId && f.RemovedAt is null)) f.Remove(now);
    }
}

/// <summary>A file on a declared row: an Attachment row, with its name and size for lists.</summary>
public sealed class LedgerEntryFile
{
    private LedgerEntryFile() { FileName = ""; }

    internal LedgerEntryFile(Guid entryId, Guid attachmentId, string fileName, long length, DateTimeOffset now)
    {
        Id = Guid.NewGuid();
        EntryId = entryId;
        AttachmentId = attachmentId;
        FileName = fileName;
        Length = length;
        AddedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid EntryId { get; private set; }
    public Guid AttachmentId { get; private set; }
    public string FileName { get; private set; }
    public long Length { get; private set; }
    public DateTimeOffset AddedAt { get; private set; }
    public DateTimeOffset? RemovedAt { get; private set; }

    internal void Remove(DateTimeOffset now) => RemovedAt = now;
}
