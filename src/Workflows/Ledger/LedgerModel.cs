using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Ledger;
using ReformFlow.Domain.Organisation;

namespace ReformFlow.Workflows.Ledger;

/// <summary>The ledger's tables (provinces, rounds, university ledgers, declared rows, frozen versions), kept out of ReformFlowDb's main list.</summary>
internal static class LedgerModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<Province>().HasIndex(p => p.Code).IsUnique();
        b.Entity<University>().HasIndex(u => u.ProvinceId);
        b.Entity<Domain.Access.RoleAssignment>().HasIndex(a => a.ProvinceId);
        b.Entity<LedgerRound>(e =>
        {
            e.HasIndex(r => new { r.ProvinceId, r.Deadline });
        });
        b.Entity<UniversityLedger>(e =>
        {
            e.HasIndex(l => new { l.RoundId, l.UniversityId }).IsUnique();
            e.HasIndex(l => l.UniversityId);
            e.HasMany(l => l.Entries).WithOne().HasForeignKey(x => x.LedgerId).OnDelete(DeleteBehavior.Cascade);
            e.Navigation(l => l.Entries).HasField("_entries").UsePropertyAccessMode(PropertyAccessMode.Field);
        });
        b.Entity<LedgerEntry>(e =>
        {
            e.Property(x => x.MeasureId).HasMaxLength(16);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            e.HasIndex(x => new { x.LedgerId, x.MeasureId }).IsUnique();
            e.HasMany(x => x.Files).WithOne().HasForeignKey(f => f.EntryId).OnDelete(DeleteBehavior.Cascade);
            e.Navigation(x => x.Files).HasField("_files").UsePropertyAccessMode(PropertyAccessMode.Field);
        });
        b.Entity<LedgerEntryFile>().HasIndex(f => f.AttachmentId);
        b.Entity<LedgerVersion>().HasIndex(v => new { v.LedgerId, v.Version }).IsUnique();
    }
}
