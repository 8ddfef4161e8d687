"""Question files: a good file loads; a bad one is refused whole, naming file, line and field."""

import copy
from pathlib import Path

import pytest
import yaml

from quiz.core import bank
from quiz.core.taxonomy import SKILLS

FIXTURE = Path(__file__).parent / "fixtures" / "mini.yaml"
BUNDLED = Path(__file__).parent.parent / "questions"


def mini() -> dict:
    return yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))


def refused(data_or_text, path="bad.yaml") -> list[bank.Problem]:
    text = data_or_text if isinstance(data_or_text, str) else yaml.safe_dump(data_or_text, allow_unicode=True)
    with pytest.raises(bank.BankError) as caught:
        bank.load_text(text, path)
    return caught.value.problems


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_a_good_file_loads_with_its_article_repaired():
    loaded = bank.load_path(FIXTURE)[0]
    assert [q.id for q in loaded.questions] == ["mini-choice", "mini-classify", "mini-mark", "mini-tag"]
    assert "“a disaster”" in loaded.repair.text
    assert loaded.sentences[0].key == "p1s1"


def test_a_missing_field_is_named_with_its_line():
    text = FIXTURE.read_text(encoding="utf-8").replace("    prompt: Who says there are 120 cases?\n", "")
    problems = refused(text, "questions/x.yaml")
    assert len(problems) == 1
    assert problems[0].field == "questions[0].prompt"
    assert problems[0].line == line_of(text, "- id: mini-choice")
    assert "Field required" in problems[0].message
    assert str(problems[0]).startswith(f"questions/x.yaml, line {problems[0].line}, questions[0].prompt")


def test_an_excerpt_not_in_the_article_is_refused():
    text = FIXTURE.read_text(encoding="utf-8").replace(
        "excerpt: The agency said there are 120 cases.", "excerpt: The agency said there are 121 cases."
    )
    [problem] = refused(text)
    assert problem.field == "questions[0].excerpt"
    assert problem.line == line_of(text, "121 cases")
    assert "word for word" in problem.message


@pytest.mark.parametrize("right", [0, 2])
def test_a_question_needs_exactly_one_correct_choice(right):
    data = mini()
    for i, choice in enumerate(data["questions"][0]["choices"]):
        choice["correct"] = i < right
        choice["feedback"] = "Because."
    [problem] = refused(data)
    assert problem.field == "questions[0].choices"
    assert f"exactly one choice must be correct, found {right}" in problem.message


def test_an_unknown_kind_is_refused():
    data = mini()
    data["questions"][1]["kind"] = "essay"
    [problem] = refused(data)
    assert problem.field == "questions[1]" or problem.field == "questions[1].kind"
    assert "essay" in problem.message


def test_a_duplicate_id_is_refused():
    data = mini()
    data["questions"][1]["id"] = "mini-choice"
    [problem] = refused(data)
    assert problem.field == "questions[1].id"
    assert "earlier question" in problem.message


def test_yaml_anchors_and_aliases_are_refused():
    text = FIXTURE.read_text(encoding="utf-8").replace("  title: unknown\n", "  title: &t unknown\n  outlet2: *t\n", 1)
    [problem] = refused(text)
    assert "anchors and aliases" in problem.message
    assert problem.line == line_of(text, "&t")


def test_an_alias_bomb_is_refused_before_it_expands():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n" * 1
    [problem] = refused(bomb)
    assert "anchors and aliases" in problem.message


def test_python_tags_are_refused():
    [problem] = refused("format: !!python/object/apply:os.system ['true']\n")
    assert "not allowed" in problem.message or "not valid YAML" in problem.message


def test_a_key_given_twice_is_refused():
    text = FIXTURE.read_text(encoding="utf-8").replace("  outlet: unknown\n", "  outlet: unknown\n  outlet: Other\n", 1)
    [problem] = refused(text)
    assert problem.field == "outlet" and "twice" in problem.message


def test_a_file_that_is_not_utf8_is_refused_with_its_line():
    raw = FIXTURE.read_bytes().replace(b"mayor called", "mayor\xe9called".encode("latin-1"))
    with pytest.raises(bank.BankError) as caught:
        bank.load_bytes(raw, "questions/latin1.yaml")
    [problem] = caught.value.problems
    assert "not UTF-8" in problem.message
    assert problem.line == line_of(FIXTURE.read_text(encoding="utf-8"), "mayor called")
    assert problem.path == "questions/latin1.yaml"


