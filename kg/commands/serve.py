"""`kg serve`: a read-only SPARQL 1.1 Protocol endpoint on 127.0.0.1 (see kg/serve.py)."""
from __future__ import annotations

from pathlib import Path

import typer

from kg.commands import fail


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve_cmd(
        source: Path = typer.Argument(..., help="A store directory or a graph file."),
        port: int = typer.Option(7878, "--port", "-p", help="TCP port on 127.0.0.1 (0: any free port)."),
        timeout: float = typer.Option(10.0, "--timeout", help="Seconds a query may run before it is stopped."),
        max_bytes: int = typer.Option(16 * 1024 * 1024, "--max-bytes", help="Largest result, in bytes of the serialized answer."),
        workers: int = typer.Option(2, "--workers", help="Query worker processes (queries run in parallel up to this)."),
    ) -> None:
        """Serve SPARQL queries (GET/POST, content negotiation); refuses updates, SERVICE, slow and huge queries."""
        from kg.serve import Limits, Refused, make_server

        if not source.exists():
            fail(f"{source}: no such store or graph file")
        if timeout <= 0 or max_bytes <= 0 or workers < 1:
            fail("--timeout and --max-bytes must be positive, --workers at least 1")
        try:
            server = make_server(str(source), port, Limits(timeout=timeout, max_bytes=max_bytes, workers=workers))
        except Refused as e:
            fail(f"{e.message}")
        except OSError as e:
            fail(f"cannot listen on 127.0.0.1:{port} ({e.strerror or e})")
        host, real_port = server.server_address[:2]
        typer.echo(f"SPARQL endpoint on http://{host}:{real_port}/sparql (read-only; {timeout:g} s, {max_bytes} bytes per query); Ctrl-C stops it", err=True)
        import signal

        def _stop(signum, frame):  # a TERM (kill, timeout) stops as cleanly as Ctrl-C
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, _stop)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
            server.pool.close()
