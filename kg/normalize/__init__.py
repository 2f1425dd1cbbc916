"""Normalization of expressions into data: amounts (kg.normalize.amounts) and dates
(kg.normalize.dates).

Pure, deterministic functions over a string (no model, no clock, no I/O), so that every
extractor normalizes numbers and dates the same way and each rule can be tested alone:

    from kg.normalize import find_amounts, parse_number, find_dates, future_period_year
"""
from kg.normalize.amounts import Amount, find_amounts, parse_number
from kg.normalize.dates import DateMention, find_dates, future_period_year

__all__ = ["Amount", "find_amounts", "parse_number", "DateMention", "find_dates", "future_period_year"]
