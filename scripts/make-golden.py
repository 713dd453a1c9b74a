#!/usr/bin/python3
"""Generate the golden images used by ImageFunctions.Tests/Imaging.

The expected outputs come from Pillow itself (the old service used Pillow), so the tests prove that our
kernels are identical to Pillow's ImageFilter.BLUR/SHARPEN/FIND_EDGES/SMOOTH/..., convert("L") and ImageOps.invert.

Regenerate (Debian's Pillow, /usr/bin/python3 with python3-pil; run from the repository root):

    /usr/bin/python3 scripts/make-golden.py

Everything is deterministic (fixed random seed, no timestamps), so running it twice gives the same files.
Writes ImageFunctions.Tests/Unit/Imaging/Golden/:
  sources/<name>.png             the inputs (RGB, RGBA, L, palette, odd and tiny sizes)
  expected/<name>__<filter>.png  Pillow's output for each filter of PILLOW below and each chain of CHAINS
                                 (gaussian_blur_2 is compared with a tolerance, the others exactly)
  hostile/*                      inputs for the safety tests (16-bit PNG, CMYK JPEG, many-frame GIF,
                                 a PNG header claiming 100000x100000, an EXIF-rotated JPEG)

The list of filters is the engine's (ImageFunctions/Imaging/Filters, one class per filter), not this script's.
PILLOW only says how Pillow computes the filters it has. GoldenImageTests runs every registered filter on every
source and names each expected file that is missing. For a filter that Pillow does not have (sepia), the expected
files are the engine's own output, checked by eye and recorded once by the test itself:

    IMAGEFUNCTIONS_RECORD_GOLDEN=1 dotnet test ImageFunctions.Tests --filter "FullyQualifiedName~GoldenImageTests"

(it writes only missing files and fails for each one it wrote; run it again without the variable). See
docs/architecture.md, Adding a filter.
"""

import io
import os
import random
import struct
import zlib

import PIL
from PIL import Image, ImageFilter, ImageOps

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "ImageFunctions.Tests", "Unit", "Imaging", "Golden")


def pillow_input(im):
    """Pillow cannot filter palette images; we expand them (documented in docs/architecture.md, Filters)."""
    return im.convert("RGB") if im.mode == "P" else im


def kernel(pillow_filter):
    return lambda im: pillow_input(im).filter(pillow_filter)


def grayscale(im):
    """convert("L"); an image with alpha keeps it (convert("LA") uses the same L formula)."""
    return im.convert("LA") if im.mode == "RGBA" else im.convert("L")


def invert(im):
    """ImageOps.invert on the colour (or gray) bands; alpha is kept."""
    work = pillow_input(im)
    bands = list(work.split())
    colour = bands[:-1] if work.mode in ("RGBA", "LA") else bands
    return Image.merge(work.mode, [ImageOps.invert(band) for band in colour] + bands[len(colour):])


# The engine's filters that Pillow has, by the name their golden files carry: the filter name, or for a filter with
# parameters its defaults (gaussian_blur:2 -> gaussian_blur_2).
PILLOW = {
    "blur": kernel(ImageFilter.BLUR),
    "sharpen": kernel(ImageFilter.SHARPEN),
    "edges": kernel(ImageFilter.FIND_EDGES),
    "smooth": kernel(ImageFilter.SMOOTH),
    "smooth_more": kernel(ImageFilter.SMOOTH_MORE),
    "contour": kernel(ImageFilter.CONTOUR),
    "detail": kernel(ImageFilter.DETAIL),
    "edge_enhance": kernel(ImageFilter.EDGE_ENHANCE),
    "edge_enhance_more": kernel(ImageFilter.EDGE_ENHANCE_MORE),
    "emboss": kernel(ImageFilter.EMBOSS),
    "grayscale": grayscale,
    # Not bit-exact by design (tests allow a small difference): GaussianBlur(2).
    "gaussian_blur_2": kernel(ImageFilter.GaussianBlur(2)),
    "invert": invert,
}

# Chains the golden tests also run, applied left to right.
CHAINS = {
    "grayscale,edges": lambda im: grayscale(im).filter(ImageFilter.FIND_EDGES),
}


