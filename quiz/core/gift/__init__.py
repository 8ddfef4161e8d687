"""Moodle GIFT: read and write the questions GIFT can express (multiple choice and true/false).

GIFT is the plain-text question format Moodle and many other tools read. It has no article, no
excerpt, no evidence span and no skill, so what this app needs beyond GIFT travels in ``//``
comment lines just before each question (``// skill: source``), which other tools ignore. The
excerpt is the question text after a blank line and ``>``, which Moodle shows as a quotation.

No maintained Python library reads GIFT, so this package does, for the two kinds it supports:
``syntax`` (escaping, the parts of a question), ``reading`` (text into questions, every other GIFT
kind listed by line and type), ``writing`` (questions into text) and ``loading`` (a file into
checked banks). Plain modules: no Flask, no database.
"""

from quiz.core.gift.loading import Loaded, load, load_bytes, slug, split_text, to_spec
from quiz.core.gift.reading import Reading, parse, read
from quiz.core.gift.syntax import Answer, GiftError, GiftProblem, Question, Unsupported, escape
from quiz.core.gift.writing import EXPRESSIBLE, write

__all__ = [
    "EXPRESSIBLE",
    "Answer",
    "GiftError",
    "GiftProblem",
    "Loaded",
    "Question",
    "Reading",
    "Unsupported",
    "escape",
    "load",
    "load_bytes",
    "parse",
    "read",
    "slug",
    "split_text",
    "to_spec",
    "write",
]
