"""Memory for the largest animations an upload may be: the peak of checking and re-encoding one.

Run by `make bench` (bench/run.py) and on its own: `python bench/gif_memory.py`.

Each animation is built here at exactly the frames × pixels budget
(MAX_ANIMATION_PIXELS), then checked and re-encoded by `clean_image`, what every
uploaded image goes through, in a fresh Python process. The table gives that
process's peak resident memory (VmHWM) above its own baseline once Django and
Pillow are imported: the memory an upload costs the worker handling it. Pillow
allocates outside Python's heap, so tracemalloc would miss most of it.
"""

import io
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_MB = 200  # ISSUE10 item 4: the worst accepted animation stays under this


def status_mb(key):
    """A memory figure of this process from /proc/self/status, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{key}:"):
            return int(line.split()[1]) / 1024
    raise LookupError(key)


def measure(path):
    """In a fresh process: the peak memory of `clean_image` on the file at `path`."""
    setup_django()
    from django.core.files import File
    from PIL import Image

    from assets.images import clean_image

    Image.init()  # every plugin imported: part of the baseline, not of the upload
    baseline = status_mb("VmRSS")
    # Reset the high-water mark to the current size (Linux), so imports don't count.
    Path("/proc/self/clear_refs").write_text("5")
    started = time.perf_counter()
    with open(path, "rb") as handle:
        clean = clean_image(File(handle, name=Path(path).name))
    return {
        "peak_mb": status_mb("VmHWM") - baseline,
        "seconds": time.perf_counter() - started,
        "stored_bytes": clean.size,
    }


def worst_cases(budget, most_frames, frame_pixels):
    """(label, format, frames, size, mode) of animations exactly at the limits.

    Writers hold every converted frame until the end (a byte a pixel for GIF,
    four for RGBA PNG; WebP's streams them) and work on a few copies of the
    current frame, so the largest frames allowed, as many as the budget lets,
    are the worst; the most frames allowed add Python objects per frame.
    """
    side = math.isqrt(frame_pixels)
    largest = (side, side)
    small_side = math.isqrt(budget // most_frames)
    few = budget // (side * side)
    return [
        ("GIF, largest frames", "GIF", few, largest, "RGB"),
        ("GIF, most frames", "GIF", most_frames, (small_side, small_side), "RGB"),
        ("Animated PNG (RGBA), largest frames", "PNG", few, largest, "RGBA"),
        ("Animated WebP (RGBA), largest frames", "WEBP", few, largest, "RGBA"),
    ]


def build(image_format, frames, size, mode):
    """An animation whose every frame differs (a writer merges identical frames)."""
    from PIL import Image

    def frame(n):
        image = Image.new(mode, size, (n * 37 % 256, n * 11 % 256, 90, 255)[: len(mode)])
        image.putpixel((n % size[0], n // size[0] % size[1]), (255, 255, 255, 255)[: len(mode)])
        return image

    buffer = io.BytesIO()
    first = frame(0)
    rest = [frame(n) for n in range(1, frames)]
    lossless = {"lossless": True} if image_format == "WEBP" else {}
    first.save(
        buffer, image_format, save_all=True, append_images=rest, duration=40, loop=0, **lossless
    )
    return buffer.getvalue()


def run(limits):
    """Measure every worst case; return the table rows as dicts."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="gif-memory-") as folder:
        for label, image_format, frames, size, mode in worst_cases(*limits):
            path = Path(folder) / f"animation.{image_format.lower()}"
            path.write_bytes(build(image_format, frames, size, mode))
            result = subprocess.run(
                [sys.executable, __file__, "--measure", str(path)],
                cwd=ROOT,
                check=True,
                capture_output=True,
                text=True,
            )
            rows.append(
                {
                    "label": label,
                    "frames": frames,
                    "size": size,
                    "file_bytes": path.stat().st_size,
                    **json.loads(result.stdout),
                }
            )
    return rows


def table(limits, rows):
    budget, most_frames, frame_pixels = limits
    lines = [
        f"Largest accepted animations (MAX_ANIMATION_PIXELS {budget:,}, MAX_ANIMATION_FRAMES "
        f"{most_frames:,}, MAX_ANIMATION_FRAME_PIXELS {frame_pixels:,}): peak memory of "
        f"checking and re-encoding one, above the process's baseline (target: under "
        f"{TARGET_MB} MB).",
        "",
        "| animation | frames × size | upload | stored | peak above baseline | seconds |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for row in rows:
        width, height = row["size"]
        lines.append(
            f"| {row['label']} | {row['frames']:,} × {width} × {height} | "
            f"{row['file_bytes'] / 1024:,.0f} KB | {row['stored_bytes'] / 1024:,.0f} KB | "
            f"{row['peak_mb']:,.0f} MB | {row['seconds']:.1f} |"
        )
    return "\n".join(lines)


def setup_django():
    """The site's settings (the benchmark's environment, or local defaults)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thinktank.settings")
    if not os.environ.get("DJANGO_SECRET_KEY"):
        os.environ.setdefault("DJANGO_DEBUG", "1")  # run on its own: local defaults
    import django

    django.setup()


def configured_limits():
    setup_django()
    from django.conf import settings

    return (
        settings.MAX_ANIMATION_PIXELS,
        settings.MAX_ANIMATION_FRAMES,
        settings.MAX_ANIMATION_FRAME_PIXELS,
    )


def main():
    if sys.argv[1:2] == ["--measure"]:
        print(json.dumps(measure(sys.argv[2])))
        return
    limits = configured_limits()
    print(table(limits, run(limits)))


if __name__ == "__main__":
    main()
