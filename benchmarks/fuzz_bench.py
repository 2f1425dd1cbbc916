"""The long fuzz run of issue 13: N generated texts with publication dates anywhere in 0001-9999
through the one-article path (tests/fuzzing.py: the same strategies and property as the suite's
bounded test), counting crashes and invalid RDF instead of stopping at the first.

    nice python benchmarks/fuzz_bench.py --texts 10000            # rules only
    nice python benchmarks/fuzz_bench.py --texts 2000 --model     # with the NER model
    nice python benchmarks/fuzz_bench.py --texts 10000 --seed 7   # another draw

Prints one line per failure (the exception, where in kg it was raised, the text's first
characters) and a summary: texts, crashes, invalid RDF, quads, seconds.
"""
from __future__ import annotations

import argparse
import logging
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=10_000, help="how many texts to generate and build")
    parser.add_argument("--seed", type=int, default=0, help="seed of the draw (the same seed, the same texts)")
    parser.add_argument("--model", action="store_true", help="with the statistical NER model (slower)")
    args = parser.parse_args()

    from hypothesis import HealthCheck, Phase, given, seed, settings

    from fuzzing import check_article, publication_dates, texts
    from kg.extract import get_extractors
    from kg.guard import describe

    logging.getLogger("kg.normalize.amounts").setLevel(logging.ERROR)  # out-of-range amounts are expected here
    extractors = get_extractors()
    counts: Counter = Counter()
    failures: list[str] = []

    @seed(args.seed)
    @settings(max_examples=args.texts, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(text=texts(), published=publication_dates())
    def run(text, published):
        counts["texts"] += 1
        try:
            counts["quads"] += check_article(text, published, extractors, use_model=args.model)
        except AssertionError as exc:
            counts["invalid"] += 1
            failures.append(f"invalid: {exc} | published {published} | {text[:60]!r}")
        except Exception as exc:  # noqa: BLE001 - counting crashes is the point
            kind = "invalid" if type(exc).__name__ == "SyntaxError" else "crashes"
            counts[kind] += 1
            failures.append(f"{kind}: {describe(exc)} | published {published} | {text[:60]!r}")

    started = time.perf_counter()
    run()
    seconds = time.perf_counter() - started
    for line in failures[:50]:
        print(line)
    print(f"{counts['texts']} texts ({'with' if args.model else 'without'} the NER model, seed {args.seed}): "
          f"{counts['crashes']} crashes, {counts['invalid']} invalid RDF, {counts['quads']} quads, {seconds:.0f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
