"""Sub-commands of `kg`: one module each, with a ``register(app)`` function.

Keep imports of heavy modules (spaCy, rdflib, pyoxigraph) inside the command functions, so that
`kg --help` stays fast."""