def noisy_rgb(width, height, rng):
    """Gradients plus noise plus a few hard edges, so every kernel sees flat, smooth and sharp areas."""
    im = Image.new("RGB", (width, height))
    px = im.load()
    for y in range(height):
        for x in range(width):
            r = (x * 255 // max(1, width - 1) + rng.randint(-40, 40)) % 256
            g = (y * 255 // max(1, height - 1) + rng.randint(-40, 40)) % 256
            b = 255 if (x // 7 + y // 5) % 2 else rng.randint(0, 255)
            px[x, y] = (r, g, b)
    return im


def sources(rng):
    rgb = noisy_rgb(200, 150, rng)
    yield "rgb_200x150", rgb
    yield "rgb_odd_37x23", noisy_rgb(37, 23, rng)
    rgba = noisy_rgb(41, 29, rng).convert("RGBA")
    alpha = Image.new("L", rgba.size)
    alpha.putdata([rng.choice([0, 255, rng.randint(0, 255)]) for _ in range(rgba.size[0] * rgba.size[1])])
    rgba.putalpha(alpha)
    yield "rgba_41x29", rgba
    yield "l_33x31", noisy_rgb(33, 31, rng).convert("L")
    yield "palette_50x40", noisy_rgb(50, 40, rng).quantize(colors=64, dither=Image.Dither.NONE)
    yield "rgb_4x4", noisy_rgb(4, 4, rng)
    yield "rgb_2x7", noisy_rgb(2, 7, rng)
    yield "l_3x3", noisy_rgb(3, 3, rng).convert("L")
    yield "rgb_5x5", noisy_rgb(5, 5, rng)


def save_png(im, path):
    im.save(path, format="PNG", optimize=False, compress_level=6)


def expected(name, im):
    for golden_name, make in {**PILLOW, **CHAINS}.items():
        save_png(make(im), os.path.join(ROOT, "expected", f"{name}__{golden_name}.png"))


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def hostile(rng):
    out = os.path.join(ROOT, "hostile")
    # A valid PNG header (correct CRCs) claiming 100000 x 100000 RGBA pixels, with a tiny IDAT.
    ihdr = struct.pack(">IIBBBBB", 100000, 100000, 8, 6, 0, 0, 0)
    data = b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", zlib.compress(b"\0" * 64)) + png_chunk(b"IEND", b"")
    with open(os.path.join(out, "huge_100000x100000.png"), "wb") as fh:
        fh.write(data)

    # 16-bit grayscale PNG.
    im16 = Image.new("I;16", (24, 16))
    im16.putdata([(x * 2731 + y * 97) % 65536 for y in range(16) for x in range(24)])
    im16.save(os.path.join(out, "gray16_24x16.png"), format="PNG")

    # CMYK JPEG (Adobe marker, inverted by Pillow as usual).
    cmyk = noisy_rgb(32, 24, rng).convert("CMYK")
    cmyk.save(os.path.join(out, "cmyk_32x24.jpg"), format="JPEG", quality=90)

    # GIF89a, 1000x1000 logical screen, 3000 frames of 1x1 pixel written by hand (Pillow's writer would add a
    # 768-byte palette per frame). Decoding every frame at full canvas size would need 12 GB; the engine must
    # decode the first frame only. LZW with minimum code size 2: codes clear(4), pixel, end(5), 3 bits each.
    gif = bytearray(b"GIF89a" + struct.pack("<HHBBB", 1000, 1000, 0x80, 0, 0) + bytes([0, 0, 0, 255, 255, 255]))
    gif += b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00"
    for i in range(3000):
        gif += b"\x21\xf9\x04\x04\x01\x00\x00\x00"
        gif += b"\x2c" + struct.pack("<HHHHB", (i * 7) % 1000, (i * 13) % 1000, 1, 1, 0)
        code = 4 | ((i % 2) << 3) | (5 << 6)
        gif += bytes([2, 2, code & 0xFF, code >> 8, 0])
    gif += b"\x3b"
    with open(os.path.join(out, "frames_3000.gif"), "wb") as fh:
        fh.write(gif)

    # JPEG 40x20 with EXIF orientation 6 (rotate 90 degrees clockwise to display): result is 20x40.
    exif = Image.Exif()
    exif[0x0112] = 6
    noisy_rgb(40, 20, rng).save(os.path.join(out, "exif_rotate90_40x20.jpg"), format="JPEG", quality=90, exif=exif.tobytes())


def main():
    for sub in ("sources", "expected", "hostile"):
        os.makedirs(os.path.join(ROOT, sub), exist_ok=True)
    rng = random.Random(20240601)
    for name, im in sources(rng):
        save_png(im, os.path.join(ROOT, "sources", f"{name}.png"))
        expected(name, im)
    hostile(rng)
    print(f"golden images written with Pillow {PIL.__version__} to {os.path.normpath(ROOT)}")
    print("filters that Pillow does not have keep their recorded golden images; GoldenImageTests names any that are")
    print("missing: record them with IMAGEFUNCTIONS_RECORD_GOLDEN=1 (see the top of this script)")


if __name__ == "__main__":
    main()
