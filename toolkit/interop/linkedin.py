"""LinkedIn's "Download your data" export (a .zip of CSV files) to a profile.

LinkedIn gives members their data as a .zip (Settings & Privacy -> Data privacy -> Get a
copy of your data). :func:`read_linkedin` reads ``Profile.csv`` (required) and, when they
are there, ``Positions.csv``, ``Education.csv``, ``Skills.csv``, ``Certifications.csv``,
``Email Addresses.csv``, ``PhoneNumbers.csv``, ``Languages.csv``, ``Projects.csv``,
``Honors.csv`` and ``Volunteering.csv``, wherever they sit in the archive. Every other file
(messages, connections, ads data …) is ignored without being read.

Privacy: ``Birth Date``, ``Maiden Name``, ``Address`` and ``Instant Messengers`` from
``Profile.csv`` are never imported, on purpose: a resume needs none of them and they help
identity theft and discrimination. When they hold something, a warning says they were left out.

The archive is read in memory and never extracted. Entry count, each CSV's size (as the
archive states it and as actually read) and the compression ratio are capped, so a hostile
archive cannot exhaust memory. Every problem a person can fix is reported at once as an
:class:`~toolkit.errors.InputError` whose issues name the CSV file (``export.zip:Positions.csv``)
and the line, and the profile field the value was meant for.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from pydantic import ValidationError
from pydantic_core import PydanticCustomError

from toolkit.errors import InputError, Issue, NotFoundError
from toolkit.load.profile import Loaded, issues_from_validation
from toolkit.load.sources import Located, PathT, decode
from toolkit.models.common import check_url, date_end
from toolkit.models.profile import Profile, profile_warnings

__all__ = ["KNOWN_FILES", "parse_linkedin_date", "read_linkedin", "split_description"]

MAX_ENTRIES = 2000
"""The most entries an archive (or files a folder) may hold; LinkedIn's has under 100."""
MAX_CSV_BYTES = 5 * 1024 * 1024
"""The largest CSV read (5 MiB); a long career is a few dozen KiB."""
MAX_RATIO = 100
"""The highest compression ratio accepted for an entry larger than :data:`RATIO_FLOOR`."""
RATIO_FLOOR = 1024 * 1024
MAX_DIRECTORY_BYTES = 4 * 1024 * 1024
"""The largest central directory read (it lists the entries; 2,000 need far less)."""
MAX_DEPTH = 4
"""How many folders deep the CSV files are looked for in an unpacked export."""

# The CSV files read, and the columns that mark each one's header row.
KNOWN_FILES: dict[str, tuple[str, ...]] = {
    "Profile.csv": ("First Name", "Last Name"),
    "Positions.csv": ("Company Name", "Title"),
    "Education.csv": ("School Name",),
    "Skills.csv": ("Name",),
    "Certifications.csv": ("Name",),
    "Email Addresses.csv": ("Email Address",),
    "PhoneNumbers.csv": ("Number",),
    "Languages.csv": ("Name",),
    "Projects.csv": ("Title",),
    "Honors.csv": ("Title",),
    "Volunteering.csv": ("Company Name",),
}
_BY_FOLDED = {name.casefold(): name for name in KNOWN_FILES}

# Profile.csv columns never imported (see the module docstring).
_PRIVATE_COLUMNS = ("Birth Date", "Maiden Name", "Address", "Instant Messengers")

_EXPORT_HINT = (
    "use LinkedIn's data export (Settings & Privacy > Data privacy > Get a copy of your data): "
    "the .zip LinkedIn sends, or the folder it unpacks to, holding Profile.csv, Positions.csv, "
    "Education.csv, Skills.csv …"
)

