"""What keeps the student pages fast must never show a student stale or someone else's content."""

import gzip

from sqlalchemy import event

from quiz.extensions import db
from tests.helpers import FIXTURES, answer_form, csrf_token, load_bank, start_attempt


def test_a_browser_that_accepts_gzip_gets_the_quiz_page_compressed_and_whole(client):
    attempt_url = start_attempt(client)
    plain = client.get(attempt_url)
    packed = client.get(attempt_url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert len(packed.data) < len(plain.data) / 2
    page = gzip.decompress(packed.data).decode()
    assert "Who says there are 120 cases?" in page
    # The same page apart from the form's token, which is signed anew each time.
    assert len(page) == len(plain.get_data(as_text=True))


def test_a_question_changed_after_students_saw_it_shows_its_new_wording(client, app, tmp_path):
    attempt_url = start_attempt(client)
    assert "Who says there are 120 cases?" in client.get(attempt_url).get_data(as_text=True)
    changed = tmp_path / "mini.yaml"
    changed.write_text(
        (FIXTURES / "mini.yaml").read_text().replace("Who says there are 120 cases?", "Who counts 120 cases?")
    )
    with app.app_context():
        load_bank(changed)
    page = client.get(attempt_url).get_data(as_text=True)
    assert "Who counts 120 cases?" in page and "Who says there are 120 cases?" not in page


def test_each_student_sees_the_feedback_on_their_own_answer(app):
    from sqlalchemy import select

    from quiz.core.kinds import KINDS
    from quiz.models import Question

    results = {}
    for name, pick in (("Ana", "The agency"), ("Ben", "The mayor")):
        client = app.test_client()
        attempt_url = start_attempt(client, name=name)
        form = {"csrf_token": csrf_token(client, attempt_url)}
        with app.app_context():
            for question in db.session.scalars(select(Question)):
                answer = KINDS[question.kind].model_answer(question)
                if isinstance(answer, dict):  # one category per sentence: call them all sourced
                    answer = dict.fromkeys(answer, "sourced")
                else:
                    answer = next((c for c in question.choices if c.text == pick), question.choices[0])
                form.update(answer_form(question, answer))
        response = client.post(attempt_url, data=form)
        results[name] = client.get(response.location).get_data(as_text=True)
    first = results["Ana"].split('<section class="feedback')[1].split("</section>")[0]
    assert "is-key is-chosen" in first and "✓ Right" in first
    first = results["Ben"].split('<section class="feedback')[1].split("</section>")[0]
    assert "is-key is-chosen" not in first and "✗ Not right" in first


def test_the_quiz_list_takes_the_same_few_queries_however_many_questions(client, app):
    statements = []
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    client.get("/")
    before = len(statements)
    with app.app_context():
        load_bank(FIXTURES.parent.parent / "questions")  # forty-odd more questions on another article
    statements.clear()
    page = client.get("/")
    assert page.status_code == 200
    assert len(statements) <= before


def test_a_page_built_from_kept_compressed_parts_unpacks_to_exactly_the_page(client, app):
    import zlib

    from quiz.web import compression

    attempt_url = start_attempt(client)
    for _ in range(2):  # the second time every question comes from the kept parts
        token_page = client.get(attempt_url)
        packed = client.get(attempt_url, headers={"Accept-Encoding": "gzip"})
    page = gzip.decompress(packed.data)
    assert b"Who says there are 120 cases?" in page
    assert len(page) == len(token_page.data)
    # A stream of reused parts and fresh text in any order, as a strict inflater reads it.
    body = b"<p>head</p>" + b"A" * 3000 + b"<p>middle \xe2\x80\x9cquoted\xe2\x80\x9d</p>" + b"B" * 2000 + b"<p>tail</p>"
    parts = [(b"A" * 3000, compression._deflate(b"A" * 3000)), (b"B" * 2000, compression._deflate(b"B" * 2000))]
    packed_body = compression.gzip_body(body, parts)
    assert gzip.decompress(packed_body) == body
    assert zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(packed_body) == body
    assert compression.gzip_body(body, []) and gzip.decompress(compression.gzip_body(body, [])) == body


def test_a_result_page_seen_again_reads_no_question_rows_and_shows_the_same_answers(client, app):
    from tests.helpers import answers_form

    url = start_attempt(client)
    client.post(url, data=answers_form(app, client, url, wrong={"mini-classify"}))
    first = client.get(url + "/result").get_data(as_text=True)
    statements = []
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    again = client.get(url + "/result").get_data(as_text=True)
    assert not [s for s in statements if "FROM question" in s]
    assert again.count("✗ Not right") == first.count("✗ Not right") == 1
    assert "3 out of 4" in again
