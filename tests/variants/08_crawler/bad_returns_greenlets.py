"""fails: test_crawl_returns_what_get_page_returned_for_each_url test_crawl_without_a_session_fetches_every_page

crawl returns what joinall returns (the greenlets), not {url: result}.
"""

# ruff: noqa: E402 - every import below must come after the patch
from gevent import monkey

monkey.patch_all()

from collections.abc import Iterable

import gevent
import requests
from gevent.pool import Pool


def get_page(url: str, session: requests.Session | None = None) -> int | None:
    print(f'GET: {url}')
    fetch = session.get if session is not None else requests.get
    try:
        response = fetch(url, timeout=10)
    except requests.RequestException as exc:
        print(exc)
        return None
    if response.status_code != 200:
        print(None)
        return None
    size = len(response.text)
    print(f'{size} bytes received from {url}')
    return size


def crawl(urls: Iterable[str], session: requests.Session | None = None,
          concurrency: int | None = None) -> dict[str, int | None]:
    spawn = gevent.spawn if concurrency is None else Pool(concurrency).spawn
    return gevent.joinall([spawn(get_page, url, session) for url in urls])


def crawl_sequential(urls: Iterable[str], session: requests.Session | None = None) -> dict[str, int | None]:
    return {url: get_page(url, session) for url in urls}
