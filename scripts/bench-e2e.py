#!/usr/bin/env python3
"""End-to-end timing of a running ImageFunctions host: submit N generated 1920x1080 JPEGs, poll until
all_ready, download the ZIP. Medians over several jobs, each with a different `quality` so that the
result cache never answers. Needs Debian's python3-pil and curl.

    dotnet run -c Release --project ImageFunctions -- --standalone --urls http://127.0.0.1:8000 &
    /usr/bin/python3 scripts/bench-e2e.py http://127.0.0.1:8000 [images=20] [jobs=6]
"""
import json
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from PIL import Image


def make_images(folder: Path, count: int) -> list[Path]:
    paths = []
    gradient = Image.linear_gradient("L").resize((1920, 1080))
    for i in range(count):
        noise = Image.effect_noise((1920, 1080), 40)
        image = Image.merge("RGB", [noise.point(lambda v, i=i: (v + i * 10) % 256), noise, gradient])
        path = folder / f"p{i:02}.jpg"
        image.save(path, quality=90)
        paths.append(path)
    return paths


def run_job(base: str, files: list[Path], chain: str, quality: int) -> tuple[float, float, float]:
    args = ["curl", "-sf", "-X", "POST", f"{base}/process-job?filter={chain}&quality={quality}"]
    for path in files:
        args += ["-F", f"files=@{path}"]
    start = time.perf_counter()
    job = json.loads(subprocess.check_output(args))
    submitted = time.perf_counter()
    while True:
        status = json.load(urllib.request.urlopen(f"{base}/status-job/{job['job_id']}"))
        if status["all_ready"]:
            break
        time.sleep(0.02)
    ready = time.perf_counter()
    urllib.request.urlopen(f"{base}/download/{job['job_id']}").read()
    done = time.perf_counter()
    assert status["progress"]["succeeded"] == len(files), status
    return (submitted - start) * 1000, (ready - start) * 1000, (done - start) * 1000


def main() -> None:
    base = sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:8000"
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    jobs = int(sys.argv[3]) if len(sys.argv) > 3 else 6
    with tempfile.TemporaryDirectory() as folder:
        files = make_images(Path(folder), count)
        quality = 90
        for chain in ["blur", "grayscale,edges"]:
            runs = []
            for _ in range(jobs):
                runs.append(run_job(base, files, chain, quality))
                quality -= 1
            runs = runs[1:]  # the first job warms the process up
            print(f"{chain}: {count} x 1920x1080 JPEG, medians of {len(runs)} uncached jobs: "
                  f"submit {statistics.median(r[0] for r in runs):.0f} ms, "
                  f"all ready {statistics.median(r[1] for r in runs):.0f} ms, "
                  f"with ZIP {statistics.median(r[2] for r in runs):.0f} ms")


if __name__ == "__main__":
    main()
