using ImageFunctions.Imaging;

namespace ImageFunctions.Tests.Unit.Imaging;

public sealed class OutputFileNameTests
{
    [Theory]
    [InlineData("../cat photo.JPG", ".png", "cat photo.png")]
    [InlineData("C:\\Users\\me\\holiday.jpeg", ".jpg", "holiday.jpg")]
    [InlineData("/etc/passwd", ".png", "passwd.png")]
    [InlineData("..\\..\\evil.png", ".webp", "evil.webp")]
    [InlineData("photo.tar.gz", ".png", "photo.tar.png")]
    [InlineData("bad\u0000na\u001fme\r\n.png", ".png", "badname.png")]
    [InlineData("...hidden.png", ".png", "hidden.png")]
    [InlineData(".png", ".png", "png.png")]
    [InlineData("...", ".png", "image.png")]
    [InlineData("", ".jpg", "image.jpg")]
    [InlineData("   ", ".jpg", "image.jpg")]
    [InlineData("../", ".png", "image.png")]
    [InlineData("name", ".PNG", "name.png")]
    public void Create_UploadName_IsSanitised(string upload, string extension, string expected)
    {
        Assert.Equal(expected, OutputFileName.Create(upload, extension));
    }

    [Fact]
    public void Create_LongName_IsCutToHundredCharactersKeepingExtension()
    {
        var name = OutputFileName.Create(new string('a', 300) + ".jpg", ".webp");
        Assert.Equal(100, name.Length);
        Assert.EndsWith(".webp", name, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_NullName_FallsBackToImage()
    {
        Assert.Equal("image.png", OutputFileName.Create(null!, ".png"));
    }
}
