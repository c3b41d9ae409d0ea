"""A real server for tests that send requests at the same moment from several threads.

On PostgreSQL that is pytest-django's `live_server` over the test database. On SQLite the test
database lives in memory and `live_server` hands its threads that one connection, shared: the
requests then run one transaction inside another's and break the connection's bookkeeping, which
says nothing about production. There the requests go to a live server over a copy of the test
database in a file, one connection per thread with the settings' WAL and IMMEDIATE transactions,
as a SQLite deployment runs; the test then reads that file.
"""

import sqlite3
import threading
from contextlib import contextmanager

from django.core.servers.basehttp import ThreadedWSGIServer
from django.core.wsgi import get_wsgi_application
from django.db import connection, connections
from django.test.testcases import QuietWSGIRequestHandler


class _OwnConnectionServer(ThreadedWSGIServer):
    """Each request thread opens its own connection to `settings_dict`'s database (and closes it)."""

    def __init__(self, *args, wrapper, settings_dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.wrapper, self.settings_dict = wrapper, settings_dict

    def process_request_thread(self, request, client_address):
        connections["default"] = self.wrapper(dict(self.settings_dict), alias="default")
        super().process_request_thread(request, client_address)


@contextmanager
def _sqlite_file_server(tmp_path):
    """Serve a file copy of the in-memory test database; inside the block, this thread's ORM reads
    that file too."""
    path = tmp_path / "scans.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.execute("PRAGMA journal_mode=WAL")
    target.close()
    settings_dict = {**connection.settings_dict, "NAME": str(path), "TEST": {}}
    wrapper = type(connections["default"])
    server = _OwnConnectionServer(("127.0.0.1", 0), QuietWSGIRequestHandler, wrapper=wrapper,
                                  settings_dict=settings_dict)
    server.set_app(get_wsgi_application())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    in_memory = connections["default"]
    on_file = wrapper(dict(settings_dict), alias="default")
    connections["default"] = on_file
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
        on_file.close()
        connections["default"] = in_memory


def concurrent_server_url(request, tmp_path):
    """A fixture's body: `yield from concurrent_server_url(request, tmp_path)` gives the server's address."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        with _sqlite_file_server(tmp_path) as url:
            yield url
    else:
        yield request.getfixturevalue("live_server").url
