namespace ImageFunctions.Imaging.Processing;

/// <summary>Conversions between the working layouts that do not come from Pillow.</summary>
internal static class ColorLayouts
{
    /// <summary>Gray becomes RGB and gray+alpha becomes RGBA (channels copied); colour images are returned as they are.</summary>
    public static WorkingImage ToColor(WorkingImage source)
    {
        if (!source.Layout.IsGray())
        {
            return source;
        }

        var hasAlpha = source.Layout.HasAlpha();
        var target = source.CreateLike(hasAlpha ? PixelLayout.Rgba : PixelLayout.Rgb);
        var src = source.Bytes;
        var dst = target.Bytes;
        if (hasAlpha)
        {
            for (int i = 0, o = 0; i < src.Length; i += 2, o += 4)
            {
                dst[o] = dst[o + 1] = dst[o + 2] = src[i];
                dst[o + 3] = src[i + 1];
            }
        }
        else
        {
            for (int i = 0, o = 0; i < src.Length; i++, o += 3)
            {
                dst[o] = dst[o + 1] = dst[o + 2] = src[i];
            }
        }

        source.Dispose();
        return target;
    }

    /// <summary>
    /// Drops the alpha channel by compositing on white: c' = (c*a + 255*(255-a) + 127) / 255.
    /// Used before writing JPEG, which has no alpha.
    /// </summary>
    public static WorkingImage FlattenOnWhite(WorkingImage source)
    {
        if (!source.Layout.HasAlpha())
        {
            return source;
        }

        var gray = source.Layout == PixelLayout.GrayAlpha;
        var target = source.CreateLike(gray ? PixelLayout.Gray : PixelLayout.Rgb);
        var src = source.Bytes;
        var dst = target.Bytes;
        var colorChannels = gray ? 1 : 3;
        var inChannels = colorChannels + 1;
        for (int i = 0, o = 0; i < src.Length; i += inChannels, o += colorChannels)
        {
            int alpha = src[i + colorChannels];
            var background = 255 * (255 - alpha);
            for (var c = 0; c < colorChannels; c++)
            {
                dst[o + c] = (byte)(((src[i + c] * alpha) + background + 127) / 255);
            }
        }

        source.Dispose();
        return target;
    }

    /// <summary>When every alpha value is 255, the alpha channel is dropped (gray+alpha to gray, RGBA to RGB).</summary>
    public static WorkingImage DropOpaqueAlpha(WorkingImage source)
    {
        if (!source.Layout.HasAlpha())
        {
            return source;
        }

        var channels = source.Channels;
        var src = source.Bytes;
        for (var i = channels - 1; i < src.Length; i += channels)
        {
            if (src[i] != 255)
            {
                return source;
            }
        }

        return FlattenOnWhite(source);
    }
}
