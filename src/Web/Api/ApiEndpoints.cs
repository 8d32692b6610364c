namespace ReformFlow.Web.Api;

public static class ApiEndpoints
{
    /// <summary>Every action of the UI, under /api/v1, with the same server-side checks.</summary>
    public static void MapReformFlowApi(this WebApplication app)
    {
        var v1 = app.MapGroup("/api/v1").RequireAuthorization();
        AuthApi.Map(app.MapGroup("/api/v1/auth"));
        AccountApi.Map(app.MapGroup("/api/v1/account"));
        MeApi.Map(v1);
        AnnualReviewApi.Map(v1);
        CommitteeApi.Map(v1);
        InstructorBankApi.Map(v1);
        InstructorEvaluationApi.Map(v1);
        InstructorRenewalApi.Map(v1);
        MembershipApi.Map(v1);
        SanctionsApi.Map(v1);
        UnionsApi.Map(v1);
        PickerApi.Map(v1);
        AssociationApplicationsApi.Map(v1.MapGroup("/association-applications").WithTags("Association applications"));
        var admin = v1.MapGroup("/admin").WithTags("Administration");
        AdminApi.Map(admin);
        AdminUsersApi.Map(admin);
        AdminStructureApi.Map(admin);
        AdminAccountsApi.Map(admin);
        // Outside the admin group: the student work department imports rosters too.
        RosterImportApi.Map(v1.MapGroup("/admin/imports/students").WithTags("Administration"));
        RosterImportApi.MapTeachers(v1.MapGroup("/admin/imports/teachers").WithTags("Administration"));
        RosterImportApi.MapAcademicRecords(v1.MapGroup("/admin/imports/academic-records").WithTags("Administration"));
        BenchApi.Map(app);
    }
}
