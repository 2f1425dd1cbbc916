"""cnnews-kg: a knowledge-graph builder for Chinese government and economic news."""
__version__ = "0.1.0"


def __getattr__(name):  # lazy: `import kg` stays light; kg.to_networkx loads networkx on first use
    if name == "to_networkx":
        from kg.export import to_networkx
        return to_networkx
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
