using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using ReformFlow.Domain.Access;
using ReformFlow.Domain.Associations;
using ReformFlow.Domain.Organisation;
using ReformFlow.Domain.Unions;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Email;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Workflows.Data;

public sealed class ReformFlowDb(DbContextOptions<ReformFlowDb> options) : IdentityDbContext<AppUser>(options)
{
    public DbSet<University> Universities => Set<University>();
    public DbSet<College> Colleges => Set<College>();
    public DbSet<Major> Majors => Set<Major>();
    public DbSet<ClassGroup> ClassGroups => Set<ClassGroup>();
    public DbSet<Student> Students => Set<Student>();
    public DbSet<Teacher> Teachers => Set<Teacher>();
    public DbSet<OrgUnit> OrgUnits => Set<OrgUnit>();
    public DbSet<RoleAssignment> RoleAssignments => Set<RoleAssignment>();

    public DbSet<AssociationApplication> AssociationApplications => Set<AssociationApplication>();
    public DbSet<Association> Associations => Set<Association>();
    public DbSet<Membership> Memberships => Set<Membership>();
    public DbSet<AssociationSanction> AssociationSanctions => Set<AssociationSanction>();
    public DbSet<ReviewCycle> ReviewCycles => Set<ReviewCycle>();
    public DbSet<AnnualReport> AnnualReports => Set<AnnualReport>();
    public DbSet<CommitteeSeat> CommitteeSeats => Set<CommitteeSeat>();
    public DbSet<MembershipApplication> MembershipApplications => Set<MembershipApplication>();
    public DbSet<Jobs.SentReminder> SentReminders => Set<Jobs.SentReminder>();
    public DbSet<InstructorBankEntry> InstructorBank => Set<InstructorBankEntry>();
    public DbSet<InstructorAppointment> InstructorAppointments => Set<InstructorAppointment>();
    public DbSet<InstructorEvaluation> InstructorEvaluations => Set<InstructorEvaluation>();
    public DbSet<InstructorRenewal> InstructorRenewals => Set<InstructorRenewal>();

    public DbSet<StudentUnion> StudentUnions => Set<StudentUnion>();
    public DbSet<UnionDepartment> UnionDepartments => Set<UnionDepartment>();
    public DbSet<CadrePosition> CadrePositions => Set<CadrePosition>();
    public DbSet<Nomination> Nominations => Set<Nomination>();
    public DbSet<CadreFlag> CadreFlags => Set<CadreFlag>();

    public DbSet<Province> Provinces => Set<Province>();
    public DbSet<Domain.Ledger.LedgerRound> LedgerRounds => Set<Domain.Ledger.LedgerRound>();
    public DbSet<Domain.Ledger.UniversityLedger> UniversityLedgers => Set<Domain.Ledger.UniversityLedger>();
    public DbSet<Domain.Ledger.LedgerEntry> LedgerEntries => Set<Domain.Ledger.LedgerEntry>();
    public DbSet<Domain.Ledger.LedgerEntryFile> LedgerEntryFiles => Set<Domain.Ledger.LedgerEntryFile>();
    public DbSet<Domain.Ledger.LedgerVersion> LedgerVersions => Set<Domain.Ledger.LedgerVersion>();

