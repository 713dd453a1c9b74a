using ImageFunctions.Api;
using ImageFunctions.Api.Submission;
using Microsoft.AspNetCore.Http;

namespace ImageFunctions.Tests.Unit.Api;

/// <summary>The <c>Idempotency-Key</c> header: what is a key, what is a 400, and that only a scoped hash is kept.</summary>
public sealed class IdempotencyKeyTests
{
    [Theory]
    [InlineData("8e03978e-40d5-43e8-bc93-6894a57f9324", "8e03978e-40d5-43e8-bc93-6894a57f9324")]
    [InlineData("\"8e03978e-40d5-43e8-bc93-6894a57f9324\"", "8e03978e-40d5-43e8-bc93-6894a57f9324")]
    [InlineData("k", "k")]
    [InlineData("!~a-Z_0.9:/+=", "!~a-Z_0.9:/+=")]
    public void Parse_VisibleAscii_IsTheKeyWithoutQuotes(string header, string expected) =>
        Assert.Equal(expected, IdempotencyKey.Parse(header));

    [Fact]
    public void Parse_255Characters_IsAKey() =>
        Assert.Equal(255, IdempotencyKey.Parse(new string('a', 255)).Length);

    [Theory]
    [InlineData("")]
    [InlineData("\"\"")]
    [InlineData("with space")]
    [InlineData("tab\there")]
    [InlineData("new\nline")]
    [InlineData("nul\0")]
    [InlineData("caf\u00e9")]
    [InlineData("quo\"te")]
    [InlineData("back\\slash")]
    public void Parse_EmptyOrNotVisibleAscii_Is400(string header)
    {
        var problem = Assert.Throws<ApiProblemException>(() => IdempotencyKey.Parse(header));

        Assert.Equal(400, problem.Status);
        Assert.Equal("Invalid Idempotency-Key", problem.Title);
    }

    [Fact]
    public void Parse_256Characters_Is400NamingTheLimit()
    {
        var problem = Assert.Throws<ApiProblemException>(() => IdempotencyKey.Parse(new string('a', 256)));

        Assert.Equal(400, problem.Status);
        Assert.Contains("255", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void From_NoHeader_IsNull() =>
        Assert.Null(IdempotencyKey.From(new HeaderDictionary(), "scope"));

    [Fact]
    public void From_TwoHeaders_Is400()
    {
        var headers = new HeaderDictionary { [IdempotencyKey.HeaderName] = new(["a", "b"]) };

        Assert.Equal(400, Assert.Throws<ApiProblemException>(() => IdempotencyKey.From(headers, "scope")).Status);
    }

    [Fact]
    public void Hash_IsSha256HexOfScopeAndKey_NeverTheKey()
    {
        var key = IdempotencyKey.From(new HeaderDictionary { [IdempotencyKey.HeaderName] = "secret-key-1" }, "POST /process-job")!;

        Assert.Matches("^[0-9a-f]{64}$", key.Hash);
        Assert.DoesNotContain("secret-key-1", key.Hash, StringComparison.Ordinal);
        Assert.Equal(key.Hash, IdempotencyKey.From(new HeaderDictionary { [IdempotencyKey.HeaderName] = "\"secret-key-1\"" }, "POST /process-job")!.Hash);
        Assert.NotEqual(key.Hash, IdempotencyKey.From(new HeaderDictionary { [IdempotencyKey.HeaderName] = "secret-key-1" }, "POST /other")!.Hash);
        Assert.NotEqual(key.Hash, IdempotencyKey.From(new HeaderDictionary { [IdempotencyKey.HeaderName] = "secret-key-2" }, "POST /process-job")!.Hash);
    }
}
