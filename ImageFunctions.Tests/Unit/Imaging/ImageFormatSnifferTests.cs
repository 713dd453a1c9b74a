using ImageFunctions.Imaging;

namespace ImageFunctions.Tests.Unit.Imaging;

public sealed class ImageFormatSnifferTests
{
    [Theory]
    [InlineData("89504E470D0A1A0A0000000D49484452", "png", ".png")]
    [InlineData("FFD8FFE000104A464946", "jpeg", ".jpg")]
    [InlineData("474946383961", "gif", ".gif")]
    [InlineData("474946383761", "gif", ".gif")]
    [InlineData("52494646241A000057454250565038", "webp", ".webp")]
    [InlineData("49492A0008000000", "tiff", ".tiff")]
    [InlineData("4D4D002A00000008", "tiff", ".tiff")]
    [InlineData("424D3E000000000000003E00000028000000", "bmp", ".bmp")]
    public void Detect_KnownSignature_ReturnsFormat(string hex, string name, string extension)
    {
        var format = ImageFormatSniffer.Detect(Convert.FromHexString(hex));
        Assert.NotNull(format);
        Assert.Equal(name, format.Name);
        Assert.Equal(extension, format.Extension);
        Assert.StartsWith("image/", format.MimeType, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("FFD8")]
    [InlineData("89504E47")]
    [InlineData("52494646241A000041564920")]
    [InlineData("424D4869207468657265212049")]
    [InlineData("3C3F786D6C2076657273696F6E3D")]
    [InlineData("255044462D312E340A")]
    public void Detect_UnknownOrIncompleteHeader_ReturnsNull(string hex)
    {
        Assert.Null(ImageFormatSniffer.Detect(Convert.FromHexString(hex)));
    }

    [Fact]
    public void Detect_EncodedImages_MatchTheirEncoder()
    {
        Assert.Equal(ImageFormatInfo.Jpeg, ImageFormatSniffer.Detect(TestImages.Jpeg(8, 8)));
        Assert.Equal(ImageFormatInfo.Png, ImageFormatSniffer.Detect(TestImages.Png(8, 8)));
        Assert.Equal(ImageFormatInfo.Webp, ImageFormatSniffer.Detect(TestImages.Webp(8, 8)));
    }
}
