using ImageFunctions.Imaging;
using ImageFunctions.Imaging.Processing;

namespace ImageFunctions.Tests.Unit.Imaging;

/// <summary>The registry: every filter type found, listed by order, names and orders unique.</summary>
public sealed class FilterCatalogTests
{
    [Fact]
    public void Filters_AreListedByOrder_AndAllShowsThemInTheSameOrder()
    {
        var filters = FilterCatalog.Filters;

        Assert.NotEmpty(filters);
        Assert.Equal(filters.OrderBy(f => f.Order).Select(f => f.Order), filters.Select(f => f.Order));
        Assert.Equal(filters.Select(f => f.Info), FilterCatalog.All);
        Assert.Equal(filters.Select(f => f.Name), FilterCatalog.Names);
        Assert.All(filters, f => Assert.Same(f, FilterCatalog.Find(f.Name)));
    }

    [Fact]
    public void Filters_IncludeEveryConcreteFilterTypeOfTheAssembly()
    {
        var types = typeof(ImageFilter).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(ImageFilter)) && !t.IsAbstract);

        Assert.Equal(types.OrderBy(t => t.Name), FilterCatalog.Filters.Select(f => f.GetType()).OrderBy(t => t.Name));
    }

    [Fact]
    public void Get_FilterType_IsTheRegisteredInstance()
    {
        Assert.Same(FilterCatalog.Find("blur"), FilterCatalog.Get<BlurFilter>());
    }

    [Fact]
    public void Discover_SkipsAbstractAndOtherTypes_AndSortsByOrder()
    {
        var filters = FilterCatalog.Discover([typeof(Second), typeof(KernelFilter), typeof(string), typeof(First)]);

        Assert.Equal(["first", "second"], filters.Select(f => f.Name));
    }

    [Fact]
    public void Discover_NameUsedTwice_ThrowsNamingBothTypes()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => FilterCatalog.Discover([typeof(First), typeof(FirstAgain)]));

        Assert.Contains(nameof(First), ex.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(FirstAgain), ex.Message, StringComparison.Ordinal);
        Assert.Contains("same name", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Discover_OrderUsedTwice_ThrowsNamingBothTypes()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => FilterCatalog.Discover([typeof(First), typeof(AlsoFirst)]));

        Assert.Contains(nameof(First), ex.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(AlsoFirst), ex.Message, StringComparison.Ordinal);
        Assert.Contains("same order", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(typeof(UpperCase))]
    [InlineData(typeof(WithColon))]
    [InlineData(typeof(Unnamed))]
    public void Discover_NameChainsCannotSpell_Throws(Type type)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => FilterCatalog.Discover([type]));

        Assert.Contains(type.Name, ex.Message, StringComparison.Ordinal);
    }

    private abstract class TestFilter(int order, string name) : ImageFilter(order, name, "A filter of the tests.")
    {
        public override WorkingImage Apply(WorkingImage image, IReadOnlyList<double> arguments) => image;
    }

    private sealed class First() : TestFilter(1, "first");

    private sealed class Second() : TestFilter(2, "second");

    private sealed class FirstAgain() : TestFilter(3, "first");

    private sealed class AlsoFirst() : TestFilter(1, "also_first");

    private sealed class UpperCase() : TestFilter(1, "Blur");

    private sealed class WithColon() : TestFilter(1, "blur:2");

    private sealed class Unnamed() : TestFilter(1, "");
}
