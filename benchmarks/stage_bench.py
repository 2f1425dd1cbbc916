"""Where a build's CPU time goes, stage by stage, without a profiler (a profiler inflates the cost
of Python calls and so misplaces it).

    python benchmarks/stage_bench.py [ARTICLES.jsonl] [--articles 192] [--no-model]

Runs the stages of :func:`kg.pipeline.process_article` one after the other on every article, in
this process, with the working tree's code, after loading the pipeline (start-up is not counted),
and prints the CPU seconds (``time.process_time``) of each: reading, splitting into articles,
the tokenizer, each pipeline component (``kg_mentions`` includes the NER model, which is also
shown alone, and the rules' ``find``), each extractor, the article graph and its N-Quads block.
Without ARTICLES.jsonl the corpus is the dev and dev2 articles of ../shared/corpus repeated to
``--articles`` records (as benchmarks/build_bench.py makes it). Compare two checkouts by running
each one's copy in turn; quote ratios from one session, as the machine is shared.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

clock = time.process_time


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", nargs="?", help="a JSON Lines file of articles (default: dev + dev2 repeated)")
    ap.add_argument("--articles", type=int, default=192, help="records of the default corpus")
    ap.add_argument("--no-model", action="store_true", help="rules only, without the NER model")
    args = ap.parse_args()
    use_model = not args.no_model

    import kg.nlp.pipeline as nlp_pipeline
    from kg.graph import article_graph
    from kg.ingest import iter_documents
    from kg.pipeline import ENTITY_CLASSES, Job, entity_rows, nquads_block, prepare
    from kg.segment import split_articles

    times: dict[str, float] = defaultdict(float)

    def timed(name, fn):
        def wrapper(*a, **k):
            t = clock()
            try:
                return fn(*a, **k)
            finally:
                times[name] += clock() - t
        return wrapper

    # the parts of the mention component, timed where the component calls them
    nlp_pipeline.model_entities = timed("  of which the NER model", nlp_pipeline.model_entities)
    extractors = prepare(Job(use_model=use_model))
    nlp = nlp_pipeline.get_nlp(use_model)
    rules = nlp.get_pipe("kg_mentions").rules
    rules.find = timed("  of which the rules' find", rules.find)

    with tempfile.TemporaryDirectory() as tmp:
        corpus = args.corpus
        if corpus is None:
            from build_bench import make_corpus

            make_corpus(Path(tmp), args.articles)
            corpus = tmp
        t = clock()
        documents = list(iter_documents([corpus]))
        times["read"] += clock() - t
    articles = characters = 0
    for document in documents:
        t = clock()
        parts = split_articles(document)
        times["split into articles"] += clock() - t
        for article in parts:
            articles += 1
            characters += len(article.text)
            t = clock()
            doc = nlp.make_doc(article.text)
            times["tokenizer"] += clock() - t
            doc._.article = article
            for name, component in nlp.pipeline:
                t = clock()
                doc = component(doc)
                times[f"component {name}"] += clock() - t
            facts = []
            for extractor in extractors:
                t = clock()
                facts += list(extractor(doc))
                times[f"extractor {extractor.family}"] += clock() - t
            t = clock()
            graph = article_graph(article, doc._.mentions, facts)
            times["article graph"] += clock() - t
            t = clock()
            nquads_block(graph.iri, graph.graph, graph.shared)
            entity_rows(graph.shared, ENTITY_CLASSES)
            times["N-Quads block, entity rows"] += clock() - t
    total = sum(v for k, v in times.items() if not k.startswith("  "))
    print(f"{articles} articles, {characters:,} characters, {'rules only' if args.no_model else 'with the model'}; "
          f"CPU {total:.2f} s ({characters / total:,.0f} characters/s)\n")
    print("| stage | CPU (s) | share |\n|---|---:|---:|")
    order = sorted((k for k in times if not k.startswith("  ")), key=lambda k: -times[k])
    for key in order:
        print(f"| {key} | {times[key]:.2f} | {100 * times[key] / total:.1f}% |")
        if key == "component kg_mentions":
            for sub in sorted(k for k in times if k.startswith("  ")):
                print(f"| {sub.strip()} | {times[sub]:.2f} | {100 * times[sub] / total:.1f}% |")


if __name__ == "__main__":
    main()
