"""Each importer (YAML, GIFT, zip), fed generated deep, wide, binary and malformed input, answers with a
problem list or a bank, and never raises anything else. Bounded: a few hundred examples each."""

import io
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiz.core import bank, gift
from quiz.store import transfer
from tests.helpers import FIXTURES

MINI = (FIXTURES / "mini.yaml").read_text()
ARTICLES = {
    "mini-article": {
        "slug": "mini-article",
        "title": "unknown",
        "outlet": "unknown",
        "author": "unknown",
        "url": "unknown",
        "published": "unknown",
        "text": "The agency said there are 120 cases.",
    }
}
BOUNDED = settings(
    max_examples=150,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

scalars = st.one_of(
    st.text(max_size=20),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=True),
    st.booleans(),
    st.none(),
    st.sampled_from(["0000-01-01", "9999-12-31T23:59:59", "10000-01-01", "9" * 5000, "\x00", "\u202e", "*a", "&a"]),
)


def nested(depth: int):
    return st.recursive(
        scalars,
        lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
        max_leaves=depth,
    )


def flow(value) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{flow(k)}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    return repr(value) if not isinstance(value, str) else '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


yaml_texts = st.one_of(
    nested(40).map(flow),
    st.integers(1, 3000).map(lambda n: "a: " + "[" * n + "]" * n),
    st.integers(1, 3000).map(lambda n: "a: " + "{b: " * n + "1" + "}" * n),
    st.integers(1, 20000).map(lambda n: "".join(f"k{i}: {i}\n" for i in range(n))),
    st.tuples(st.integers(0, len(MINI)), st.text(max_size=30)).map(lambda t: MINI[: t[0]] + t[1] + MINI[t[0] :]),
    st.text(max_size=300),
)


def only_problems(call) -> None:
    try:
        call()
    except bank.BankError as error:
        assert error.problems and all(isinstance(str(p), str) for p in error.problems)


@BOUNDED
@given(st.one_of(yaml_texts.map(lambda t: t.encode("utf-8", "surrogatepass")), st.binary(max_size=2000)))
def test_the_yaml_importer_answers_any_input_with_problems(raw):
    only_problems(lambda: bank.load_bytes(raw, "any.yaml"))


gift_pieces = st.sampled_from(
    [
        "::",
        "{",
        "}",
        "=",
        "~",
        "#",
        "####",
        "->",
        "%50%",
        "[html]",
        "\\",
        "\n",
        "\n\n",
        "T",
        "FALSE",
        "//",
        "// id: x",
        "$CATEGORY:",
        "\x00",
        "\u202e",
        "a",
        " ",
        ">",
    ]
)
gift_texts = st.one_of(
    st.lists(gift_pieces, max_size=60).map("".join),
    st.text(max_size=300),
    st.integers(1, 3000).map(lambda n: "::t::Q{" + "=a " * n + "~b}"),
)


@BOUNDED
@given(st.one_of(gift_texts.map(lambda t: t.encode("utf-8", "surrogatepass")), st.binary(max_size=2000)))
def test_the_gift_importer_answers_any_input_with_problems(raw):
    only_problems(lambda: gift.load(raw, "any.gift", ARTICLES, "mini-article", "source", skip_unsupported=True))


def zipped(members: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for i, (name, data) in enumerate(members):
            archive.writestr(f"{i}{name}" if not name.startswith(".") else f"{name}{i}", data)
    return buffer.getvalue()


zips = st.one_of(
    st.lists(
        st.tuples(st.sampled_from(["a.yaml", "b.yml", "c.txt", "../d.yaml", "e/"]), st.binary(max_size=500)), max_size=5
    ).map(zipped),
    st.tuples(
        st.lists(st.tuples(st.just("m.yaml"), st.just(MINI.encode())), min_size=1, max_size=2).map(zipped),
        st.integers(0, 400),
        st.binary(min_size=1, max_size=8),
    ).map(lambda t: t[0][: t[1]] + t[2] + t[0][t[1] + len(t[2]) :]),
    st.binary(max_size=2000),
)


@BOUNDED
@given(zips)
def test_the_zip_importer_answers_any_input_with_problems(raw):
    only_problems(lambda: transfer.read_zip("any.zip", raw))
