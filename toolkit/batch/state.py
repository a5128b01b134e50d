"""What makes a batch resumable: a hash per item, kept in ``<out>/.toolkit-batch.json``.

An item's hash covers everything its output depends on: the bytes of its input files
(profile, photo, posting, letter file), its kind and formats, the render options (with the
document date fixed), the interview settings and the toolkit version. An item is skipped
when its hash is the one recorded and every file it wrote is still there, unchanged.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from toolkit._version import __version__
from toolkit.batch.worker import Task
from toolkit.output import publish

STATE_FILE = ".toolkit-batch.json"


def task_hash(task: Task) -> str:
    """The SHA-256 of everything the item's output depends on."""
    parts: dict[str, Any] = {
        "toolkit": __version__,
        "kind": task.kind,
        "formats": list(task.formats),
        "options": task.options.model_dump(mode="json"),
        "interview": task.interview if task.kind == "interview" else None,
        "profile": task.profile.sha256,
        "attachments": sorted((a.name, a.sha256) for a in task.attachments),
        "posting": task.posting.sha256 if task.posting else None,
        "letter": task.letter.sha256 if task.letter and task.kind == "letter" else None,
    }
    text = json.dumps(parts, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def file_sha256(path: Path) -> str | None:
    """The SHA-256 of a file, or ``None`` when it cannot be read."""
    try:
        with path.open("rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return None


class BatchState:
    """The recorded items of an output folder: id -> hash and the files written."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.items: dict[str, dict[str, Any]] = {}
        try:
            data = json.loads((out / STATE_FILE).read_text("utf-8"))
        except (OSError, ValueError):
            return
        items = data.get("items") if isinstance(data, dict) else None
        if isinstance(items, dict):
            self.items = {str(k): v for k, v in items.items() if isinstance(v, dict)}

    def is_current(self, item_id: str, digest: str) -> bool:
        """Whether the item was rendered from these inputs and its files are untouched."""
        entry = self.items.get(item_id)
        if not entry or entry.get("hash") != digest:
            return False
        outputs = entry.get("outputs")
        if not isinstance(outputs, dict) or not outputs:
            return False
        return all(file_sha256(self.out / name) == sha for name, sha in outputs.items())

    def outputs(self, item_id: str) -> list[Path]:
        """The files recorded for an item."""
        outputs = self.items.get(item_id, {}).get("outputs") or {}
        return [self.out / name for name in outputs]

    def seconds(self, item_id: str) -> float | None:
        """How long the item took to render last time, if it was recorded."""
        value = self.items.get(item_id, {}).get("seconds")
        return float(value) if isinstance(value, int | float) else None

    def record(self, item_id: str, digest: str, files: dict[Path, bytes], seconds: float) -> None:
        """Remember that the item with this hash wrote these files (and save at once)."""
        self.items[item_id] = {
            "hash": digest,
            "seconds": round(seconds, 3),
            "outputs": {
                path.resolve().relative_to(self.out.resolve()).as_posix(): hashlib.sha256(
                    data
                ).hexdigest()
                for path, data in files.items()
            },
        }
        self.save()

    def forget(self, item_id: str) -> None:
        """Drop an item (it failed: the next run tries it again)."""
        if self.items.pop(item_id, None) is not None:
            self.save()

    def save(self) -> None:
        """Write the state atomically (a killed run keeps every item finished before it)."""
        record = {
            "toolkit_version": __version__,
            "items": dict(sorted(self.items.items())),
        }
        text = json.dumps(record, indent=2, ensure_ascii=False) + "\n"
        publish(self.out, {STATE_FILE: text.encode()}, force=True)
