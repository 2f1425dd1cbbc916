"""What a query worker may do: no network, bounded memory. Applied by the worker to itself once
its store is open, before it reads its first query.

No network, by construction. Oxigraph evaluates ``SERVICE <url>`` by opening an HTTP connection,
and no guard that parses the query text apart from the engine can be sure to see every SERVICE
the engine sees (the two parsers read escapes differently). So the worker process installs a
seccomp filter (through libseccomp) that makes ``socket()`` fail with EACCES for every address
family but AF_UNIX (the worker's own pipe to the server), and refuses ``io_uring_setup``. Whatever
the query text says, the engine cannot open a connection; a SERVICE clause fails with a
PermissionError, which the worker reports as "SERVICE is not allowed". The filter cannot be
lifted by the process (``no_new_privs``; seccomp filters are inherited and only ever added to).

Where libseccomp is missing (not Linux), the worker falls back to :func:`mentions_service`: it
refuses every query whose text could spell SERVICE by any reading (a superset test over the raw
text and every unescaping of ``\\u``/``\\U``), so a parser differential can only refuse too much.

Memory: ``RLIMIT_DATA`` (private writable memory: the heap and anonymous mappings) is set to what
the open store uses plus ``memory_mb``. A query that needs more makes an allocation fail, the
engine aborts, and the server answers 503 and starts a fresh worker.
"""
from __future__ import annotations

import errno
import re
import resource
import socket

SERVICE_DENIED_ERRNO = errno.EACCES


def deny_network() -> bool:
    """Install the seccomp filter in this process. True when installed, False when libseccomp is
    not available here (then :func:`mentions_service` must guard the queries)."""
    try:
        import pyseccomp as sc
    except (ImportError, RuntimeError, OSError):
        return False
    f = sc.SyscallFilter(sc.ALLOW)
    f.add_rule(sc.ERRNO(SERVICE_DENIED_ERRNO), "socket", sc.Arg(0, sc.NE, socket.AF_UNIX))
    f.add_rule(sc.ERRNO(SERVICE_DENIED_ERRNO), "io_uring_setup")
    f.load()
    return True


_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_SERVICE = re.compile(r"service", re.IGNORECASE | re.ASCII)


def _unescape(text: str) -> str:
    def one(m: re.Match) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= 0x10FFFF else ""
    return _ESCAPE.sub(one, text)


def mentions_service(text: str) -> bool:
    """True when ``text`` could contain the keyword SERVICE under any reading of its escapes
    (used only where the seccomp filter cannot be installed; refuses too much rather than too
    little: a string that contains the word is refused as well)."""
    seen = set()
    while text not in seen:
        if _SERVICE.search(text):
            return True
        seen.add(text)
        text = _unescape(text)
    return False


def data_in_use() -> int:
    """Bytes of private writable memory this process maps now (VmData), 0 if unknown."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmData:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def cap_memory(memory_mb: int) -> None:
    """Let this process map at most ``memory_mb`` MiB more private memory than it does now."""
    limit = data_in_use() + memory_mb * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_DATA)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))
