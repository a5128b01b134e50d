"""Raster images from untrusted hands: size checks before decoding, and clean re-encoding.

A 120 KB PNG can hold 100 megapixels and take a gigabyte to decode, and a phone photo
carries EXIF (GPS position, device, time). Everything that puts an image in a document goes
through here: :func:`check_image` reads only the header, :func:`clean_photo` re-encodes a
photo as a small JPEG with no metadata at all.
"""

from __future__ import annotations

import io
import warnings

MAX_PIXELS = 25_000_000
"""Larger images are refused before decoding (25 megapixels is a 6000 x 4000 photo)."""
MAX_SIDE = 20_000
"""Nor may a side be longer: a 1 x 24,000,000 strip is under the megapixel cap, but decoding
it took 8 s and 640 MB (a panorama of 20,000 x 1,200 is fine)."""
MAX_BYTES = 8 * 1024 * 1024
PHOTO_SIDE = 600
"""A photo's longest side after re-encoding, in pixels (2 inches at 300 dpi)."""
FORMATS = ("JPEG", "PNG", "WEBP")


class BadImage(ValueError):
    """An image that is not a readable JPEG/PNG/WebP, or is too large; says which."""


def check_image(data: bytes) -> tuple[str, int, int]:
    """The format, width and height of an image, from its header only.

    Raises:
        BadImage: not a JPEG, PNG or WebP, unreadable, over 8 MiB or over 25 megapixels.
    """
    from PIL import Image, UnidentifiedImageError  # lazy: Pillow (~7 ms) only for a photo

    if len(data) > MAX_BYTES:
        raise BadImage(f"the image is {len(data) / 1048576:.1f} MiB; the limit is 8 MiB")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                fmt, (width, height) = image.format or "", image.size
    except Image.DecompressionBombError:
        raise BadImage("the image has far too many pixels to decode safely") from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise BadImage(f"the file is not a readable JPEG, PNG or WebP image ({exc})") from None
    if fmt not in FORMATS:
        raise BadImage(f"the image is {fmt or 'of an unknown format'}; use JPEG, PNG or WebP")
    if max(width, height) > MAX_SIDE:
        raise BadImage(
            f"the image is {width} x {height} pixels; no side may be longer than "
            f"{MAX_SIDE:,} pixels: make it smaller"
        )
    if width * height > MAX_PIXELS:
        raise BadImage(
            f"the image is {width} x {height} pixels ({width * height / 1e6:.0f} megapixels); "
            f"the limit is {MAX_PIXELS // 1_000_000} megapixels: make it smaller"
        )
    return fmt, width, height


def clean_photo(data: bytes) -> bytes:
    """``data`` re-encoded as a JPEG of at most 600 px a side, turned upright, and with no
    EXIF, XMP, ICC profile or comment left in it.

    Raises:
        BadImage: as :func:`check_image`, or when decoding fails.
    """
    from PIL import Image, ImageOps  # lazy: Pillow (~9 ms) only for a photo

    check_image(data)
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format == "JPEG":  # decode at a reduced scale: far less time and memory
                image.draft("RGB", (PHOTO_SIDE * 2, PHOTO_SIDE * 2))
            upright = ImageOps.exif_transpose(image)  # before the EXIF that says so is gone
            if upright.mode in ("RGBA", "LA", "P"):
                rgba = upright.convert("RGBA")
                flat = Image.new("RGB", rgba.size, "white")
                flat.paste(rgba, mask=rgba.getchannel("A"))
                upright = flat
            pixels = upright.convert("RGB")
            pixels.thumbnail((PHOTO_SIDE, PHOTO_SIDE), Image.Resampling.LANCZOS)
            # a new image from the pixels alone: nothing of the original's info survives
            bare = Image.new("RGB", pixels.size)
            bare.paste(pixels)
    except (OSError, ValueError, SyntaxError) as exc:
        raise BadImage(f"the image could not be decoded ({exc})") from None
    out = io.BytesIO()
    bare.save(out, "JPEG", quality=88, optimize=True)
    return out.getvalue()
