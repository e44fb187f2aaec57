# No models: search's tables are added to the content apps' tables by migrations (see
# schema.py). The module exists because Django sends `post_migrate` only to apps that have
# one, and SearchConfig.ready() listens to its own to repair SQLite's triggers.
