using ImageFunctions.Api;
using ImageFunctions.Api.Docs;
using ImageFunctions.Imaging;
using ImageFunctions.Jobs;

namespace ImageFunctions.Tests.Unit.Api;

/// <summary>The one plain-file-name rule of <c>GET /images/{jobId}/{filename}</c> and <c>GET /docs/{asset}</c>.</summary>
public sealed class FileNamesTests
{
    [Theory]
    [InlineData("cat.png")]
    [InlineData("cat_2.png")]
    [InlineData("cat photo.png")]
    [InlineData("photo.tar.png")]
    [InlineData("Café.webp")]
    [InlineData("写真.jpg")]
    [InlineData("12_30.png")]
    [InlineData("(1) copy [final].png")]
    [InlineData("100% cat #1?.png")]
    [InlineData("image")]
    [InlineData("swagger-ui-bundle.js")]
    [InlineData("favicon-32x32.png")]
    [InlineData("a")]
    public void IsPlain_PlainName_IsAccepted(string name) =>
        Assert.True(FileNames.IsPlain(name), $"'{name}' should be accepted.");

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("../cat.png")]
    [InlineData("..\\cat.png")]
    [InlineData("..%2Fcat.png")]
    [InlineData("a..b.png")]
    [InlineData("sub/cat.png")]
    [InlineData("sub\\cat.png")]
    [InlineData("/etc/passwd")]
    [InlineData("C:cat.png")]
    [InlineData("12:30.png")]
    [InlineData(".hidden")]
    [InlineData(".swagger-ui.css")]
    [InlineData("cat.png\0")]
    [InlineData("cat\n.png")]
    [InlineData("cat\u007f.png")]
    public void IsPlain_PathOrHiddenOrControlName_IsRefused(string name) =>
        Assert.False(FileNames.IsPlain(name), $"'{name}' should be refused.");

    [Fact]
    public void IsPlain_Length_AtMost255()
    {
        Assert.True(FileNames.IsPlain(new string('a', 255)));
        Assert.False(FileNames.IsPlain(new string('a', 256)));
        Assert.False(FileNames.IsPlain(null));
    }

    [Fact]
    public void IsPlain_EverySwaggerUiAsset_IsAccepted() =>
        Assert.All(SwaggerUiAssets.Default.Names, name => Assert.True(FileNames.IsPlain(name), $"Swagger UI asset '{name}' is refused."));

    [Theory]
    [InlineData("../cat photo.JPG", ".png")]
    [InlineData("C:\\Users\\me\\holiday.jpeg", ".jpg")]
    [InlineData("12:30..jpg", ".png")]
    [InlineData("C:holiday.jpeg", ".jpg")]
    [InlineData("a..b.jpg", ".webp")]
    [InlineData("...hidden.png", ".png")]
    [InlineData("bad\u0000na\u001fme\r\n.png", ".png")]
    [InlineData("Ca\u200Bfé \u202Egnp.exe", ".png")]
    [InlineData("", ".jpg")]
    [InlineData("noextension", "")]
    public void IsPlain_EveryOutputName_IsAccepted(string upload, string extension)
    {
        var names = new OutputNameSet();

        var first = names.Add(upload, extension);
        var second = names.Add(upload, extension);

        Assert.True(FileNames.IsPlain(first), $"Output name '{first}' is refused.");
        Assert.True(FileNames.IsPlain(second), $"Output name '{second}' is refused.");
    }

    [Fact]
    public void IsPlain_DeduplicatedLongestOutputName_IsAccepted()
    {
        var names = new OutputNameSet();
        var upload = new string('a', 300) + ".jpg";

        var all = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            all.Add(names.Add(upload, ".webp"));
        }

        Assert.Equal(OutputFileName.MaxLength + 3, all[^1].Length); // "_12" over OutputFileName.MaxLength: why the rule allows 255.
        Assert.All(all, name => Assert.True(FileNames.IsPlain(name), $"Output name '{name}' is refused."));
    }

    [Theory]
    [InlineData("cat.jpg", "cat.jpg")]
    [InlineData("ca\u0000t\r\n.jpg", "cat.jpg")]
    [InlineData("  my photo.png ", "my photo.png")]
    [InlineData(null, "")]
    public void Displayed_DropsControlCharacters(string? upload, string shown) =>
        Assert.Equal(shown, FileNames.Displayed(upload is null ? null : System.Text.RegularExpressions.Regex.Unescape(upload)));

    [Fact]
    public void Displayed_CutsAt255Characters() =>
        Assert.Equal(FileNames.MaxLength, FileNames.Displayed(new string('a', 10_000) + ".jpg").Length);
}
