#!/usr/bin/python3
"""Pillow reference timings for docs/benchmarks.md, on the same kind of image the .NET benchmarks generate.

Run with Debian's Pillow on an idle machine:  /usr/bin/python3 scripts/bench-pillow.py [WIDTHxHEIGHT]
Prints the median of timeit repeats (ms, one thread) for decode, the Pillow filters, convert("L") and JPEG q90 encode.
"""

import io
import random
import statistics
import sys
import timeit

import PIL
from PIL import Image, ImageFilter


def make_image(width, height):
    # Same recipe as ImageFunctions.Benchmarks/BenchmarkImages.cs: gradients, 64x48 blocks, seeded noise.
    rng = random.Random(42)
    data = bytearray()
    for y in range(height):
        for x in range(width):
            block = 40 if ((x // 64) + (y // 48)) % 2 == 0 else 0
            noise = rng.randint(-12, 12)
            data += bytes((
                max(0, min(255, x * 255 // width + noise + block)),
                max(0, min(255, y * 255 // height + noise)),
                max(0, min(255, (x + y) * 255 // (width + height) - noise + block)),
            ))
    return Image.frombytes("RGB", (width, height), bytes(data))


def median_ms(fn, number, repeat=7):
    return statistics.median(timeit.repeat(fn, number=number, repeat=repeat)) / number * 1000


def main():
    width, height = (int(v) for v in (sys.argv[1] if len(sys.argv) > 1 else "1920x1080").split("x"))
    buffer = io.BytesIO()
    make_image(width, height).save(buffer, format="JPEG", quality=90)
    jpeg = buffer.getvalue()
    image = Image.open(io.BytesIO(jpeg))
    image.load()

    def decode():
        im = Image.open(io.BytesIO(jpeg))
        im.load()

    def encode():
        image.save(io.BytesIO(), format="JPEG", quality=90)

    def pipeline():
        im = Image.open(io.BytesIO(jpeg))
        im.filter(ImageFilter.BLUR).save(io.BytesIO(), format="JPEG", quality=90)

    rows = [
        ("decode JPEG", decode),
        ("BLUR", lambda: image.filter(ImageFilter.BLUR)),
        ("SHARPEN", lambda: image.filter(ImageFilter.SHARPEN)),
        ("FIND_EDGES", lambda: image.filter(ImageFilter.FIND_EDGES)),
        ("SMOOTH", lambda: image.filter(ImageFilter.SMOOTH)),
        ('convert("L")', lambda: image.convert("L")),
        ("encode JPEG q90", encode),
        ("decode+BLUR+encode", pipeline),
    ]
    print(f"Pillow {PIL.__version__}, {width}x{height}, median ms")
    for name, fn in rows:
        print(f"{name:20s} {median_ms(fn, number=5):8.2f}")


if __name__ == "__main__":
    main()