# --- dates ----------------------------------------------------------------------------------

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_YEAR = re.compile(r"^(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
_MONTH_YEAR = re.compile(r"^([A-Za-z]+)\.? (\d{4})$")
_MONTH_DAY_YEAR = re.compile(r"^([A-Za-z]+)\.? (\d{1,2}),? (\d{4})$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2}) ([A-Za-z]+)\.?,? (\d{4})$")


def _month(name: str) -> int:
    number = _MONTHS.get(name.lower())
    if number is None:
        raise ValueError(f"'{name}' is not a month")
    return number


def _iso(year: int, month: int | None = None, day: int | None = None) -> str:
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        raise ValueError(f"there is no month {month}")
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        date(year, month, day)
    except ValueError:
        raise ValueError(f"{year:04d}-{month:02d} has no day {day}") from None
    return f"{year:04d}-{month:02d}-{day:02d}"


def parse_linkedin_date(text: str) -> str:
    """Turn a date as LinkedIn writes it into the profile's partial-date form.

    ``"Mar 2019"`` becomes ``"2019-03"``, ``"2019"`` stays ``"2019"``, ``"Mar 12, 2019"``
    (or ``"12 Mar 2019"``) becomes ``"2019-03-12"``; ISO dates are kept.

    Args:
        text: the cell's text (surrounding spaces are ignored).

    Returns:
        ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

    Raises:
        ValueError: if the text is no such date; the message says why.
    """
    value = " ".join(text.split())
    if m := _YEAR.match(value):
        return _iso(int(m.group(1)))
    if m := _ISO.match(value):
        return _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)) if m.group(3) else None)
    if m := _MONTH_YEAR.match(value):
        return _iso(int(m.group(2)), _month(m.group(1)))
    if m := _MONTH_DAY_YEAR.match(value):
        return _iso(int(m.group(3)), _month(m.group(1)), int(m.group(2)))
    if m := _DAY_MONTH_YEAR.match(value):
        return _iso(int(m.group(3)), _month(m.group(2)), int(m.group(1)))
    raise ValueError("not a date in a form LinkedIn writes")


# --- reading the archive --------------------------------------------------------------------


@dataclass
class _Raw:
    """One known CSV file's bytes and the name issues use for it."""

    name: str
    label: str
    data: bytes


@dataclass
class _Files:
    found: dict[str, _Raw] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)

    def add(self, name: str, label: str, data: bytes) -> None:
        if name in self.found:
            self.issues.append(
                Issue(
                    f"a second {name} was ignored; {self.found[name].label} was read",
                    file=label,
                    hint="LinkedIn's export holds one of each file; remove the extra copy",
                    severity="warning",
                )
            )
            return
        self.found[name] = _Raw(name, label, data)


def _refuse(message: str, source: str, hint: str = _EXPORT_HINT) -> InputError:
    return InputError([Issue(message, file=source, hint=hint)], source)


def _check_directory(fh: BinaryIO, source: str) -> None:
    """Refuse an archive whose central directory lists too many entries, before parsing it.

    ``zipfile`` builds an object per entry while opening; this reads the end record first so
    an archive of millions of tiny entries is refused without that cost. Anything malformed
    is left for ``zipfile`` to report.
    """
    size = fh.seek(0, os.SEEK_END)
    tail_len = min(size, 22 + 0xFFFF)
    fh.seek(size - tail_len)
    tail = fh.read(tail_len)
    # Like zipfile: the end record is the last 22 bytes, unless a comment follows it.
    at = len(tail) - 22 if tail[-22:-18] == b"PK\x05\x06" else tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        return
    entries, directory_size = struct.unpack("<HI", tail[at + 10 : at + 16])
    if entries == 0xFFFF or directory_size == 0xFFFFFFFF:  # ZIP64: read the real counts
        locator_at = size - tail_len + at - 20
        if locator_at >= 0:
            fh.seek(locator_at)
            locator = fh.read(20)
            if locator[:4] == b"PK\x06\x07":
                (record_at,) = struct.unpack("<Q", locator[8:16])
                fh.seek(record_at)
                record = fh.read(56)
                if record[:4] == b"PK\x06\x06" and len(record) == 56:
                    entries, directory_size = struct.unpack("<QQ", record[32:48])
    hint = "LinkedIn's export holds a few dozen files; check you picked the right archive"
    if entries > MAX_ENTRIES:
        raise _refuse(
            f"the archive lists {entries} entries (at most {MAX_ENTRIES} are read)", source, hint
        )
    if directory_size > MAX_DIRECTORY_BYTES:
        raise _refuse(
            f"the archive's list of entries takes {directory_size} bytes "
            f"(at most {MAX_DIRECTORY_BYTES // (1024 * 1024)} MiB are read)",
            source,
            hint,
        )


