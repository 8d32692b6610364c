using Microsoft.EntityFrameworkCore;

namespace ReformFlow.Workflows.Data;

/// <summary>An uploaded file (a charter), kept in the database so a backup of it is a backup of everything.</summary>
public sealed class Attachment
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid UniversityId { get; set; }
    public string FileName { get; set; } = "";
    public string ContentType { get; set; } = "";
    public byte[] Content { get; set; } = [];
    public string Sha256 { get; set; } = "";
    public string UploadedByUserId { get; set; } = "";
    public DateTimeOffset UploadedAt { get; set; }
}

public static class Attachments
{
    /// <summary>
    /// Files no application links: before charters were stored in the linking transaction and replaced
    /// on re-upload, every re-upload (and every refused upload) left one behind. Run at start-up.
    /// </summary>
    public static Task<int> DeleteUnlinkedAsync(ReformFlowDb db, CancellationToken ct = default) =>
        db.Attachments.Where(a => !db.AssociationApplications.Any(x => x.CharterAttachmentId == a.Id)
                                  // Ledger files stay, removed ones too: a submitted version may show them.
                                  && !db.LedgerEntryFiles.Any(f => f.AttachmentId == a.Id)
                                  // Roster uploads wait for their confirmation; they expire by themselves (StudentImportService).
                                  && !a.ContentType.StartsWith(Roster.StudentImportService.ContentTypeMarker)).ExecuteDeleteAsync(ct);
}
