"""Pages go out gzip-compressed to browsers that accept it: a quiz page is mostly repeated markup.

A 90 KB quiz page becomes about 15 KB, which a school's shared connection feels. Static files are
left as they are (they are small and cached), and so are streamed downloads, redirects and errors.

The parts of a page that ``fragments`` keeps (the article, each question, each answer's feedback)
are also kept compressed. Each was compressed on its own and ended with a full flush, which makes
it a self-contained run of deflate blocks; a page is then sent as one gzip stream made of the
kept runs and the freshly compressed text between them. Only that text, a few kilobytes, is
compressed per request.
"""

import struct
import zlib
from collections import OrderedDict

from flask import Flask, Response, g, has_request_context, request

MIN_BYTES = 1024
# Level 1 already takes a quiz page to a sixth of its size, in a third of level 6's time.
LEVEL = 1
TYPES = ("text/html", "text/plain", "text/css", "text/csv", "application/json", "text/javascript")
_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # gzip, deflate, no name, mtime 0, unknown OS
_LAST_BLOCK = b"\x03\x00"  # an empty final block closes the deflate stream
_KEPT_LIMIT = 8192
_kept: OrderedDict[str, tuple[bytes, bytes]] = OrderedDict()


def register(app: Flask) -> None:
    app.after_request(compress)


def _deflate(data: bytes) -> bytes:
    """Raw deflate blocks for ``data`` that refer to nothing before or after them.

    A kept part is compressed once per worker, so it gets the best level; each one on its own
    compresses less well than a whole page would, the price of not compressing it every time.
    """
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush(zlib.Z_FULL_FLUSH)


def used(html: str) -> None:
    """Note that this kept part is on the page being rendered, and keep it compressed."""
    if not has_request_context():
        return
    entry = _kept.get(html)
    if entry is None:
        raw = html.encode()
        entry = _kept[html] = (raw, _deflate(raw))
        if len(_kept) > _KEPT_LIMIT:
            _kept.popitem(last=False)
    g.setdefault("compressed_parts", []).append(entry)


def gzip_body(body: bytes, parts: list[tuple[bytes, bytes]]) -> bytes:
    """One gzip stream for ``body``, reusing the compressed form of each part found in it, in order."""
    packer = zlib.compressobj(LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    out, position = [_HEADER], 0
    for raw, packed in parts:
        found = body.find(raw, position)
        if found < 0 or not raw:
            continue
        out.append(packer.compress(body[position:found]) + packer.flush(zlib.Z_FULL_FLUSH))
        out.append(packed)
        position = found + len(raw)
    out.append(packer.compress(body[position:]) + packer.flush(zlib.Z_FULL_FLUSH))
    out.append(_LAST_BLOCK)
    out.append(struct.pack("<II", zlib.crc32(body), len(body) & 0xFFFFFFFF))
    return b"".join(out)


def compress(response: Response) -> Response:
    """Gzip a whole, successful text response when the browser says it accepts gzip."""
    if (
        response.status_code != 200
        or response.direct_passthrough
        or response.is_streamed
        or "Content-Encoding" in response.headers
        or response.mimetype not in TYPES
        or "gzip" not in request.headers.get("Accept-Encoding", "").lower()
    ):
        return response
    body = response.get_data()
    if len(body) < MIN_BYTES:
        return response
    response.set_data(gzip_body(body, g.get("compressed_parts", [])))
    response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    return response