def _read_entry(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, label: str) -> bytes | Issue:
    if info.flag_bits & 0x1:
        return Issue(
            f"{name} is password-protected",
            file=label,
            hint="download the export again; LinkedIn's is not encrypted",
        )
    if info.file_size > MAX_CSV_BYTES:
        return Issue(
            f"{name} is larger than {MAX_CSV_BYTES // (1024 * 1024)} MiB "
            f"({info.file_size} bytes when unpacked)",
            file=label,
            hint="a LinkedIn CSV is far smaller; check the archive is LinkedIn's export",
        )
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
        return Issue(
            f"{name} is compressed {ratio:.0f} times (at most {MAX_RATIO} is accepted)",
            file=label,
            hint="text this repetitive is not a LinkedIn export; check the archive",
        )
    try:
        with zf.open(info) as fh:
            # Read at most one byte past the cap: a header that understates the size
            # cannot make this read more.
            data = fh.read(MAX_CSV_BYTES + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
        return Issue(
            f"{name} is damaged in the archive ({exc})",
            file=label,
            hint="download the export from LinkedIn again",
        )
    except (NotImplementedError, RuntimeError) as exc:
        return Issue(
            f"{name} cannot be unpacked ({exc})",
            file=label,
            hint="re-create the .zip with ordinary (deflate) compression",
        )
    if len(data) > MAX_CSV_BYTES:
        return Issue(
            f"{name} is larger than {MAX_CSV_BYTES // (1024 * 1024)} MiB when unpacked, "
            "although the archive says otherwise",
            file=label,
            hint="the archive is damaged or forged; download the export again",
        )
    return data


def _read_zip(path: Path, source: str) -> _Files:
    files = _Files()
    try:
        with path.open("rb") as raw:
            _check_directory(raw, source)
            with zipfile.ZipFile(raw) as zf:
                infos = zf.infolist()
                if len(infos) > MAX_ENTRIES:
                    raise _refuse(
                        f"the archive holds {len(infos)} entries (at most {MAX_ENTRIES} are read)",
                        source,
                    )
                for info in sorted(infos, key=lambda i: (i.filename.count("/"), i.filename)):
                    if info.is_dir():
                        continue
                    base = PurePosixPath(info.filename.replace("\\", "/")).name
                    name = _BY_FOLDED.get(base.casefold())
                    if name is None:
                        continue
                    label = f"{source}:{info.filename}"
                    got = _read_entry(zf, info, name, label)
                    if isinstance(got, Issue):
                        files.issues.append(got)
                    else:
                        files.add(name, label, got)
    except PermissionError:
        raise NotFoundError(f"{source}: permission denied") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, struct.error) as exc:
        hint = _EXPORT_HINT
        if path.suffix.lower() == ".csv":
            hint = "pass the whole export (.zip), or the folder that holds Profile.csv"
        detail = "" if isinstance(exc, zipfile.BadZipFile) else f" ({exc})"
        raise _refuse(
            f"this is not a .zip archive, or it is damaged{detail}", source, hint
        ) from None
    return files


def _walk(folder: Path, source: str) -> Iterator[tuple[Path, str]]:
    """Files under ``folder`` (not following links), at most :data:`MAX_DEPTH` deep."""
    seen = 0
    for root, dirs, names in os.walk(folder, followlinks=False):
        here = Path(root)
        depth = len(here.relative_to(folder).parts)
        seen += len(dirs) + len(names)
        if seen > MAX_ENTRIES:
            raise _refuse(f"the folder holds more than {MAX_ENTRIES} files", source)
        dirs.sort()
        if depth >= MAX_DEPTH:
            dirs.clear()
        for name in sorted(names):
            yield here / name, (here / name).relative_to(folder).as_posix()


