"""Fuzzing the one-article path (issue 13): no text and no publication date makes it raise, and
what it builds is valid RDF. Bounded here (a few dozen examples, rules only); the long run is
`python benchmarks/fuzz_bench.py --texts 10000`."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings

from fuzzing import check_article, publication_dates, texts


@pytest.fixture(scope="module")
def extractors():
    from kg.extract import get_extractors

    return get_extractors()


@settings(max_examples=60, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large])
@given(text=texts(), published=publication_dates())
def test_any_text_with_any_publication_date_builds_valid_rdf(extractors, text, published):
    check_article(text, published, extractors)


@pytest.mark.parametrize("text, published", [
    ("1年6月。", date(9999, 12, 31)),                  # the triggers, kept as examples
    ("去年底全省投资1亿元。", date(1, 1, 1)),
    ("三季度市长强视察", date(1, 1, 1)),
    ("2024年以来，全省投资超-5亿元，同比增长-2.3%。", date(1, 6, 1)),
    ("李强\ud800主持召开国务院常务会议。", date(2024, 1, 1)),
    ("国务院常务会议审议通过" * 200, None),             # one long sentence without a full stop
])
def test_known_triggers(extractors, text, published):
    check_article(text, published, extractors)


def test_the_property_does_fail_on_a_broken_pipeline(extractors, monkeypatch):
    """The fuzz test can fail: a pipeline that raises on some date is caught."""
    import kg.pipeline

    def broken(article, *a, **k):
        raise OverflowError("date value out of range")

    monkeypatch.setattr(kg.pipeline, "process_article", broken)
    with pytest.raises(OverflowError):
        check_article("去年底。", date(1, 1, 1), extractors)
