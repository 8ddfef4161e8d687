"""Read and check question files: YAML in, a validated bank out, or every problem with its line.

Nothing here touches the database: ``importer`` writes what this module has accepted. A file is
refused whole when anything in it is wrong, and each problem names the file, the line, the field
and what is wrong, so an author can fix it without guessing.
"""

from quiz.core.bank.checks import check_content, excerpt_sentences
from quiz.core.bank.loading import check_unique_across, load_bytes, load_path, load_text, question_files
from quiz.core.bank.schema import (
    KINDS,
    MAX_FILE_BYTES,
    MAX_QUESTIONS,
    SLUG,
    ArticleSpec,
    Bank,
    BankError,
    BankFile,
    Problem,
    QuestionSpec,
    QuizSpec,
)
from quiz.core.sentences import passage_sentences
from quiz.core.specs import QUESTION_ID

__all__ = [
    "KINDS",
    "MAX_FILE_BYTES",
    "MAX_QUESTIONS",
    "QUESTION_ID",
    "SLUG",
    "ArticleSpec",
    "Bank",
    "BankError",
    "BankFile",
    "Problem",
    "QuestionSpec",
    "QuizSpec",
    "check_content",
    "check_unique_across",
    "excerpt_sentences",
    "load_bytes",
    "load_path",
    "load_text",
    "passage_sentences",
    "question_files",
]
