namespace ReformFlow.Domain.Ledger;

/// <summary>
/// A submitted version of a university's ledger, frozen: the <see cref="LedgerSnapshot"/> (every row with its figures as
/// of submission, and the report) as JSON, so it never changes when the data does. Reopening records who and why; the
/// next submission freezes version + 1, and the two can be compared.
/// </summary>
public sealed class LedgerVersion
{
    private LedgerVersion() { SubmittedByUserId = SnapshotJson = ""; }

    public LedgerVersion(Guid ledgerId, int version, string submittedByUserId, DateTimeOffset submittedAt, string snapshotJson)
    {
        Id = Guid.NewGuid();
        LedgerId = ledgerId;
        Version = version;
        SubmittedByUserId = submittedByUserId;
        SubmittedAt = submittedAt;
        SnapshotJson = snapshotJson;
    }

    public Guid Id { get; private set; }
    public Guid LedgerId { get; private set; }
    public int Version { get; private set; }
    public string SubmittedByUserId { get; private set; }
    public DateTimeOffset SubmittedAt { get; private set; }
    public string SnapshotJson { get; private set; }
    public DateTimeOffset? ReopenedAt { get; private set; }
    public string? ReopenedByUserId { get; private set; }
    public string? ReopenReason { get; private set; }

    public void MarkReopened(string userId, string reason, DateTimeOffset now)
    {
        Common.TextLimits.Check(reason, Common.TextLimits.Reason, Common.TextField.Reason);
        (ReopenedByUserId, ReopenReason, ReopenedAt) = (userId, reason.Trim(), now);
    }
}
