"""`diplograph serve`: the graph as dereferenceable linked data, HTML pages, a SPARQL endpoint and the canned
queries as a web API, on the Python standard library's HTTP server. See docs/serving.md."""

from .app import App, ServeConfig
from .server import Server
from .source import DataSource
from .sparql import Limits

__all__ = ["App", "DataSource", "Limits", "ServeConfig", "Server"]
