using System.Text.Json;
using System.Text.Json.Serialization;
using ReformFlow.Domain.Ledger;

namespace ReformFlow.Workflows.Ledger;

/// <summary>How a frozen <see cref="LedgerSnapshot"/> is stored in <see cref="LedgerVersion.SnapshotJson"/>: one format for writer and readers.</summary>
public static class LedgerSnapshotJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Write(LedgerSnapshot snapshot) => JsonSerializer.Serialize(snapshot, Options);

    public static LedgerSnapshot Read(string json) =>
        JsonSerializer.Deserialize<LedgerSnapshot>(json, Options) ?? throw new InvalidDataException("Empty ledger snapshot.");
}
