using ReformFlow.Workflows.Data;

namespace ReformFlow.Web.Infrastructure;

/// <summary>
/// `backup FILE` and `restore FILE`: the administrators' commands, run with the app's own configuration
/// (appsettings.json, environment variables, --Key=value arguments), so they act on the database the app uses.
/// They run instead of the web host and exit (README "Backup and restore").
/// </summary>
public static class DatabaseCommands
{
    public const string Usage = """
        usage: ReformFlow.Web backup FILE    write an online backup of the database to FILE (the app may keep running)
               ReformFlow.Web restore FILE   replace the database with the backup FILE (every app process stopped first)
        """;

    public static bool IsCommand(string[] args) => args.Length > 0 && args[0] is "backup" or "restore";

    /// <summary>0 done, 1 refused (the reason on <paramref name="error"/>; nothing changed), 2 usage.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length < 2 || args[1].StartsWith("--", StringComparison.Ordinal))
        {
            await error.WriteLineAsync(Usage);
            return 2;
        }
        var builder = WebApplication.CreateBuilder(args.Skip(2).ToArray());
        builder.UseLinkedAppSettings();
        var connectionString = SqliteSetup.ConnectionString(builder.Configuration, builder.Environment);
        try
        {
            if (args[0] == "backup")
            {
                var r = DatabaseBackup.Backup(connectionString, args[1]);
                await output.WriteLineAsync($"Backed up the database to {r.File} ({r.Bytes:N0} bytes, schema {r.LastMigration}).");
            }
            else
            {
                var r = await DatabaseBackup.RestoreAsync(connectionString, args[1], TimeProvider.System);
                await output.WriteLineAsync($"Restored {r.Database} from {Path.GetFullPath(args[1])} (schema {r.LastMigration}).");
                await output.WriteLineAsync(r.PreviousKeptAs is null ? "There was no database before." : $"The previous database is kept as {r.PreviousKeptAs}.");
                await output.WriteLineAsync($"Mail not yet sent in the backup: {r.MailMarkedSent} already sent by the previous database (marked Sent), "
                    + $"{r.MailToSend} still to send, {r.MailHeld} held for an administrator (Outgoing mail, status Held).");
            }
            return 0;
        }
        catch (BackupException e)
        {
            await error.WriteLineAsync(e.Message);
            return 1;
        }
    }
}