def _read_folder(folder: Path, source: str) -> _Files:
    files = _Files()
    found = [
        (path, rel) for path, rel in _walk(folder, source) if path.name.casefold() in _BY_FOLDED
    ]
    for path, rel in sorted(found, key=lambda f: (f[1].count("/"), f[1])):
        name = _BY_FOLDED[path.name.casefold()]
        label = f"{source}:{rel}"
        try:
            mode = path.lstat().st_mode
            if not stat.S_ISREG(mode):
                files.issues.append(
                    Issue(
                        f"{name} is a link or a special file, not a plain CSV file",
                        file=label,
                        hint="LinkedIn's export holds plain files; unpack it again",
                    )
                )
                continue
            with path.open("rb") as fh:
                data = fh.read(MAX_CSV_BYTES + 1)
        except OSError as exc:
            files.issues.append(
                Issue(
                    f"{name} cannot be read ({exc.strerror})",
                    file=label,
                    hint="check the file's permissions",
                )
            )
            continue
        if len(data) > MAX_CSV_BYTES:
            files.issues.append(
                Issue(
                    f"{name} is larger than {MAX_CSV_BYTES // (1024 * 1024)} MiB",
                    file=label,
                    hint="a LinkedIn CSV is far smaller; check the folder is LinkedIn's export",
                )
            )
            continue
        files.add(name, label, data)
    return files


# --- CSV ------------------------------------------------------------------------------------


@dataclass
class _Row:
    """A data row: the line it starts on and its cells by column name."""

    line: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        """The cell, stripped; empty when the column or the cell is missing."""
        return self.cells.get(column, "").strip()


@dataclass
class _Table:
    name: str
    label: str
    header_line: int
    rows: list[_Row]


def _parse_csv(raw: _Raw) -> _Table | Issue:
    """Parse a CSV, skipping any preamble (``Notes:`` lines) before the header row."""
    try:
        text = decode(raw.data, raw.label)
    except InputError as exc:
        return exc.issues[0]
    required = KNOWN_FILES[raw.name]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    header_line = 0
    rows: list[_Row] = []
    start = 1
    try:
        for cells in reader:
            line, start = start, reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue
            if header is None:
                stripped = [c.strip() for c in cells]
                if all(col in stripped for col in required):
                    header, header_line = stripped, line
                continue
            rows.append(_Row(line, dict(zip(header, cells, strict=False))))
    except csv.Error as exc:
        return Issue(
            f"the CSV cannot be read: {exc}",
            file=raw.label,
            line=start,
            hint='check the quotes on this line; a quote inside a cell is doubled ("")',
        )
    if header is None:
        return Issue(
            f"no header row with the columns {', '.join(required)}",
            file=raw.label,
            line=1,
            hint=f"{raw.name} from LinkedIn starts with a line of column names; "
            "download the export again if it was edited",
        )
    return _Table(raw.name, raw.label, header_line, rows)


# --- CSV rows -> profile data ---------------------------------------------------------------

# Bullet marks people paste: dots at a line's start, dashes and stars before a space, and
# "•" inside a line (LinkedIn keeps no line breaks in some places). "·" is not split inside
# a line: LinkedIn uses it as a separator ("Full-time · 3 yrs").
_DOTS = "\u2022\u00b7\u25aa\u25e6\u2023\u25cf"  # • · ▪ ◦ ‣ ●
_BULLET = re.compile(rf"^\s*+(?:[{_DOTS}]|[-*\u2013\u2014](?=\s))\s*+")
_INLINE_BULLET = re.compile("(?<!\\s)\\s++[\u2022\u25cf]\\s*+")
# Linear on a long run of spaces: a match starts only where the run does and takes it whole
# (\s+ alone tried the rest of the run from each of its spaces when no dot followed).

_COUNTRIES = {
    "united states": "US",
    "united states of america": "US",
    "usa": "US",
    "united kingdom": "GB",
    "canada": "CA",
    "australia": "AU",
    "ireland": "IE",
    "new zealand": "NZ",
    "india": "IN",
    "germany": "DE",
    "france": "FR",
    "spain": "ES",
    "italy": "IT",
    "netherlands": "NL",
    "belgium": "BE",
    "switzerland": "CH",
    "austria": "AT",
    "sweden": "SE",
    "norway": "NO",
    "denmark": "DK",
    "finland": "FI",
    "portugal": "PT",
    "poland": "PL",
    "mexico": "MX",
    "brazil": "BR",
    "south africa": "ZA",
    "singapore": "SG",
    "japan": "JP",
    "philippines": "PH",
    "nigeria": "NG",
    "united arab emirates": "AE",
}

