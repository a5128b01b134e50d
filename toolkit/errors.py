"""The exception tree and the located-issue record every error carries.

::

    ToolkitError            what library callers catch
      UserError             the user can fix it; the CLI prints it and exits 1
        InputError          .issues: every problem at once (file, line, column, field, value, hint)
        TemplateError       template name, line, message
        NotFoundError       theme, role pack, file
        OutputError         a file the toolkit would overwrite but did not write, a bad path,
                            or a folder that cannot be written
      ArgumentError         a library call got a value of the wrong type (also a TypeError)
      RenderError           an engine failed (format, cause)
        LimitError          a render went over its Limits (toolkit.pipeline.limits)

Every public function raises these and nothing else for anything its caller passes it; the
docstring of each says which.

Library code raises these and never prints; ``toolkit.cli`` is the one place that turns
a :class:`UserError` into a message and an exit code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem found in an input, located as precisely as the input allows.

    Attributes:
        message: what is wrong, in plain English.
        path: the field path inside the document, e.g. ``("experience", 0, "end")``.
        file: the file name as the user gave it, or ``None`` for in-memory input.
        line: 1-based line, when known.
        column: 1-based column, when known.
        value: a short, printable form of the offending value (``None`` when hidden).
        hint: what to do about it.
        severity: ``"error"`` stops loading; ``"warning"`` is reported and loading goes on.
    """

    message: str
    path: tuple[str | int, ...] = ()
    file: str | None = None
    line: int | None = None
    column: int | None = None
    value: str | None = None
    hint: str | None = None
    severity: Severity = "error"

    @property
    def field(self) -> str:
        """The field path in dotted form, e.g. ``experience[0].end``."""
        return format_path(self.path)

    @property
    def where(self) -> str:
        """``file:line:column`` with the parts that are known."""
        parts = [self.file or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        text = f"{self.where}: {self.field + ': ' if self.path else ''}{self.message}"
        if self.value is not None:
            text += f" (got {self.value})"
        if self.hint:
            text += f" — {self.hint}"
        return text


def format_path(path: tuple[str | int, ...]) -> str:
    """Render a field path the way people write it: ``experience[0].highlights[2]``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


class ToolkitError(Exception):
    """Base class of every error the toolkit raises on purpose."""


class UserError(ToolkitError):
    """Something the user can fix: bad input, a missing file, a broken template."""


class InputError(UserError):
    """An input document has problems; ``.issues`` lists every one found in one pass."""

    def __init__(self, issues: list[Issue], source: str | None = None) -> None:
        self.issues = list(issues)
        self.source = source
        errors = [i for i in self.issues if i.severity == "error"]
        count = len(errors)
        head = f"{source or 'input'}: {count} problem{'s' if count != 1 else ''}"
        super().__init__(head + "".join(f"\n  {i}" for i in errors))

    def __reduce__(self) -> tuple[Any, ...]:  # errors cross process boundaries (RenderPool)
        return (InputError, (self.issues, self.source))

    @property
    def errors(self) -> list[Issue]:
        """The issues of severity ``error``."""
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        """The issues of severity ``warning``."""
        return [i for i in self.issues if i.severity == "warning"]


class TemplateError(UserError):
    """A template could not be loaded or rendered."""

    def __init__(self, message: str, *, template: str | None = None, line: int | None = None):
        self.template = template
        self.line = line
        where = f"{template}:{line}: " if template and line else f"{template}: " if template else ""
        self._message = message
        super().__init__(where + message)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_template_error, (self._message, self.template, self.line))


class NotFoundError(UserError):
    """A named thing (file, theme, role pack) does not exist."""


class OutputError(UserError):
    """Writing output was refused: an unsafe path, or a file the toolkit did not write."""


class RenderError(ToolkitError):
    """A rendering engine failed on input that passed validation."""

    def __init__(self, message: str, *, fmt: str | None = None) -> None:
        self.fmt = fmt
        self._message = message
        super().__init__(f"{fmt}: {message}" if fmt else message)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_render_error, (self._message, self.fmt))


def _template_error(message: str, template: str | None, line: int | None) -> TemplateError:
    return TemplateError(message, template=template, line=line)


def _render_error(message: str, fmt: str | None) -> RenderError:
    return RenderError(message, fmt=fmt)


class ArgumentError(ToolkitError, TypeError):
    """A library function was called with a value of the wrong type (a programming error in
    the calling app, not in a user's file). It is a :class:`TypeError` too."""


def expect(name: str, value: object, *types: type, optional: bool = False) -> None:
    """Refuse ``value`` unless it is one of ``types`` (or ``None`` when ``optional``).

    Raises:
        ArgumentError: naming the argument, what it takes and what it got.
    """
    if value is None and optional:
        return
    if isinstance(value, types):
        return
    names = " or ".join(t.__name__ for t in types) + (" or None" if optional else "")
    raise ArgumentError(f"{name} takes {names}, not {type(value).__name__}")
