"""Pages side by side with RenderCV's classic theme, on the same content, for reading by eye.

Usage: ``python bench/compare_pages.py [PROFILE.yaml ...] [--out output/compare]``. For each
profile (default: the examples), RenderCV (from the bench venv, ``make bench-rendercv-venv``)
typesets the profile's content in its classic theme and the toolkit in each built-in theme;
pages 1 and 2 of each are set beside RenderCV's at 80 dpi into
``<out>/<profile>-<theme>-vs-rendercv.png``. Nothing is measured: this is for looking.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import toolkit
from bench.rendercv_side import find_rendercv, rendercv_env, rendercv_input
from toolkit.formats.png import pdf_to_pngs

ROOT = Path(__file__).resolve().parent.parent
THEMES = ("plain", "modern", "compact")
DPI = 80


def _pages(pdf: bytes, dpi: int = DPI) -> list[Image.Image]:
    import io

    return [Image.open(io.BytesIO(png)).convert("RGB") for png in pdf_to_pngs(pdf, dpi=dpi)][:2]


def _rendercv_pdf(profile: toolkit.Profile, work: Path) -> bytes:
    python, _, why = find_rendercv()
    if python is None:
        raise SystemExit(why)
    source = work / "input.json"
    source.write_text(json.dumps(rendercv_input(profile.model_dump(mode="json"))))
    target = work / "rendercv.pdf"
    script = (
        "import json, pathlib, sys; from rendercv import api;"
        "errors = api.create_a_pdf_from_a_python_dictionary("
        "json.loads(pathlib.Path(sys.argv[1]).read_text()), pathlib.Path(sys.argv[2]));"
        "print(errors) if errors else None; sys.exit(1 if errors else 0)"
    )
    subprocess.run(
        [str(python), "-c", script, str(source), str(target)], check=True, env=rendercv_env()
    )
    return target.read_bytes()


def _sheet(
    left: list[Image.Image], right: list[Image.Image], labels: tuple[str, str]
) -> Image.Image:
    """Two columns (ours, RenderCV's), pages 1 and 2 one under the other, with labels."""
    width = max(p.width for p in left + right)
    height = max(p.height for p in left + right)
    gap, head = 16, 24
    sheet = Image.new("RGB", (2 * width + 3 * gap, 2 * (height + gap) + head + gap), "#888")
    draw = ImageDraw.Draw(sheet)
    for col, (pages, label) in enumerate(((left, labels[0]), (right, labels[1]))):
        x = gap + col * (width + gap)
        draw.text((x, 6), label, fill="white")
        for row in range(2):
            y = head + row * (height + gap)
            if row < len(pages):
                sheet.paste(pages[row], (x, y))
            else:
                draw.text((x + 10, y + 10), "(no page 2)", fill="white")
    return sheet


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("profiles", nargs="*", type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "output" / "compare")
    parser.add_argument("--dpi", type=int, default=DPI, help=f"resolution (default {DPI})")
    args = parser.parse_args()
    profiles = args.profiles or [
        p for p in sorted((ROOT / "examples").glob("*.yaml")) if "letter" not in p.name
    ]
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for path in profiles:
            profile = toolkit.load_profile(path)
            theirs = _pages(_rendercv_pdf(profile, Path(tmp)), args.dpi)
            for theme in THEMES:
                ours = _pages(toolkit.render(profile, "resume", "pdf", theme=theme), args.dpi)
                sheet = _sheet(ours, theirs, (f"toolkit {theme}", "RenderCV classic"))
                target = args.out / f"{path.stem}-{theme}-vs-rendercv.png"
                sheet.quantize(colors=64).save(target, optimize=True)  # small enough to keep
                print(target)


if __name__ == "__main__":
    main()
