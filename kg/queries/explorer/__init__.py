"""The SPARQL queries of the browser explorer (kg/explorer), one question per file."""
