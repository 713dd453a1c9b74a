namespace ImageFunctions.Tests.Infrastructure;

/// <summary>
/// One Azurite and one Redis shared by every test class marked <c>[Collection(ServicesCollection.Name)]</c>.
/// Tests in the collection run one after another, so a test may stop Redis without disturbing others.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ServicesCollection : ICollectionFixture<AzuriteFixture>, ICollectionFixture<RedisFixture>
{
    /// <summary>The collection name: <c>[Collection("services")]</c>.</summary>
    public const string Name = "services";
}
