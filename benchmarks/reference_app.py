"""The fastest the same stack goes: a minimal Flask app the benchmark runner measures the quiz app against.

Three routes, each the bare version of one thing the real app does:

- ``GET /hello``: plain text, Flask and the WSGI server and nothing else;
- ``GET /page``: a Jinja page with the quiz's article, its questions and their choices, from data held
  in memory since start-up, padded to the byte size of the real quiz page;
- ``POST /insert``: one attempt with an answer for every question, written through the same models
  and SQLAlchemy session on the same SQLite settings (WAL, ``BEGIN IMMEDIATE``) as the real app.

Served by ``gunicorn 'benchmarks.reference_app:create_app()'`` with ``REFERENCE_DATABASE_URL`` (a copy
of the app's database with the question bank loaded), ``REFERENCE_QUIZ`` (a quiz slug) and
``REFERENCE_PAGE_BYTES`` (the quiz page's size) in the environment.
"""

import os
import secrets

from flask import Flask, Response, abort, render_template, request
from jinja2 import DictLoader
from sqlalchemy import select

from quiz.core.taxonomy import CATEGORIES
from quiz.database import begin_write, tune_engine
from quiz.extensions import db
from quiz.models import Answer, Attempt, Quiz, utcnow

PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{{ quiz.title }}</title>
</head>
<body>
<main>
<h1>{{ quiz.title }}</h1>
<article>
  <h2>{{ article.title }}</h2>
  {% for paragraph in article.paragraphs %}
  <p id="para-{{ loop.index }}">
    {% for s in paragraph %}<span class="sentence" id="s-{{ s.key }}">{{ s.text }}</span> {% endfor %}</p>
  {% endfor %}
</article>
<form method="post">
  {% for q in questions %}
  <fieldset class="question" id="question-{{ q.id }}">
    <legend>Question {{ loop.index }} of {{ questions|length }} <span class="prompt">{{ q.prompt }}</span></legend>
    {% if q.excerpt %}<blockquote class="excerpt"><p>{{ q.excerpt }}</p></blockquote>{% endif %}
    <ul class="choices">
      {% for c in q.choices %}
      <li><input type="radio" name="q{{ q.id }}" id="q{{ q.id }}-c{{ c.id }}" value="{{ c.id }}" required>
        <label for="q{{ q.id }}-c{{ c.id }}">{{ c.text }}</label></li>
      {% endfor %}
    </ul>
    {% for key in q.tags %}
    <fieldset class="tag-item"><legend>{{ sentences[key] }}</legend>
      {% for cat, label in categories.items() %}
      <input type="radio" name="q{{ q.id }}-{{ key }}" id="q{{ q.id }}-{{ key }}-{{ cat }}" value="{{ cat }}" required>
      <label for="q{{ q.id }}-{{ key }}-{{ cat }}">{{ label }}</label>
      {% endfor %}
    </fieldset>
    {% endfor %}
  </fieldset>
  {% endfor %}
  <button>Submit answers</button>
</form>
</main>
<!-- {{ padding }} -->
</body>
</html>
"""


def load_quiz(slug: str) -> dict:
    """The quiz as plain dicts and lists: article paragraphs, questions, choices, tag sentences."""
    quiz = db.session.scalar(select(Quiz).where(Quiz.slug == slug))
    if quiz is None:
        raise RuntimeError(f"no quiz {slug!r} in the reference database")
    article = quiz.article
    questions = [
        {
            "id": q.id,
            "prompt": q.prompt,
            "excerpt": q.excerpt if q.kind != "tag" else "",
            "choices": [{"id": c.id, "text": c.text} for c in q.choices],
            "tags": list(q.data.get("key", {})) if q.kind == "tag" else [],
        }
        for q in quiz.questions
    ]
    return {
        "quiz": {"id": quiz.id, "title": quiz.title},
        "article": {
            "title": article.title,
            "paragraphs": [[{"key": s.key, "text": s.text} for s in p] for p in article.paragraphs()],
        },
        "sentences": {s.key: s.text for s in article.sentences},
        "questions": questions,
        "categories": CATEGORIES,
    }


def create_app(database_url: str | None = None, quiz_slug: str | None = None, page_bytes: int | None = None) -> Flask:
    """The reference app on ``database_url``; arguments left out come from the environment."""
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url or os.environ["REFERENCE_DATABASE_URL"]
    app.jinja_loader = DictLoader({"page.html": PAGE})
    db.init_app(app)
    with app.app_context():
        tune_engine(db.engine)
        data = load_quiz(quiz_slug or os.environ.get("REFERENCE_QUIZ", "who-says-so"))
        unpadded = len(render_template("page.html", padding="", **data).encode())
    wanted = page_bytes if page_bytes is not None else int(os.environ.get("REFERENCE_PAGE_BYTES", "0"))
    padding = "x" * max(0, wanted - unpadded)
    question_ids = [q["id"] for q in data["questions"]]

    @app.get("/hello")
    def hello():
        return Response("Hello, World!", mimetype="text/plain")

    @app.get("/page")
    def page():
        return render_template("page.html", padding=padding, **data)

    @app.post("/insert")
    def insert():
        begin_write()
        attempt = Attempt(
            token=secrets.token_urlsafe(18),
            quiz_id=data["quiz"]["id"],
            display_name="Reference",
            question_ids=question_ids,
            max_score=len(question_ids),
            submitted_at=utcnow(),
            score=0.0,
        )
        for question in data["questions"]:
            value = request.form.get(f"q{question['id']}")
            tags = {key: request.form.get(f"q{question['id']}-{key}") for key in question["tags"]}
            if value is None and not tags:
                abort(400)
            attempt.answers.append(
                Answer(question_id=question["id"], choice_id=int(value) if value else None, response=tags or None)
            )
        db.session.add(attempt)
        db.session.commit()
        return "", 302, {"Location": "/page"}

    return app
