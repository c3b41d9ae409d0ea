"""What each fact app contributes to a full rebuild; apps register in their AppConfig.ready.

A fact source is a callable returning (indicator, dim, grouped queryset) triples for
`services.insert_days`; a stock source is (indicators, count) for `services.stock_recount`.
"""

_facts: list = []
_stock: list = []


def register_facts(source) -> None:
    if source not in _facts:
        _facts.append(source)


def register_stock(indicators: tuple[str, ...], count) -> None:
    if (indicators, count) not in _stock:
        _stock.append((indicators, count))


def fact_sources() -> list:
    return list(_facts)


def stock_sources() -> list:
    return list(_stock)
