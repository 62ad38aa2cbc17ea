"""Benchmarks: ``bench/run.py`` discovers ``bench/<name>.py`` modules exposing ``run(db_label)``."""