# "[PORTFOLIO:https://a.example,COMPANY:https://b.example]" (brackets already removed).
# Each run is taken whole (possessive): with a lazy label, each of its ends tried the rest of a
# run of spaces after it, quadratic in a long one. The label keeps its trailing spaces here;
# they are stripped where it is used.
_LABEL = r"[A-Za-z][A-Za-z _-]*+"
_LINK = re.compile(rf"(?:^|,)\s*+({_LABEL})\s*+:\s*+(\S+?)\s*+(?=,\s*+{_LABEL}:|$)")


def split_description(text: str) -> tuple[str | None, list[str]]:
    """Split a LinkedIn description into a summary and highlights (bullets).

    Text with bullet characters (``•``, ``-``, ``*``) or several lines becomes highlights,
    one per bullet or line; lines before the first bullet stay the summary. A single
    paragraph stays the summary.

    Args:
        text: the description as LinkedIn stores it.

    Returns:
        ``(summary, highlights)``; the summary is ``None`` when all of it became bullets.
    """
    lines: list[str] = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        lines.extend(_INLINE_BULLET.sub("\n• ", line).split("\n"))
    lines = [line for line in lines if line.strip()]
    if not lines:
        return None, []
    bulleted = [bool(_BULLET.match(line)) for line in lines]
    if not any(bulleted):
        if len(lines) == 1:
            return lines[0].strip(), []
        return None, [line.strip() for line in lines]
    first = bulleted.index(True)
    summary = " ".join(line.strip() for line in lines[:first]) or None
    highlights = [_BULLET.sub("", line).strip() for line in lines[first:]]
    return summary, [h for h in highlights if h]


def _location(text: str) -> dict[str, str]:
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if not parts:
        return {}
    country = _COUNTRIES.get(parts[-1].casefold())
    if country:
        parts = parts[:-1]
    out: dict[str, str] = {}
    if parts:
        out["city"] = parts[0]
    if len(parts) > 1:
        out["region"] = ", ".join(parts[1:])
    if country:
        out["country_code"] = country
    return out


def _bracket_list(text: str) -> str:
    text = text.strip()
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    return text.strip()


