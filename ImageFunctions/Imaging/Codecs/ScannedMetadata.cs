using SixLabors.ImageSharp.Metadata;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.Metadata.Profiles.Icc;

namespace ImageFunctions.Imaging.Codecs;

/// <summary>
/// What the engine takes from a JPEG's or PNG's metadata, read by <see cref="MetadataScanner"/> (their decoders run with
/// <c>IgnoreMetadata</c>): the EXIF orientation, a JPEG's ICC profile, and a JPEG's EXIF resolution when it has no
/// JFIF density. <see cref="ApplyTo"/> gives the decoded image what ImageSharp's decoders would have read of these.
/// </summary>
internal sealed record ScannedMetadata(ushort? Orientation, byte[]? IccProfile, ExifEssentials? Resolution)
{
    /// <summary>Nothing to apply (the other formats' decoders read their own metadata).</summary>
    public static ScannedMetadata None { get; } = new(null, null, null);

    /// <summary>Sets the orientation (for auto-orient), the ICC profile and the resolution on <paramref name="metadata"/>.</summary>
    public void ApplyTo(ImageMetadata metadata)
    {
        if (Orientation is { } orientation)
        {
            var exif = new ExifProfile();
            exif.SetValue(ExifTag.Orientation, orientation);
            metadata.ExifProfile = exif;
        }

        if (IccProfile is { } icc)
        {
            // As ImageSharp's JPEG decoder: an invalid profile is dropped.
            var profile = new IccProfile(icc);
            if (profile.CheckIsValid())
            {
                metadata.IccProfile = profile;
            }
        }

        if (Resolution is { XResolution: > 0 and var x, YResolution: > 0 and var y } resolution)
        {
            metadata.HorizontalResolution = x;
            metadata.VerticalResolution = y;

            // EXIF units are 1 (none), 2 (inch), 3 (cm); ImageSharp's enum counts from 0 and defaults to inches.
            metadata.ResolutionUnits = resolution.ResolutionUnit is { } unit
                ? (PixelResolutionUnit)(byte)(unit - 1)
                : PixelResolutionUnit.PixelsPerInch;
        }
    }
}
