"""How long the importers take on hostile files at the caps: each must stay far under a worker's timeout.

    python benchmarks/imports.py           # every case at the 1 MB file cap
    python benchmarks/imports.py --quick   # the same cases at a tenth of the size

Pure functions, no server: the question-file loader (YAML), the GIFT reader and the zip reader.
Each case is timed once (they are seconds apart from any worker's timeout, not milliseconds).
"""

import io
import sys
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from quiz.core import bank, gift  # noqa: E402
from quiz.store import transfer  # noqa: E402

ARTICLES = {
    "a": {
        "slug": "a",
        "title": "unknown",
        "outlet": "unknown",
        "author": "unknown",
        "url": "unknown",
        "published": "unknown",
        "text": "The agency said there are 120 cases.",
    }
}


def cases(size: int) -> dict[str, tuple[str, bytes]]:
    keys = "article:\n" + "".join(f"  k{i}: {i}\n" for i in range(size // 14))
    deep = "a: " + "[" * (size // 2 - 4) + "]" * (size // 2 - 4)
    many = "".join(f"::q{i}::Q{i}?{{=a ~b#c}}\n\n" for i in range(size // 22))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for i in range(10):
            archive.writestr(f"f{i}.yaml", keys[: size // 10])
    return {
        "YAML, one mapping of many keys": ("yaml", keys[:size].encode()),
        "YAML, nested as deep as the size allows": ("yaml", deep.encode()),
        "GIFT, as many questions as fit": ("gift", many[:size].encode()),
        "zip of ten wide YAML files": ("zip", buffer.getvalue()),
    }


def run(size: int) -> None:
    for name, (kind, raw) in cases(size).items():
        started = time.perf_counter()
        try:
            if kind == "yaml":
                bank.load_bytes(raw, "x.yaml")
            elif kind == "gift":
                gift.load(raw, "x.gift", ARTICLES, "a", "source", skip_unsupported=True)
            else:
                transfer.read_zip("x.zip", raw)
            outcome = "loaded"
        except bank.BankError as error:
            outcome = f"{len(error.problems)} problem(s)"
        print(f"{name:45} {len(raw):>9,} bytes  {time.perf_counter() - started:6.2f} s  {outcome}")


if __name__ == "__main__":
    run(bank.MAX_FILE_BYTES // (10 if "--quick" in sys.argv else 1) - 100)
