# Keep pytest's doctest collection away from the module that runs the CLI on import.
collect_ignore = ["boilerlab/__main__.py", "app.py", "pages", "benchmarks"]
