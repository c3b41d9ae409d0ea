"""Indexed search over `search_text` columns (see `text.search_blob`).

The portable form is `text.words_q` (every query word starts a word of the column). It needs a
scan, so tables that grow large get an index that answers the same question:
- SQLite: an FTS5 table kept in step by triggers, queried with prefix terms;
- PostgreSQL: a GIN index on to_tsvector('simple', column), queried with prefix lexemes
  ("nguyen:* & van:*"); trigrams were tried first and cost ~7 ms a query on names, whose
  syllables ("ngu", "uye") are in nearly every row.
"""

from django.db import connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

from .text import search_words, words_q


def fts_table(table: str) -> str:
    return f"{table}_fts"


def index_sql(vendor: str, table: str, column: str = "search_text") -> list[str]:
    """Statements that build the search index of `table` (run by a migration)."""
    if vendor == "sqlite":
        fts = fts_table(table)
        return [
            f"CREATE VIRTUAL TABLE {fts} USING fts5({column}, content='{table}', content_rowid='id')",
            f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN "
            f"INSERT INTO {fts}(rowid, {column}) VALUES (new.id, new.{column}); END",
            f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN "
            f"INSERT INTO {fts}({fts}, rowid, {column}) VALUES ('delete', old.id, old.{column}); END",
            f"CREATE TRIGGER {fts}_au AFTER UPDATE OF {column} ON {table} BEGIN "
            f"INSERT INTO {fts}({fts}, rowid, {column}) VALUES ('delete', old.id, old.{column}); "
            f"INSERT INTO {fts}(rowid, {column}) VALUES (new.id, new.{column}); END",
            f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
        ]
    if vendor == "postgresql":
        return [f"CREATE INDEX IF NOT EXISTS {table}_{column}_fts ON {table} USING gin ({_tsvector(column)})"]
    return []


def drop_index_sql(vendor: str, table: str, column: str = "search_text") -> list[str]:
    if vendor == "sqlite":
        fts = fts_table(table)
        return [f"DROP TRIGGER IF EXISTS {fts}_{t}" for t in ("ai", "ad", "au")] + [f"DROP TABLE IF EXISTS {fts}"]
    if vendor == "postgresql":
        return [f"DROP INDEX IF EXISTS {table}_{column}_fts"]
    return []


def _tsvector(column: str) -> str:
    # The query must repeat this expression exactly for PostgreSQL to use the index.
    return f"to_tsvector('simple'::regconfig, {column})"


def search_q(table: str, query: str) -> Q:
    """Rows of `table` matching `query` (as `words_q` defines it), through the table's index."""
    words = search_words(query)
    if not words:
        return Q()
    if connection.vendor == "sqlite":
        # Words are letters and digits only, quoted as FTS5 prefix terms: no query syntax gets in.
        match = " AND ".join(f'"{w}"*' for w in words)
        fts = fts_table(table)
        return Q(id__in=RawSQL(f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s", [match]))
    if connection.vendor == "postgresql":
        column = connection.ops.quote_name(table) + '."search_text"'
        tsquery = " & ".join(f"{w}:*" for w in words)
        return Q(RawSQL(f"{_tsvector(column)} @@ to_tsquery('simple'::regconfig, %s)", [tsquery],
                        output_field=BooleanField()))
    return words_q(query)
