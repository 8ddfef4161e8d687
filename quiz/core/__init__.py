"""Pure logic: question kinds, the question-file format, text repair, sentences, attribution, statistics, charts.

Nothing here imports Flask, SQLAlchemy, the models or the web areas, so it is tested without an app.
"""