    public DbSet<WorkflowInstance> WorkflowInstances => Set<WorkflowInstance>();
    public DbSet<WorkflowHistoryEntry> WorkflowHistory => Set<WorkflowHistoryEntry>();
    public DbSet<InboxTask> InboxTasks => Set<InboxTask>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();
    public DbSet<SenderInstance> SenderInstances => Set<SenderInstance>();
    public DbSet<Attachment> Attachments => Set<Attachment>();
    public DbSet<Counter> Counters => Set<Counter>();
    public DbSet<AccountLink> AccountLinks => Set<AccountLink>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        // SQLite cannot order or compare DateTimeOffset; store UTC ticks so "oldest first" and "due" queries run in SQL.
        builder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        builder.Properties<decimal>().HaveConversion<double>();
        builder.Properties<Role>().HaveConversion<string>().HaveMaxLength(40);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        SecurityStamps.RenewForChanges(this);
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        SecurityStamps.RenewForChanges(this);
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);

        b.Entity<University>().HasIndex(u => u.Code).IsUnique();
        Ledger.LedgerModel.Configure(b);
        b.Entity<College>().HasIndex(c => new { c.UniversityId, c.Code }).IsUnique();
        b.Entity<Student>(e =>
        {
            e.HasIndex(s => new { s.UniversityId, s.StudentNumber }).IsUnique();
            e.Property(s => s.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(s => s.PoliticalStatus).HasConversion<string>().HasMaxLength(30);
        });
        b.Entity<Teacher>().HasIndex(t => new { t.UniversityId, t.StaffNumber }).IsUnique();
        b.Entity<OrgUnit>(e =>
        {
            e.Property(o => o.Kind).HasConversion<string>().HasMaxLength(40);
            e.HasIndex(o => new { o.UniversityId, o.Kind });
        });
        b.Entity<RoleAssignment>().HasIndex(a => a.UserId);

        b.Entity<AssociationApplication>(e =>
        {
            e.Property(a => a.Category).HasConversion<string>().HasMaxLength(40);
            e.HasMany(a => a.Sponsors).WithOne().HasForeignKey(s => s.ApplicationId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(a => a.Instructors).WithOne().HasForeignKey(s => s.ApplicationId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(a => a.Opinions).WithOne().HasForeignKey(s => s.ApplicationId).OnDelete(DeleteBehavior.Cascade);
            e.Navigation(a => a.Sponsors).HasField("_sponsors").UsePropertyAccessMode(PropertyAccessMode.Field);
            e.Navigation(a => a.Instructors).HasField("_instructors").UsePropertyAccessMode(PropertyAccessMode.Field);
            e.Navigation(a => a.Opinions).HasField("_opinions").UsePropertyAccessMode(PropertyAccessMode.Field);
            e.HasIndex(a => a.UniversityId);
        });
        b.Entity<Sponsor>(e =>
        {
            e.Property(s => s.Status).HasConversion<string>().HasMaxLength(20);
            e.HasIndex(s => new { s.ApplicationId, s.StudentId }).IsUnique();
            e.HasIndex(s => s.StudentId);
        });
        b.Entity<ProposedInstructor>(e =>
        {
            e.Property(s => s.Response).HasConversion<string>().HasMaxLength(20);
            e.HasIndex(s => s.TeacherId);
        });
        b.Entity<CommitteeOpinion>().Property(o => o.Vote).HasConversion<string>().HasMaxLength(20);

        b.Entity<Association>(e =>
        {
            e.Property(a => a.Category).HasConversion<string>().HasMaxLength(40);
            e.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
            e.HasIndex(a => a.RegistrationNumber).IsUnique();
            e.HasIndex(a => new { a.UniversityId, a.Name });
        });
        b.Entity<AssociationSanction>(e =>
        {
            e.Property(x => x.Action).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.FromStatus).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.ToStatus).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.DecidedByUserId).HasMaxLength(64);
            e.Property(x => x.DecidedByName).HasMaxLength(100);
            e.HasIndex(x => new { x.AssociationId, x.DecidedAt });
            e.HasIndex(x => new { x.ReviewOn, x.ReviewRemindedAt });
        });
        b.Entity<Membership>(e =>
        {
            e.Property(m => m.Role).HasConversion<string>().HasMaxLength(20);
            e.Property(m => m.RemovedByUserId).HasMaxLength(64);
            e.HasIndex(m => new { m.StudentId, m.LeftAt });
            e.HasIndex(m => m.AssociationId);
            // The done list reads a person's own removals.
            e.HasIndex(m => m.RemovedByUserId);
        });
        b.Entity<MembershipApplication>(e =>
        {
            e.Property(m => m.Status).HasConversion<string>().HasMaxLength(20);
            e.HasIndex(m => new { m.AssociationId, m.Status });
            e.HasIndex(m => new { m.StudentId, m.Status });
            e.HasIndex(m => m.DecidedByUserId);
        });
        b.Entity<Jobs.SentReminder>().HasKey(r => r.Key);
        // One cycle per university and year, one report per association and cycle: opening a cycle twice creates nothing twice.
        b.Entity<ReviewCycle>().HasIndex(c => new { c.UniversityId, c.AcademicYear }).IsUnique();
        b.Entity<AnnualReport>(e =>
        {
            e.HasIndex(r => new { r.CycleId, r.AssociationId }).IsUnique();
            e.Property(r => r.Result).HasConversion<string>().HasMaxLength(30);
            e.HasMany(r => r.Opinions).WithOne().HasForeignKey(o => o.ReportId).OnDelete(DeleteBehavior.Cascade);
            e.Navigation(r => r.Opinions).HasField("_opinions").UsePropertyAccessMode(PropertyAccessMode.Field);
        });
        b.Entity<ReviewOpinion>().Property(o => o.Vote).HasConversion<string>().HasMaxLength(20);
        // AS-1.8: the committee's seats, current and past.
        b.Entity<CommitteeSeat>(e =>
        {
            e.Property(x => x.Role).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Constituency).HasConversion<string>().HasMaxLength(30);
            e.Property(x => x.UserId).HasMaxLength(64);
            e.HasIndex(x => new { x.UniversityId, x.EndedOn });
        });
        b.Entity<InstructorBankEntry>().HasIndex(i => new { i.UniversityId, i.TeacherId });
        b.Entity<InstructorAppointment>().HasIndex(i => i.TeacherId);
        // AS-2.3: one evaluation per appointment and academic year, so the yearly job can run any number of times.
        b.Entity<InstructorEvaluation>(e =>
        {
            e.HasIndex(x => new { x.AppointmentId, x.AcademicYear }).IsUnique();
            e.HasIndex(x => new { x.UniversityId, x.AcademicYear });
            e.HasIndex(x => x.TeacherId);
            e.Property(x => x.Result).HasConversion<string>().HasMaxLength(20);
            e.HasMany(x => x.Ratings).WithOne().HasForeignKey(r => r.EvaluationId).OnDelete(DeleteBehavior.Cascade);
            e.Navigation(x => x.Ratings).HasField("_ratings").UsePropertyAccessMode(PropertyAccessMode.Field);
        });
        b.Entity<InstructorRenewal>(e =>
        {
            e.HasIndex(x => x.AssociationId);
            e.HasIndex(x => x.TeacherId);
        });
        b.Entity<MemberRating>(e =>
        {
            e.HasIndex(r => new { r.EvaluationId, r.StudentId }).IsUnique();
            e.Property(r => r.Rating).HasConversion<string>().HasMaxLength(20);
        });

        b.Entity<StudentUnion>(e =>
        {
            e.Property(u => u.Level).HasConversion<string>().HasMaxLength(20);
            // One school-level and one graduate union per university, one union per college.
            e.HasIndex(u => new { u.UniversityId, u.Level, u.CollegeId }).IsUnique();
            // Unique indexes treat NULLs as distinct, so the school-level rows need their own.
            e.HasIndex(u => new { u.UniversityId, u.Level }).IsUnique().HasFilter("\"CollegeId\" IS NULL").HasDatabaseName("IX_StudentUnions_SchoolLevel");
        });
        b.Entity<UnionDepartment>().HasIndex(d => d.UnionId);
        b.Entity<CadrePosition>(e =>
        {
            e.Property(p => p.Kind).HasConversion<string>().HasMaxLength(30);
            e.HasIndex(p => new { p.UnionId, p.EndedAt });
            e.HasIndex(p => new { p.StudentId, p.EndedAt });
        });
        b.Entity<Nomination>(e =>
        {
            e.Property(n => n.Chain).HasConversion<string>().HasMaxLength(30);
            e.Property(n => n.Kind).HasConversion<string>().HasMaxLength(30);
            e.Property(n => n.Outcome).HasConversion<string>().HasMaxLength(20);
            e.HasIndex(n => new { n.UnionId, n.StudentId, n.Outcome });
        });
        b.Entity<CadreFlag>(e =>
        {
            e.HasIndex(f => new { f.UniversityId, f.ClearedAt });
            e.HasIndex(f => f.PositionId);
        });

        b.Entity<WorkflowInstance>(e =>
        {
            e.Property(i => i.Version).IsConcurrencyToken();
            e.HasIndex(i => new { i.Process, i.SubjectId }).IsUnique();
            e.HasIndex(i => new { i.UniversityId, i.Process, i.State });
        });
        b.Entity<WorkflowHistoryEntry>().HasIndex(h => h.InstanceId);
        // The done list: one person's steps, newest first.
        b.Entity<WorkflowHistoryEntry>().HasIndex(h => new { h.ActorUserId, h.At });
        b.Entity<InboxTask>(e =>
        {
            e.HasIndex(t => new { t.AssigneeUserId, t.CompletedAt });
            e.HasIndex(t => new { t.AssigneeRole, t.AssigneeOrgUnitId, t.CompletedAt });
            e.HasIndex(t => new { t.InstanceId, t.CompletedAt });
        });
        b.Entity<OutboxMessage>(e =>
        {
            e.Property(m => m.Status).HasConversion<string>().HasMaxLength(20);
            e.HasIndex(m => new { m.Status, m.NextAttemptAt });
        });
        b.Entity<SenderInstance>().Property(i => i.Host).HasMaxLength(200);
        b.Entity<Counter>().HasKey(c => c.Name);
        // Accounts and audit (issue 8): links are found by their token's hash and cleared per account.
        b.Entity<AccountLink>(e =>
        {
            e.Property(l => l.Purpose).HasConversion<string>().HasMaxLength(20);
            e.HasIndex(l => l.TokenHash).IsUnique();
            e.HasIndex(l => l.UserId);
        });
        b.Entity<AuditEntry>(e =>
        {
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(40);
            e.HasIndex(x => new { x.UniversityId, x.At });
        });
        b.Entity<AppUser>().HasIndex(u => u.StudentId);
        b.Entity<AppUser>().HasIndex(u => u.TeacherId);

        // Ids are assigned by the entities themselves, so a child added to a tracked aggregate's
        // collection must be inserted, not mistaken for an existing row to update.
        foreach (var key in b.Model.GetEntityTypes().Select(e => e.FindPrimaryKey()).OfType<Microsoft.EntityFrameworkCore.Metadata.IMutableKey>())
            foreach (var p in key.Properties.Where(p => p.ClrType == typeof(Guid)))
                p.ValueGenerated = Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.Never;
    }
}

/// <summary>A named sequence (registration numbers). Its row is updated in the same transaction that uses the number.</summary>
public sealed class Counter
{
    public string Name { get; set; } = "";
    public long Value { get; set; }
}
