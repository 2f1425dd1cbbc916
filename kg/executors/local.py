"""The ``local`` executor: every Document built in this process, in input order (the reference
build the others equal)."""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from kg.ingest import stream
from kg.pipeline import DocumentOutcome, Job, build_documents
from kg.types import Document, InputError


def run(inputs: list[str], job: Job, **_) -> Iterator[DocumentOutcome | InputError]:
    yield from build_each(stream(inputs, job.published, job.strict, job.storage_options), job)


def build_each(items: Iterable[Document | InputError], job: Job) -> Iterator[DocumentOutcome | InputError]:
    """Documents built one after the other; errors passed on in their place."""
    for item in items:
        if isinstance(item, InputError):
            yield item
        else:
            yield from build_documents([item], job)
