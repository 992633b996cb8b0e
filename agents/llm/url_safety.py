"""Base URLs of model servers: checked before use, masked wherever shown, joined with their query kept.

Some providers take the key in the URL: in its user part (``http://user:KEY@host/v1``) or in its
query (``https://host/v1?api-key=KEY``). Such a URL is used as given for requests, but never shown
as given:

* :func:`masked_url` is the URL as it may be printed, logged or written: the user part becomes
  ``***`` and the value of every query parameter whose name looks secret (``key``, ``api-key``,
  ``token``, ``access_token``, ``sig``, ``password``, ...) becomes ``***``;
  :func:`mask_urls_in_text` does that to every URL inside a sentence (an error message, a label);
* :func:`register_url_secrets` adds those secrets to the log redaction of
  :func:`agents.llm.api_key.redact_secret_in_logs`, so a third-party logger that prints the URL
  (``httpx``) shows them masked too;
* :func:`join_endpoint` appends an endpoint's path to a base URL *before* its query
  (``http://h/v1?api-key=K`` + ``chat/completions`` -> ``http://h/v1/chat/completions?api-key=K``);
  :func:`client_base_and_query` splits a base URL into what the ``openai`` client takes as its
  ``base_url`` and its ``default_query``;
* :func:`url_problem` says what is wrong with a base URL (scheme, host, port, length) in words, and
  :func:`base_url_refusal` words its refusal, naming where the URL came from.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import parse_qsl, unquote

from agents.llm.api_key import redact_secret_in_logs

MASK = "***"
MAX_URL_LENGTH = 2048
URL_SCHEMES = ("http", "https")
_SECRET_NAME = re.compile(r"key|token|secret|pass|pwd|sig|auth|cred|session|jwt|bearer", re.IGNORECASE)
_URL_IN_TEXT = re.compile(r"\b[A-Za-z][A-Za-z0-9+.-]*://[^\s'\"<>]+")
_HOST_LABEL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?")
_CONTROL = re.compile(r"[\x00-\x20\x7f]")


def _split(url: str) -> tuple[str, str, str, str, str]:
    """(scheme with "://", netloc, path, "?query" or "", "#fragment" or ""), never raising."""
    scheme_end = url.find("://")
    if scheme_end < 0:
        prefix, rest = "", url
    else:
        prefix, rest = url[: scheme_end + 3], url[scheme_end + 3 :]
    fragment_at = rest.find("#")
    fragment = rest[fragment_at:] if fragment_at >= 0 else ""
    rest = rest[:fragment_at] if fragment_at >= 0 else rest
    query_at = rest.find("?")
    query = rest[query_at:] if query_at >= 0 else ""
    rest = rest[:query_at] if query_at >= 0 else rest
    if not prefix:
        return "", "", rest, query, fragment
    path_at = rest.find("/")
    netloc = rest[:path_at] if path_at >= 0 else rest
    path = rest[path_at:] if path_at >= 0 else ""
    return prefix, netloc, path, query, fragment


def _is_secret_name(name: str) -> bool:
    return bool(_SECRET_NAME.search(unquote(name)))


def _masked_parameters(text: str) -> str:
    """``a=1&api-key=K`` -> ``a=1&api-key=***``; a bare value (no ``=``) is masked whole."""
    masked: list[str] = []
    for item in text.split("&"):
        name, equals, value = item.partition("=")
        if not equals:
            masked.append(MASK if item else item)
        elif value and _is_secret_name(name):
            masked.append(f"{name}={MASK}")
        else:
            masked.append(item)
    return "&".join(masked)


def masked_url(url: str) -> str:
    """``url`` as it may be shown: credentials in its user part and secret-looking query (and
    fragment) values replaced by ``***``. Never raises, whatever ``url`` holds."""
    prefix, netloc, path, query, fragment = _split(url)
    userinfo, at, host = netloc.rpartition("@")
    if at:
        netloc = f"{MASK}:{MASK}@{host}" if ":" in userinfo else f"{MASK}@{host}"
    if query:
        query = "?" + _masked_parameters(query[1:])
    if fragment:
        fragment = "#" + _masked_parameters(fragment[1:])
    return f"{prefix}{netloc}{path}{query}{fragment}"


def mask_urls_in_text(text: str) -> str:
    """``text`` with every URL in it masked as :func:`masked_url` does."""
    if "://" not in text:
        return text
    return _URL_IN_TEXT.sub(lambda match: masked_url(match.group(0)), text)


def url_secrets(url: str) -> tuple[str, ...]:
    """The secrets a URL carries: its user part's name and password, and secret-looking query values."""
    _prefix, netloc, _path, query, fragment = _split(url)
    found: list[str] = []
    userinfo, at, _host = netloc.rpartition("@")
    if at:
        for part in userinfo.split(":"):
            if part:
                found.extend({part, unquote(part)})
    for text in (query[1:], fragment[1:]):
        for item in text.split("&") if text else ():
            name, equals, value = item.partition("=")
            if not equals and item:
                found.extend({item, unquote(item)})
            elif value and _is_secret_name(name):
                found.extend({value, unquote(value)})
    return tuple(dict.fromkeys(found))


