using ReformFlow.Domain.Ledger;
using ReformFlow.Workflows.Ledger;
using Xunit;

namespace ReformFlow.Tests.Ledger;

public class LedgerSnapshotJsonTests
{
    [Fact]
    public void A_frozen_snapshot_reads_back_as_written_with_Chinese_text_flags_and_dates()
    {
        var row = new LedgerRow("SU-2.1", MeasureKind.Declared | MeasureKind.Computed, true, LedgerStatus.Partly,
            [new LedgerFigure("schoolStaff", 47, "/Unions/Details/1")], [new LedgerLine("校级工作人员47人", "47 school-level staff", "/x")],
            "章程于2020年修订", new DateOnly(2027, 3, 1), "人员调整需经学代会", [new LedgerAttachment(Guid.NewGuid(), "章程.pdf", 1234)]);
        var snapshot = new LedgerSnapshot("2026 全省专项调研", "CBS", "长白山大学", "Changbaishan University", 2,
            new DateTimeOffset(2026, 6, 20, 9, 30, 0, TimeSpan.FromHours(8)), [row], new SelfReport("基本情况", "", "", "", "", "建议"));

        var back = LedgerSnapshotJson.Read(LedgerSnapshotJson.Write(snapshot));

        Assert.Equal(snapshot with { Rows = [], Report = SelfReport.Empty }, back with { Rows = [], Report = SelfReport.Empty });
        Assert.Equal(snapshot.Report, back.Report);
        var r = Assert.Single(back.Rows);
        Assert.Equal((row.MeasureId, row.Kinds, row.Status, row.PlannedDate, row.Difficulties, row.DeclaredEvidence),
            (r.MeasureId, r.Kinds, r.Status, r.PlannedDate, r.Difficulties, r.DeclaredEvidence));
        Assert.Equal(row.Figures, r.Figures);
        Assert.Equal(row.Evidence, r.Evidence);
        Assert.Equal(row.Attachments, r.Attachments);
    }
}
