using ImageFunctions.Jobs;

namespace ImageFunctions.Tests.Unit.Jobs;

public sealed class OutputNameSetTests
{
    [Fact]
    public void Add_DifferentNames_KeepsEachWithTheOutputExtension()
    {
        var names = new OutputNameSet();

        Assert.Equal(["cat.png", "dog.png"], new[] { names.Add("cat.jpg", ".png"), names.Add("dog.webp", ".png") });
    }

    [Fact]
    public void Add_SameNameAgain_NumbersTheRepeats()
    {
        var names = new OutputNameSet();

        Assert.Equal(["cat.png", "cat_2.png", "cat_3.png"], Enumerable.Range(0, 3).Select(_ => names.Add("cat.png", ".png")));
    }

    [Fact]
    public void Add_NamesThatDifferOnlyInCaseOrUploadExtension_AreRepeats()
    {
        var names = new OutputNameSet();

        Assert.Equal(["Cat.png", "cat_2.png", "CAT_3.png"], new[] { names.Add("Cat.png", ".png"), names.Add("cat.jpg", ".png"), names.Add("CAT.webp", ".png") });
    }

    [Fact]
    public void Add_RepeatWhoseNumberedNameIsTaken_TakesTheNextFreeNumber()
    {
        var names = new OutputNameSet();

        Assert.Equal(["cat_2.png", "cat.png", "cat_3.png"], new[] { names.Add("cat_2.png", ".png"), names.Add("cat.png", ".png"), names.Add("cat.png", ".png") });
    }

    [Theory]
    [InlineData("12:30..png", "12_30.png")]
    [InlineData("a....b.png", "a.b.png")]
    [InlineData("c:..d.png", "c_.d.png")]
    public void Add_NameThatGetImageWouldRefuse_IsMadeServable(string upload, string expected)
    {
        Assert.Equal(expected, new OutputNameSet().Add(upload, ".png"));
    }
}
