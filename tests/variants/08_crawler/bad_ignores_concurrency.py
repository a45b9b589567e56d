"""fails: test_crawl_with_concurrency_never_exceeds_it

Accepts concurrency but never uses it: every request goes out at once.
"""

# ruff: noqa: E402 - every import below must come after the patch
from gevent import monkey

monkey.patch_all()

from collections.abc import Iterable

import gevent
import requests


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
    jobs = {url: gevent.spawn(get_page, url, session) for url in urls}
    gevent.joinall(list(jobs.values()))
    return {url: job.value for url, job in jobs.items()}


def crawl_sequential(urls: Iterable[str], session: requests.Session | None = None) -> dict[str, int | None]:
    return {url: get_page(url, session) for url in urls}
