using Microsoft.Data.Sqlite;

namespace ReformFlow.Web.Infrastructure;

public static class SqliteSetup
{
    /// <summary>
    /// The configured connection string, with its file's folder created and a busy timeout set so
    /// that writers queue behind each other instead of failing with "database is locked".
    /// </summary>
    public static string ConnectionString(IConfiguration config, IHostEnvironment env)
    {
        var builder = new SqliteConnectionStringBuilder(config.GetConnectionString("ReformFlow") ?? "Data Source=data/reformflow.db");
        if (builder.DataSource is { Length: > 0 } source && source != ":memory:" && builder.Mode != SqliteOpenMode.Memory)
        {
            var full = Path.GetFullPath(source);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            builder.DataSource = full;
        }
        if (builder.DefaultTimeout == 30) builder.DefaultTimeout = 60;
        builder.Pooling = true;
        return builder.ToString();
    }
}
