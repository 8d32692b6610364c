using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using ReformFlow.Domain.Common;
using ReformFlow.Workflows.Associations;
using ReformFlow.Workflows.Localization;

namespace ReformFlow.Web.Infrastructure;

/// <summary>
/// How large a request body may be. The largest legitimate JSON request is a draft application: charter
/// text, purpose and name (<see cref="TextLimits"/>: 22,060 characters), at worst 6 bytes each when a client
/// escapes every character as \uXXXX, about 130 KB; an annual report is 3 × 4,000 characters. 256 KB leaves
/// room for that and more. File uploads (the charter, 5 MB) and bulk academic data have their own limits.
/// </summary>
public static class RequestBodyLimits
{
    /// <summary>Every JSON endpoint under /api unless it says otherwise.</summary>
    public const long Json = 256 * 1024;
    /// <summary>A charter file and its multipart framing; a file just over 5 MB still gets AS-1.4's own refusal.</summary>
    public const long CharterUpload = FoundingService.MaxCharterBytes + 1024 * 1024;
    /// <summary>Academic data for a whole university at once: about 150 bytes a student, 50,000 students.</summary>
    public const long AcademicRecords = 8 * 1024 * 1024;
    /// <summary>A roster file (30,000 students are about 2 MB as CSV) and its multipart framing.</summary>
    public const long RosterUpload = ReformFlow.Workflows.Roster.StudentImportService.MaxFileBytes + 1024 * 1024;
    /// <summary>Everything else (the pages' forms, which carry the charter upload too): Kestrel's own limit.</summary>
    public const long Default = CharterUpload;

    /// <summary>Sets an endpoint's limit (overrides the group's).</summary>
    public static TBuilder WithBodyLimit<TBuilder>(this TBuilder builder, long bytes) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new BodyLimit(bytes));

    /// <summary>
    /// Applies the endpoint's limit: a declared Content-Length over it is answered 413 at once, before
    /// anything is read; a body without one is cut off when it passes the limit. Kestrel's feature is set too.
    /// </summary>
    public static void UseRequestBodyLimits(this WebApplication app) => app.Use(async (http, next) =>
    {
        // An endpoint's own limit (null: none), else the API's or the server's.
        var declared = http.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>();
        var limit = declared is not null ? declared.MaxRequestBodySize : http.Request.Path.StartsWithSegments("/api") ? Json : Default;
        if (limit is not { } max)
        {
            await next(http);
            return;
        }
        if (http.Request.ContentLength > max)
        {
            await TooLarge(http, max).ExecuteAsync(http);
            return;
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature) feature.MaxRequestBodySize = max;
        else http.Request.Body = new LimitedStream(http.Request.Body, max);
        await next(http);
    });

    public static IResult TooLarge(HttpContext http, long max) => Results.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge, type: "https://reformflow.dev/problems/too-large",
        title: Texts.Get("problem.too-large"), detail: Texts.Get("problem.too-large-detail", max / 1024), instance: http.Request.Path);

    private sealed class BodyLimit(long bytes) : IRequestSizeLimitMetadata
    {
        public long? MaxRequestBodySize { get; } = bytes;
    }

    /// <summary>Where the server gives no limit of its own (the test host): reading past the limit fails with 413.</summary>
    private sealed class LimitedStream(Stream inner, long max) : Stream
    {
        private long _read;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => Count(await inner.ReadAsync(buffer, ct));
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int n)
        {
            _read += n;
            if (_read > max) throw new BadHttpRequestException(Texts.Get("problem.too-large"), StatusCodes.Status413PayloadTooLarge);
            return n;
        }
    }
}