class _Builder:
    """Builds the plain profile data, remembering the CSV row behind each part of it."""

    def __init__(self, tables: dict[str, _Table], *, hide_values: bool, today: date) -> None:
        self.tables = tables
        self.hide_values = hide_values
        self.today = today
        self.issues: list[Issue] = []
        self.origins: dict[PathT, tuple[str, int | None]] = {}
        self.data: dict[str, Any] = {"basics": {}}

    # helpers

    def _value(self, text: str) -> str | None:
        if self.hide_values:
            return None
        return f"'{text}'" if len(text) <= 60 else f"'{text[:57]}…'"

    def _date(self, row: _Row, table: _Table, column: str, path: PathT) -> str | None:
        text = row.get(column)
        if not text:
            return None
        try:
            return parse_linkedin_date(text)
        except ValueError as exc:
            # The reason quotes the input, so it goes when values are hidden.
            reason = "" if self.hide_values else f": {exc}"
            self.issues.append(
                Issue(
                    f"'{column}' is not a date{reason}",
                    path=path,
                    file=table.label,
                    line=row.line,
                    value=self._value(text),
                    hint="LinkedIn writes dates like 'Mar 2019', '2019' or 'Mar 12, 2019'; "
                    "correct it or leave the cell empty",
                )
            )
            return None

    def _section(self, name: str, section: str) -> list[tuple[_Row, _Table, PathT]]:
        """The rows of a CSV with the profile path each will fill, recorded as origins."""
        table = self.tables.get(name)
        if table is None:
            return []
        self.origins[(section,)] = (table.label, table.header_line)
        out: list[tuple[_Row, _Table, PathT]] = []
        for row in table.rows:
            path: PathT = (section, len(out))
            self.origins[path] = (table.label, row.line)
            out.append((row, table, path))
        return out

    @staticmethod
    def _put(entry: dict[str, Any], **values: Any) -> dict[str, Any]:
        entry.update({k: v for k, v in values.items() if v not in (None, "", [])})
        return entry

    # sections

    def basics(self) -> None:
        table = self.tables["Profile.csv"]
        basics: dict[str, Any] = self.data["basics"]
        self.origins[("basics",)] = (table.label, table.header_line)
        if not table.rows:
            self.issues.append(
                Issue(
                    "the file has no row below the column names",
                    path=("basics",),
                    file=table.label,
                    line=table.header_line,
                    hint="download the export again; Profile.csv holds one row about you",
                )
            )
            return
        row = table.rows[0]
        self.origins[("basics",)] = (table.label, row.line)
        name = " ".join(p for p in (row.get("First Name"), row.get("Last Name")) if p)
        location = _location(row.get("Geo Location"))
        if location and row.get("Zip Code"):
            location["postal_code"] = row.get("Zip Code")
        self._put(
            basics,
            name=name,
            headline=row.get("Headline"),
            summary=row.get("Summary"),
            location=location,
        )
        handles = (h.strip() for h in _bracket_list(row.get("Twitter Handles")).split(","))
        self._put(
            basics,
            links=self._links(row, table),
            profiles=[
                {"network": "Twitter", "username": handle.lstrip("@")}
                for handle in handles
                if re.fullmatch(r"@?\w{1,50}", handle)
            ],
        )
        left_out = [c for c in _PRIVATE_COLUMNS if row.get(c)]
        if left_out:
            self.issues.append(
                Issue(
                    f"not imported, on purpose: {', '.join(left_out)} (private details "
                    "a resume does not need)",
                    file=table.label,
                    line=row.line,
                    hint="add anything you do want shown to the profile yourself",
                    severity="warning",
                )
            )
        self._email()
        self._phone()

    def _links(self, row: _Row, table: _Table) -> list[dict[str, str]]:
        text = _bracket_list(row.get("Websites"))
        if not text:
            return []
        found = [(m.group(1).strip(), m.group(2)) for m in _LINK.finditer(text)]
        if not found:
            found = [("Website", part.strip()) for part in text.split(",") if part.strip()]
        links: list[dict[str, str]] = []
        for label, url in found:
            if label.casefold() in ("http", "https"):  # an unlabelled link
                label, url = "Website", f"{label}:{url}"
            try:
                check_url(url)
            except PydanticCustomError as exc:
                self.issues.append(
                    Issue(
                        f"a website was left out: {exc.message()}",
                        path=("basics", "links"),
                        file=table.label,
                        line=row.line,
                        value=self._value(url),
                        hint="add it to basics.links yourself if you want it shown",
                        severity="warning",
                    )
                )
                continue
            self.origins[("basics", "links", len(links))] = (table.label, row.line)
            links.append({"label": label.replace("_", " ").capitalize(), "url": url})
        return links

    def _email(self) -> None:
        table = self.tables.get("Email Addresses.csv")
        if table is None:
            return
        rows = [r for r in table.rows if r.get("Email Address")]
        if not rows:
            return
        row = next((r for r in rows if r.get("Primary").casefold() == "yes"), rows[0])
        self.data["basics"]["email"] = row.get("Email Address")
        self.origins[("basics", "email")] = (table.label, row.line)

    def _phone(self) -> None:
        table = self.tables.get("PhoneNumbers.csv")
        if table is None:
            return
        row = next((r for r in table.rows if r.get("Number")), None)
        if row is None:
            return
        phone = row.get("Number")
        if row.get("Extension"):
            phone += f" ext. {row.get('Extension')}"
        self.data["basics"]["phone"] = phone
        self.origins[("basics", "phone")] = (table.label, row.line)

    def experience(self) -> None:
        entries = []
        for row, table, path in self._section("Positions.csv", "experience"):
            summary, highlights = split_description(row.get("Description"))
            entries.append(
                self._put(
                    {},
                    employer=row.get("Company Name"),
                    title=row.get("Title"),
                    location=row.get("Location"),
                    start=self._date(row, table, "Started On", (*path, "start")),
                    end=self._date(row, table, "Finished On", (*path, "end")),
                    summary=summary,
                    highlights=highlights,
                )
            )
        self.data["experience"] = entries

    def education(self) -> None:
        entries = []
        for row, table, path in self._section("Education.csv", "education"):
            notes = [row.get("Notes")]
            if row.get("Activities"):
                notes.append(f"Activities: {row.get('Activities')}")
            entries.append(
                self._put(
                    {},
                    institution=row.get("School Name"),
                    degree=row.get("Degree Name"),
                    start=self._date(row, table, "Start Date", (*path, "start")),
                    end=self._date(row, table, "End Date", (*path, "end")),
                    summary="\n".join(n for n in notes if n),
                )
            )
        self.data["education"] = entries

    def skills(self) -> None:
        table = self.tables.get("Skills.csv")
        if table is None:
            return
        keywords: list[str] = []
        seen: set[str] = set()  # casefolded: one look-up a row, not a pass over all before it
        for row in table.rows:
            skill = row.get("Name")
            if skill and skill.casefold() not in seen:
                seen.add(skill.casefold())
                self.origins[("skills", 0, "keywords", len(keywords))] = (table.label, row.line)
                keywords.append(skill)
        self.origins[("skills",)] = (table.label, table.header_line)
        if keywords:
            self.data["skills"] = [{"name": "Skills", "keywords": keywords}]

    def credentials(self) -> None:
        entries = []
        for row, table, path in self._section("Certifications.csv", "credentials"):
            expires = self._date(row, table, "Finished On", (*path, "expires"))
            expired = False
            if expires:
                # A year out of range is reported by validation.
                with contextlib.suppress(ValueError):
                    expired = date_end(expires) < self.today
            entries.append(
                self._put(
                    {},
                    name=row.get("Name"),
                    issuer=row.get("Authority"),
                    url=row.get("Url"),
                    earned=self._date(row, table, "Started On", (*path, "earned")),
                    expires=expires,
                    credential_id=row.get("License Number"),
                    status="expired" if expired else None,
                )
            )
        self.data["credentials"] = entries

    def languages(self) -> None:
        self.data["languages"] = [
            self._put({}, language=row.get("Name"), fluency=row.get("Proficiency"))
            for row, _table, _path in self._section("Languages.csv", "languages")
        ]

    def projects(self) -> None:
        entries = []
        for row, table, path in self._section("Projects.csv", "projects"):
            summary, highlights = split_description(row.get("Description"))
            entries.append(
                self._put(
                    {},
                    name=row.get("Title"),
                    url=row.get("Url"),
                    description=summary,
                    highlights=highlights,
                    start=self._date(row, table, "Started On", (*path, "start")),
                    end=self._date(row, table, "Finished On", (*path, "end")),
                )
            )
        self.data["projects"] = entries

    def awards(self) -> None:
        self.data["awards"] = [
            self._put(
                {},
                title=row.get("Title"),
                summary=row.get("Description"),
                date=self._date(row, table, "Issued On", (*path, "date")),
            )
            for row, table, path in self._section("Honors.csv", "awards")
        ]

    def volunteer(self) -> None:
        entries = []
        for row, table, path in self._section("Volunteering.csv", "volunteer"):
            summary, highlights = split_description(row.get("Description"))
            if row.get("Cause"):
                cause = f"Cause: {row.get('Cause')}"
                summary = f"{summary}\n{cause}" if summary else cause
            entries.append(
                self._put(
                    {},
                    organization=row.get("Company Name"),
                    position=row.get("Role"),
                    start=self._date(row, table, "Started On", (*path, "start")),
                    end=self._date(row, table, "Finished On", (*path, "end")),
                    summary=summary,
                    highlights=highlights,
                )
            )
        self.data["volunteer"] = entries

    def build(self) -> dict[str, Any]:
        self.basics()
        self.experience()
        self.education()
        self.skills()
        self.credentials()
        self.languages()
        self.projects()
        self.awards()
        self.volunteer()
        return {k: v for k, v in self.data.items() if k == "basics" or v}

    def locate(self, issue: Issue) -> Issue:
        """Point an issue with only a profile path at the CSV file and row behind it."""
        for cut in range(len(issue.path), -1, -1):
            origin = self.origins.get(issue.path[:cut])
            if origin is not None:
                return replace(issue, file=origin[0], line=origin[1], column=None)
        return issue