def test_a_file_over_the_size_cap_is_refused_unread():
    raw = b"#" * (bank.MAX_FILE_BYTES + 1)
    with pytest.raises(bank.BankError) as caught:
        bank.load_bytes(raw, "big.yaml")
    assert "the limit is" in caught.value.problems[0].message


def test_evidence_must_lie_inside_the_excerpt_and_be_quoted_by_the_explanation():
    data = mini()
    data["questions"][0]["evidence"] = "most involve adults"
    problems = refused(data)
    assert {p.field for p in problems} == {"questions[0].evidence", "questions[0].explanation"}


def test_a_tag_question_must_tag_every_sentence_of_its_passage():
    data = mini()
    del data["questions"][3]["key"]["p1s2"]
    [problem] = refused(data)
    assert problem.field == "questions[3].key" and "p1s2" in problem.message


def test_a_mark_question_fallback_phrase_must_be_the_evidence():
    data = mini()
    data["questions"][2]["choices"][0]["text"] = "According to"
    [problem] = refused(data)
    assert "evidence" in problem.message


def test_a_classify_question_needs_feedback_for_every_wrong_category():
    data = mini()
    del data["questions"][1]["feedback"]["prediction"]
    [problem] = refused(data)
    assert "prediction" in problem.message


def test_a_folder_with_one_bad_file_loads_nothing(tmp_path):
    (tmp_path / "a.yaml").write_text(FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    bad = copy.deepcopy(mini())
    bad["article"]["slug"] = "other"
    bad["quizzes"][0]["slug"] = "other-quiz"
    for q in bad["questions"]:
        q["id"] = "other-" + q["id"]
    bad["questions"][0]["excerpt"] = "Not in the article."
    (tmp_path / "b.yaml").write_text(yaml.safe_dump(bad, allow_unicode=True), encoding="utf-8")
    with pytest.raises(bank.BankError) as caught:
        bank.load_path(tmp_path)
    assert [p.path for p in caught.value.problems] == [str(tmp_path / "b.yaml")]


def test_the_same_question_id_in_two_files_is_refused(tmp_path):
    (tmp_path / "a.yaml").write_text(FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    copy_ = mini()
    copy_["article"]["slug"] = "copy"
    copy_["quizzes"] = []
    (tmp_path / "b.yaml").write_text(yaml.safe_dump(copy_, allow_unicode=True), encoding="utf-8")
    with pytest.raises(bank.BankError) as caught:
        bank.load_path(tmp_path)
    assert any("mini-choice" in p.message and "also used" in p.message for p in caught.value.problems)


# --- The shipped bank -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped():
    return bank.load_path(BUNDLED)


def test_the_shipped_bank_loads_and_is_drawn_from_the_source_article(shipped):
    from tests.helpers import SOURCE_ARTICLE

    [article_bank] = [b for b in shipped if b.spec.article.slug == "ice-detainers-california"]
    received = SOURCE_ARTICLE.read_text(encoding="utf-8")
    assert article_bank.spec.article.text.strip() == received.strip()
    assert len(article_bank.questions) >= 30


def test_every_excerpt_and_evidence_span_is_verbatim_in_the_repaired_article(shipped):
    for loaded in shipped:
        for q in loaded.questions:
            if q.kind == "tag":
                continue
            assert q.excerpt in loaded.repair.text, q.id
            assert q.evidence in q.excerpt, q.id
            assert q.evidence in q.explanation, q.id


def test_every_skill_has_at_least_three_questions_and_every_kind_appears(shipped):
    questions = [q for b in shipped for q in b.questions]
    for skill in SKILLS:
        assert sum(q.skill == skill for q in questions) >= 3, skill
    # "general" is how questions from other tools arrive (no excerpt yet); the bundled bank has none.
    assert {q.kind for q in questions} == set(bank.KINDS) - {"general"}


def test_question_ids_are_unique_and_every_wrong_choice_has_feedback(shipped):
    questions = [q for b in shipped for q in b.questions]
    assert len({q.id for q in questions}) == len(questions)
    for q in questions:
        for choice in getattr(q, "choices", []):
            assert choice.correct or choice.feedback.strip(), (q.id, choice.text)
