using ImageFunctions.Imaging;

namespace ImageFunctions.Tests.Unit.Imaging;

public sealed class FilterChainTests
{
    [Theory]
    [InlineData("blur", "blur")]
    [InlineData("grayscale,edges", "grayscale,edges")]
    [InlineData("  Grayscale , EDGES ", "grayscale,edges")]
    [InlineData("gaussian_blur:2.5", "gaussian_blur:2.5")]
    [InlineData("gaussian_blur( 2.5 )", "gaussian_blur:2.5")]
    [InlineData("gaussian_blur", "gaussian_blur:2")]
    [InlineData("sharpen,gaussian_blur:0.75,invert,sepia", "sharpen,gaussian_blur:0.75,invert,sepia")]
    public void Parse_ValidChain_GivesCanonicalText(string text, string canonical)
    {
        Assert.Equal(canonical, FilterChain.Parse(text).Canonical);
    }

    [Fact]
    public void Parse_Chain_KeepsOrderLeftToRight()
    {
        var chain = FilterChain.Parse("edges,grayscale,blur");
        Assert.Equal(["edges", "grayscale", "blur"], chain.Steps.Select(s => s.Name));
    }

    [Fact]
    public void Parse_GaussianRadius_IsParsedInvariantCulture()
    {
        var step = Assert.Single(FilterChain.Parse("gaussian_blur:1.25").Steps);
        Assert.Equal([1.25], step.Arguments);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Parse_Empty_ThrowsWithValidFilters(string? text)
    {
        var ex = Assert.Throws<FilterSpecException>(() => FilterChain.Parse(text));
        Assert.Contains("empty", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(FilterCatalog.All.Count, ex.ValidFilters.Count);
    }

    [Fact]
    public void Parse_UnknownName_ListsValidFilters()
    {
        var ex = Assert.Throws<FilterSpecException>(() => FilterChain.Parse("blur,no_such_filter"));
        Assert.Contains(ex.Errors, e => e.Contains("no_such_filter", StringComparison.Ordinal));
        Assert.Contains("blur", ex.ValidFilters);
        Assert.Contains("gaussian_blur", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gaussian_blur:abc")]
    [InlineData("gaussian_blur:0")]
    [InlineData("gaussian_blur:-1")]
    [InlineData("gaussian_blur:51")]
    [InlineData("gaussian_blur:NaN")]
    [InlineData("gaussian_blur:1:2")]
    [InlineData("gaussian_blur(2")]
    [InlineData("blur:3")]
    [InlineData("sharpen(1)")]
    public void Parse_BadParameter_Throws(string text)
    {
        var ex = Assert.Throws<FilterSpecException>(() => FilterChain.Parse(text));
        Assert.NotEmpty(ex.Errors);
    }

    [Theory]
    [InlineData("blur,")]
    [InlineData(",blur")]
    [InlineData("blur,,sharpen")]
    public void Parse_EmptyStep_Throws(string text)
    {
        Assert.Throws<FilterSpecException>(() => FilterChain.Parse(text));
    }

    [Fact]
    public void Parse_SeveralErrors_ReportsAllOfThem()
    {
        var ex = Assert.Throws<FilterSpecException>(() => FilterChain.Parse("nope,gaussian_blur:x"));
        Assert.Equal(2, ex.Errors.Count);
    }

    [Fact]
    public void Parse_TooManySteps_Throws()
    {
        var text = string.Join(",", Enumerable.Repeat("invert", FilterChain.MaxSteps + 1));
        Assert.Throws<FilterSpecException>(() => FilterChain.Parse(text));
    }

    [Fact]
    public void Parse_AThousandBadSteps_GivesOneShortError()
    {
        var text = string.Join(",", Enumerable.Range(0, 1000).Select(i => $"nope{i}"));

        var ex = Assert.Throws<FilterSpecException>(() => FilterChain.Parse(text));

        Assert.Single(ex.Errors);
        Assert.True(ex.Message.Length < 1000, $"{ex.Message.Length} characters");
    }

    [Fact]
    public void Parse_HugeUnknownName_IsQuotedShort()
    {
        var ex = Assert.Throws<FilterSpecException>(() => FilterChain.Parse(new string('x', 10_000)));

        Assert.True(Assert.Single(ex.Errors).Length < 100, ex.Errors[0]);
    }

    [Fact]
    public void Catalog_EveryFilter_ParsesByName()
    {
        foreach (var filter in FilterCatalog.All)
        {
            var step = Assert.Single(FilterChain.Parse(filter.Name).Steps);
            Assert.Equal(filter.Parameters.Count, step.Arguments.Count);
            Assert.False(string.IsNullOrWhiteSpace(filter.Description));
        }
    }
}
