"""SELECT queries on a remote SPARQL endpoint with SPARQLWrapper, rows shaped like the local ones.

Like loading, querying retries network faults and 5xx answers a bounded number of times with a timeout on each
request. Credentials (DIPLOGRAPH_STORE_USER / DIPLOGRAPH_STORE_PASSWORD) are sent only to an endpoint that
answers 401, first as HTTP Basic, then as Digest.
"""

from __future__ import annotations

import urllib.error
from typing import Any

from SPARQLWrapper import BASIC, DIGEST, JSON, POST, SELECT, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import (
    EndPointInternalError,
    EndPointNotFound,
    QueryBadFormed,
    SPARQLWrapperException,
    Unauthorized,
)

from ..errors import QueryError
from .http import PASSWORD_VARIABLE, USER_VARIABLE, credentials_from_environment
from .report import StoreError
from .retry import GaveUp, RetryPolicy, Transient, with_retries

Row = dict[str, str | None]


def _request(endpoint: str, text: str, timeout: float, auth: str | None) -> dict[str, Any]:
    wrapper = SPARQLWrapper(endpoint)
    wrapper.setQuery(text)
    # SPARQLWrapper guesses the query form with a regular expression that words in comments can fool (it takes
    # "addressee" for ADD and then sends the query as an update); this function only runs SELECT queries.
    wrapper.queryType = SELECT
    wrapper.setMethod(POST)
    wrapper.setReturnFormat(JSON)
    wrapper.setTimeout(max(1, round(timeout)))
    credentials = credentials_from_environment()
    if auth is not None and credentials is not None:
        wrapper.setHTTPAuth(auth)
        wrapper.setCredentials(*credentials)
    try:
        result = wrapper.queryAndConvert()
    except EndPointInternalError as exc:
        raise Transient(f"HTTP 500: {_first_line(exc)}") from None
    except urllib.error.HTTPError as exc:
        if exc.code >= 500:
            raise Transient(f"HTTP {exc.code} {exc.reason}") from None
        raise StoreError(f"query refused: HTTP {exc.code} {exc.reason}", path=endpoint) from None
    except urllib.error.URLError as exc:
        raise Transient(f"cannot connect ({exc.reason})") from None
    except TimeoutError:  # not tried again: a query that ran out of time once will again
        raise StoreError(f"no answer within {timeout:g} s", path=endpoint,
                         hint="give the query more time with --timeout") from None
    except (ConnectionError, OSError) as exc:
        raise Transient(f"connection failed ({exc})") from None
    if not isinstance(result, dict):
        raise StoreError("the answer is not SPARQL JSON results", path=endpoint)
    return result


def _first_line(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 300 else text[:299] + "…"


def _select_once(endpoint: str, text: str, timeout: float) -> dict[str, Any]:
    """One query; on 401 again with the credentials, as Basic then as Digest."""
    try:
        return _request(endpoint, text, timeout, None)
    except Unauthorized:
        if credentials_from_environment() is None:
            raise StoreError("the endpoint asks for credentials", path=endpoint,
                             hint=f"set {USER_VARIABLE} and {PASSWORD_VARIABLE}") from None
    for scheme in (BASIC, DIGEST):
        try:
            return _request(endpoint, text, timeout, scheme)
        except Unauthorized:
            continue
    raise StoreError("the endpoint did not accept the credentials", path=endpoint,
                     hint=f"check {USER_VARIABLE} and {PASSWORD_VARIABLE}")


def select(endpoint: str, text: str, *, timeout: float = 60.0, attempts: int = 3) -> tuple[list[str], list[Row]]:
    """Variables in the query's order and one dict per solution, None for an unbound variable."""
    policy = RetryPolicy(attempts=attempts, timeout=timeout)
    try:
        result = with_retries(lambda: _select_once(endpoint, text, timeout), policy)
    except GaveUp as exc:
        raise StoreError(f"query failed after {exc.attempts} attempt(s): {exc.last}", path=endpoint,
                         hint="is the store running and reachable?") from None
    except QueryBadFormed as exc:
        raise QueryError(f"the endpoint rejected the query: {_first_line(exc)}", path=endpoint) from None
    except EndPointNotFound:
        raise StoreError("no SPARQL endpoint at this URL (HTTP 404)", path=endpoint,
                         hint="Oxigraph: …/query; Virtuoso: …/sparql") from None
    except SPARQLWrapperException as exc:
        raise StoreError(f"query failed: {_first_line(exc)}", path=endpoint) from None
    try:
        variables: list[str] = list(result["head"]["vars"])
        bindings = result["results"]["bindings"]
    except (KeyError, TypeError):
        raise StoreError("the answer is not SPARQL JSON SELECT results", path=endpoint) from None
    rows: list[Row] = [{v: b[v]["value"] if v in b else None for v in variables} for b in bindings]
    return variables, rows
