"""What a render needs beyond the document itself: the user's own templates."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    """Where a render may look besides the built-in templates.

    Attributes:
        user_templates: a folder whose files override the built-in templates of every kind
            (``<kind>.html.j2``, macros, ``theme.css``, ``theme.yaml``, ``<kind>.docx``);
            read sandboxed.
        word_template: a ``.docx`` with placeholders to fill instead of the built-in Word
            layout (a letterhead); it wins over ``user_templates/<kind>.docx``.
    """

    user_templates: Path | None = None
    word_template: Path | None = None

    @property
    def extra_roots(self) -> list[Path] | None:
        """Folders the PDF engine may read from besides the built-in templates."""
        return [self.user_templates] if self.user_templates else None
