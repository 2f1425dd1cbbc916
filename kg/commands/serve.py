"""`kg serve`: a read-only SPARQL 1.1 Protocol endpoint and a browser explorer (see kg/serve/)."""
from __future__ import annotations

import os
from pathlib import Path

import typer

from kg.commands import fail


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve_cmd(
        source: Path = typer.Argument(..., help="A store directory or a graph file."),
        port: int = typer.Option(7878, "--port", "-p", help="TCP port (0: any free port)."),
        host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on; requests must name it in their Host header."),
        timeout: float = typer.Option(10.0, "--timeout", help="Seconds a query may take, waiting for a worker included."),
        max_bytes: int = typer.Option(16 * 1024 * 1024, "--max-bytes", help="Largest result, in bytes of the serialized answer."),
        workers: int = typer.Option(min(os.cpu_count() or 2, 8), "--workers", help="Query worker processes (queries run in parallel up to this), plus one express worker for cheap queries."),
        memory_mb: int = typer.Option(2048, "--memory-mb", help="Memory a query worker may use beyond the open store, in MiB."),
        cors: str = typer.Option(None, "--cors", metavar="ORIGIN", help="Allow this web origin (e.g. http://localhost:3000) to query from its pages."),
        verbose: bool = typer.Option(False, "--verbose", "-v", help="Log every request."),
    ) -> None:
        """Serve SPARQL (GET/POST, content negotiation) and the explorer at /; read-only, no outbound requests."""
        import asyncio
        import logging
        import signal

        from kg.serve import Limits, Refused, start

        if not source.exists():
            fail(f"{source}: no such store or graph file")
        if timeout <= 0 or max_bytes <= 0 or workers < 1 or memory_mb < 64:
            fail("--timeout and --max-bytes must be positive, --workers at least 1, --memory-mb at least 64")
        if cors is not None and not cors.startswith(("http://", "https://")):
            fail("--cors wants an origin such as http://localhost:3000")
        logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(asctime)s %(message)s")
        limits = Limits(timeout=timeout, max_bytes=max_bytes, workers=workers, memory_mb=memory_mb)

        async def main() -> None:
            try:
                endpoint = await start(str(source), host, port, limits, cors, access_log=verbose)
            except Refused as e:
                fail(e.message)
            except OSError as e:
                fail(f"cannot listen on {host}:{port} ({e.strerror or e})")
            sandbox = "no network (seccomp)" if endpoint.pool.sandboxed else "SERVICE refused by a text guard (no seccomp here)"
            typer.echo(f"SPARQL endpoint on {endpoint.url}, explorer on {endpoint.base}/ (read-only; {sandbox}; "
                       f"{timeout:g} s, {max_bytes} bytes per query); Ctrl-C stops it", err=True)
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(sig, stop.set)
            await stop.wait()
            await endpoint.stop()

        asyncio.run(main())
