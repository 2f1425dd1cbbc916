"""Ready SPARQL queries (``*.rq``), listed by ``kg query --list``; see kg/query.py for their header format."""