_REQUIRED = "this field is required"  # toolkit.load.profile's wording for Pydantic's "missing"
# The CSV column behind each required field, for hints that say what to fill in.
_COLUMNS: dict[tuple[str, str], str] = {
    ("basics", "name"): "First Name and Last Name",
    ("experience", "employer"): "Company Name",
    ("experience", "title"): "Title",
    ("education", "institution"): "School Name",
    ("credentials", "name"): "Name",
    ("languages", "language"): "Name",
    ("projects", "name"): "Title",
    ("awards", "title"): "Title",
    ("volunteer", "organization"): "Company Name",
}


def _csv_hint(issue: Issue) -> Issue:
    """Say which CSV cell to fill in, instead of the YAML-minded "add 'title:' here"."""
    if not issue.path or not isinstance(issue.path[-1], str) or issue.message != _REQUIRED:
        return issue
    column = _COLUMNS.get((str(issue.path[0]), issue.path[-1]))
    return replace(issue, hint=f"fill in {column} on this row") if column else issue


def _sorted(issues: list[Issue]) -> list[Issue]:
    return sorted(issues, key=lambda i: (i.file or "", i.line or 0))


def read_linkedin(
    path: str | Path, *, hide_values: bool = False, today: date | None = None
) -> Loaded[Profile]:
    """Make a profile from LinkedIn's data export.

    ``Birth Date``, ``Maiden Name``, ``Address`` and ``Instant Messengers`` are never
    imported (a warning says so when they hold something). Job descriptions with bullets or
    several lines become highlights; a single paragraph stays the summary.

    Args:
        path: the .zip LinkedIn sends ("Get a copy of your data"), or the folder it unpacks
            to. Only the known CSV files inside are read, wherever they sit.
        hide_values: keep input values out of error messages (for strangers' data).
        today: the date used to mark expired certifications and for "in the future" warnings.

    Returns:
        The validated profile, with ``format="linkedin"`` and the warnings found.

    Raises:
        InputError: with every problem found, each naming the CSV file
            (``export.zip:Positions.csv``) and line; also for a file that is not a zip
            archive, a damaged or oversized archive, or one without ``Profile.csv``.
        NotFoundError: if ``path`` does not exist or cannot be read.
    """
    p = Path(path)
    source = str(path)
    today = today or date.today()
    if p.is_dir():
        files = _read_folder(p, source)
    elif p.is_file():
        files = _read_zip(p, source)
    elif p.exists():
        raise _refuse("this is neither a .zip archive nor a folder", source)
    else:
        raise NotFoundError(f"{source}: no such file or folder")

    issues = list(files.issues)
    tables: dict[str, _Table] = {}
    for raw in files.found.values():
        parsed = _parse_csv(raw)
        if isinstance(parsed, Issue):
            issues.append(parsed)
        else:
            tables[raw.name] = parsed
    if "Profile.csv" not in tables:
        if "Profile.csv" not in files.found:
            issues.append(
                Issue(
                    "there is no Profile.csv, so this is not LinkedIn's data export",
                    file=source,
                    hint=_EXPORT_HINT,
                )
            )
        raise InputError(_sorted(issues), source)

    builder = _Builder(tables, hide_values=hide_values, today=today)
    data = builder.build()
    issues.extend(builder.issues)
    profile: Profile | None = None
    try:
        profile = Profile.model_validate(data)
    except ValidationError as exc:
        found = issues_from_validation(exc, Located(data, None), Profile, hide_values=hide_values)
        issues.extend(_csv_hint(builder.locate(i)) for i in found)
    if profile is None or any(i.severity == "error" for i in issues):
        raise InputError(_sorted(issues), source)
    warnings = issues + [builder.locate(w) for w in profile_warnings(profile, today)]
    if hide_values:
        warnings = [replace(w, value=None) for w in warnings]
    return Loaded(profile, source, "linkedin", warnings)
