"""Teachers remove what they no longer need and correct an article's text, and no student's result changes."""

from sqlalchemy import func, select

from quiz.core import sentences as splitter
from quiz.extensions import db
from quiz.models import Article, Attempt, Question, Quiz, QuizQuestion
from quiz.store.importer import sync_sentences
from tests.helpers import MINI_ANSWERS, csrf_token, login, start_attempt, take_quiz


def post(client, url, data=None):
    return client.post(url, data={"csrf_token": csrf_token(client, "/teacher/quizzes"), **(data or {})})


def quiz_id(app, slug="mini-quiz") -> int:
    with app.app_context():
        return db.session.scalar(select(Quiz.id).where(Quiz.slug == slug))


def mini_article(app) -> Article:
    with app.app_context():
        article = db.session.scalar(select(Article).where(Article.slug == "mini-article"))
        db.session.expunge(article)
        return article


def signed_in(app, make_teacher):
    make_teacher()
    teacher = app.test_client()
    login(teacher)
    return teacher


def test_a_quiz_nobody_started_is_deleted(app, make_teacher):
    teacher = signed_in(app, make_teacher)
    page = teacher.get(f"/teacher/quizzes/{quiz_id(app, 'mini-steps')}").get_data(as_text=True)
    assert "Delete this quiz" in page and "removing it deletes it" in page

    response = post(teacher, f"/teacher/quizzes/{quiz_id(app, 'mini-steps')}/remove")

    assert response.status_code == 302
    assert "deleted: nobody had started it" in teacher.get(response.location).get_data(as_text=True)
    assert quiz_id(app, "mini-steps") is None


def test_a_quiz_with_attempts_is_archived_hidden_and_its_results_kept(app, make_teacher):
    result = take_quiz(app.test_client(), app, "Ana", MINI_ANSWERS)
    teacher = signed_in(app, make_teacher)
    assert "Archive this quiz" in teacher.get(f"/teacher/quizzes/{quiz_id(app)}").get_data(as_text=True)

    response = post(teacher, f"/teacher/quizzes/{quiz_id(app)}/remove")

    listing = teacher.get(response.location).get_data(as_text=True)
    assert "archived: students no longer see it" in listing
    assert f'/teacher/quizzes/{quiz_id(app)}"' not in listing
    assert "Mini quiz</a>" not in app.test_client().get("/").get_data(as_text=True)
    assert "4 out of 4" in app.test_client().get(result).get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Quiz.archived).where(Quiz.slug == "mini-quiz")) is True


def test_an_article_a_live_quiz_uses_is_not_removed_and_the_page_says_which_quiz(app, make_teacher):
    teacher = signed_in(app, make_teacher)
    article = mini_article(app)

    response = post(teacher, f"/teacher/articles/{article.id}/remove")

    page = teacher.get(response.location).get_data(as_text=True)
    assert "Not removed: these quizzes still use this article. Remove them first:" in page
    assert "Mini quiz" in page
    assert mini_article(app).archived is False


def test_an_article_nothing_was_answered_on_is_deleted_with_its_questions(app, make_teacher):
    teacher = signed_in(app, make_teacher)
    article = mini_article(app)
    for quiz in (quiz_id(app, "mini-quiz"), quiz_id(app, "mini-steps")):
        post(teacher, f"/teacher/quizzes/{quiz}/remove")

    response = post(teacher, f"/teacher/articles/{article.id}/remove")

    assert "Article deleted with its questions" in teacher.get(response.location).get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Article, article.id) is None
        assert db.session.scalar(select(func.count()).select_from(Question)) == 0


def test_an_article_with_answers_is_archived_once_its_quizzes_are(app, make_teacher):
    take_quiz(app.test_client(), app, "Ana", MINI_ANSWERS)
    teacher = signed_in(app, make_teacher)
    article = mini_article(app)
    for quiz in (quiz_id(app, "mini-quiz"), quiz_id(app, "mini-steps")):
        post(teacher, f"/teacher/quizzes/{quiz}/remove")

    response = post(teacher, f"/teacher/articles/{article.id}/remove")

    assert "Article archived" in teacher.get(response.location).get_data(as_text=True)
    assert mini_article(app).archived is True
    assert "mini-article" not in teacher.get("/teacher/articles").get_data(as_text=True)


def corrected_text(app) -> str:
    return mini_article(app).text.replace("there are 120 cases", "there are 125 cases")


def test_correcting_an_article_makes_a_new_version_moves_what_fits_and_lists_the_rest(app, make_teacher):
    teacher = signed_in(app, make_teacher)
    old = mini_article(app)
    form_page = teacher.get(f"/teacher/articles/{old.id}/correct").get_data(as_text=True)
    assert "there are 120 cases" in form_page

    response = post(teacher, f"/teacher/articles/{old.id}/correct", {"text": corrected_text(app)})

    assert response.status_code == 302
    page = teacher.get(response.location).get_data(as_text=True)
    assert "Saved as version 2. 3 question(s) moved to it" in page
    assert "Question mini-choice needs review" in page
    with app.app_context():
        new = db.session.scalar(select(Article).where(Article.previous_id == old.id))
        assert new.version == 2 and "125 cases" in new.text
        assert db.session.get(Article, old.id).archived
        on_new = set(db.session.scalars(select(Question.key).where(Question.article_id == new.id, Question.current)))
        assert on_new == {"mini-classify", "mini-mark", "mini-tag"}
        quiz = db.session.scalar(select(Quiz).where(Quiz.slug == "mini-quiz"))
        assert quiz.article_id == new.id
        assert sorted(q.key for q in quiz.questions) == ["mini-classify", "mini-mark", "mini-tag"]


def test_an_attempt_made_before_a_correction_keeps_the_text_it_was_answered_on(app, make_teacher):
    result = take_quiz(app.test_client(), app, "Ana", MINI_ANSWERS)
    teacher = signed_in(app, make_teacher)
    old = mini_article(app)

    post(teacher, f"/teacher/articles/{old.id}/correct", {"text": corrected_text(app)})

    before = app.test_client().get(result).get_data(as_text=True)
    assert "there are 120 cases" in before and "4 out of 4" in before
    fresh = app.test_client()
    assert "there are 125 cases" in fresh.get(start_attempt(fresh)).get_data(as_text=True)
    with app.app_context():
        answered = db.session.scalar(select(Attempt).where(Attempt.display_name == "Ana"))
        assert answered.article_id == old.id and answered.score == 4
        assert db.session.scalar(select(func.count()).select_from(QuizQuestion)) > 0


def test_an_unchanged_or_empty_correction_changes_nothing(app, make_teacher):
    teacher = signed_in(app, make_teacher)
    old = mini_article(app)

    same = post(teacher, f"/teacher/articles/{old.id}/correct", {"text": old.text})
    empty = post(teacher, f"/teacher/articles/{old.id}/correct", {"text": "   "})

    assert same.status_code == 400 and "The text is the same as the saved one" in same.get_data(as_text=True)
    assert empty.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Article)) == 1


def test_a_new_article_version_splits_into_the_same_sentence_keys(app):
    with app.app_context():
        article = Article(slug="x", text="One. Two.\nThree.")
        db.session.add(article)
        sync_sentences(article, splitter.split(article.text))
        db.session.commit()
        assert [s.key for s in article.sentences] == ["p1s1", "p1s2", "p2s1"]
