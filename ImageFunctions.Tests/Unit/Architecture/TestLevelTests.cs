using Mono.Cecil;

namespace ImageFunctions.Tests.Unit.Architecture;

/// <summary>
/// Unit tests start nothing: no Azurite, Redis, host or child process (the Bicep CLI neither). They are the fast loop
/// (<c>--filter "FullyQualifiedName~ImageFunctions.Tests.Unit"</c>); anything that needs a service lives in InProcess or EndToEnd.
/// </summary>
public sealed class TestLevelTests
{
    // By name, so this class itself does not use them.
    private static readonly string[] Services =
    [
        "ImageFunctions.Tests.Infrastructure.AzuriteFixture", "ImageFunctions.Tests.Infrastructure.RedisFixture",
        "ImageFunctions.Tests.Infrastructure.AppHost", "ImageFunctions.Tests.Infrastructure.EmbeddedHostFixture",
        "ImageFunctions.Tests.Infrastructure.ServiceProcess", "ImageFunctions.Tests.Infrastructure.HttpsAzurite",
        "ImageFunctions.Tests.Support.HostProcess", "ImageFunctions.Tests.Support.JobApi", "ImageFunctions.Tests.Support.ManagedIdentityEndpoint",
        "ImageFunctions.Tests.Support.WebhookReceiver", "ImageFunctions.Tests.Infrastructure.BicepCli",
    ];

    [Fact]
    public void Services_NameRealTypes() =>
        Assert.All(Services, name => Assert.NotNull(typeof(TestLevelTests).Assembly.GetType(name)));

    [Fact]
    public void UnitTests_UseNoServiceOrHost()
    {
        using var module = ModuleDefinition.ReadModule(typeof(TestLevelTests).Assembly.Location);
        var uses = module.GetTypes()
            .Where(t => OuterNamespace(t).StartsWith("ImageFunctions.Tests.Unit", StringComparison.Ordinal))
            .SelectMany(t => IlReferences.Of(t).Where(used => Services.Contains(used.GetElementType().FullName)).Select(used => $"{t.FullName} uses {used.Name}"))
            .Distinct()
            .ToArray();

        Assert.True(uses.Length == 0, string.Join("\n", uses));
    }

    [Fact]
    public void Reader_SeesAFixtureWhereOneIsUsed()
    {
        using var module = ModuleDefinition.ReadModule(typeof(TestLevelTests).Assembly.Location);
        var inProcess = module.GetType("ImageFunctions.Tests.InProcess.Api.ImageEndpointTests");

        Assert.Contains(IlReferences.Of(inProcess), used => used.FullName == Services[0]);
    }

    private static string OuterNamespace(TypeDefinition type)
    {
        while (type.IsNested)
        {
            type = type.DeclaringType;
        }

        return type.Namespace;
    }
}