def register_url_secrets(url: str) -> None:
    """Mask the secrets ``url`` carries in every log line from now on (see the module docstring)."""
    for secret in url_secrets(url):
        redact_secret_in_logs(secret)


def join_endpoint(base_url: str, path: str) -> str:
    """``path`` appended to ``base_url``'s path with one ``/``, its query and fragment kept after it."""
    prefix, netloc, base_path, query, fragment = _split(base_url)
    joined = base_path.rstrip("/") + "/" + path.lstrip("/")
    return f"{prefix}{netloc}{joined}{query}{fragment}"


def client_base_and_query(base_url: str) -> tuple[str, dict[str, str]]:
    """What the ``openai`` client takes: the base URL without its query (the client appends the
    endpoint's path to the raw path, query included) and the query as ``default_query``."""
    prefix, netloc, path, query, _fragment = _split(base_url)
    parameters = dict(parse_qsl(query[1:], keep_blank_values=True)) if query else {}
    return f"{prefix}{netloc}{path}", parameters


def _host_problem(host: str) -> str | None:
    if not host:
        return "has no host, e.g. http://127.0.0.1:8080/v1"
    if host.startswith("["):
        if not host.endswith("]"):
            return f"host {host!r} is not a valid IPv6 address in brackets"
        try:
            ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            return f"host {host!r} is not a valid IPv6 address"
        return None
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return f"host {host!r} is not a valid host name"
    labels = ascii_host.rstrip(".").split(".")
    if len(ascii_host) > 253 or not all(_HOST_LABEL.fullmatch(label) for label in labels):
        return f"host {host!r} is not a valid host name or address"
    if all(label.isdigit() for label in labels):
        try:
            ipaddress.IPv4Address(ascii_host)
        except ValueError:
            return f"host {host!r} is not a valid IPv4 address"
    return None


def url_problem(url: str) -> str | None:
    """What is wrong with ``url`` as a model server's base URL, in words (None when it is usable).
    A query (``?api-key=...``) is allowed; a fragment is not (it is never sent)."""
    if len(url) > MAX_URL_LENGTH:
        return f"is {len(url)} characters long; at most {MAX_URL_LENGTH}"
    if _CONTROL.search(url):
        return "must not contain spaces or control characters"
    prefix, netloc, _path, _query, fragment = _split(url)
    if prefix[:-3].lower() not in URL_SCHEMES:
        return "must start with http:// or https://"
    if fragment:
        return "must not have a #fragment part"
    host_port = netloc.rpartition("@")[2]
    if host_port.startswith("["):
        closing = host_port.find("]")
        host, port_text = (host_port, None) if closing < 0 else (host_port[: closing + 1], host_port[closing + 1 :])
        if port_text is not None and port_text and not port_text.startswith(":"):
            return f"host {host_port!r} is not a valid IPv6 address in brackets"
        port_text = port_text[1:] if port_text else None
    else:
        host, colon, port_text_found = host_port.partition(":")
        port_text = port_text_found if colon else None
    problem = _host_problem(host)
    if problem:
        return problem
    if port_text is not None:
        if not port_text.isascii() or not port_text.isdigit():
            return f"port {port_text!r} is not a number (1-65535)"
        if not 1 <= int(port_text) <= 65535:
            return f"port {int(port_text)} is not in 1-65535"
    return None


def base_url_refusal(url: str, where: str) -> str | None:
    """The one-line refusal of ``url`` (masked), naming ``where`` it came from and what to do;
    None when it is usable."""
    problem = url_problem(url)
    if problem is None:
        return None
    return (f"{where}: base URL {masked_url(url)!r} {problem}; give the server's base URL, "
            "e.g. http://127.0.0.1:11434/v1")
