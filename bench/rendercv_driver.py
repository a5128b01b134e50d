"""Warm RenderCV renders for ``bench/run.py``; runs with the RenderCV venv's Python.

Usage: ``python rendercv_driver.py INPUT.yaml OUT_DIR``. RenderCV's API is imported once; then
each line ``render`` on standard input renders the input to a PDF through
``rendercv.api.create_a_pdf_from_a_python_dictionary`` (validation, Typst source, Typst
compile, file written) and answers one line: the render's milliseconds (or ``error ...``).
``quit`` or end of input stops it. The parent alternates these renders with its own, so both
warm numbers come from the same minutes of a noisy machine.
"""

import json
import pathlib
import sys
import time


def main() -> None:
    source, out_dir = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    out_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    from rendercv import api

    data = json.loads(source.read_text(encoding="utf-8"))
    print(f"ready {1000 * (time.perf_counter() - started):.3f}", flush=True)
    count = 0
    for line in sys.stdin:
        command = line.strip()
        if command == "quit":
            break
        count += 1
        target = out_dir / f"render-{count % 2}.pdf"
        start = time.perf_counter()
        try:
            errors = api.create_a_pdf_from_a_python_dictionary(data, target)
        except Exception as exc:  # report, keep serving
            print(f"error {type(exc).__name__}: {exc}".replace("\n", " "), flush=True)
            continue
        elapsed = 1000 * (time.perf_counter() - start)
        if errors:
            print(f"error invalid input: {errors}".replace("\n", " "), flush=True)
        elif not target.is_file() or target.stat().st_size == 0:
            print("error no PDF written", flush=True)
        else:
            print(f"{elapsed:.3f}", flush=True)


if __name__ == "__main__":
    main()
