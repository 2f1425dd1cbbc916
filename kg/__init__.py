"""cnnews-kg: a knowledge-graph builder for Chinese government and economic news."""
__version__ = "0.1.0"
