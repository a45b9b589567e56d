"""fails: test_get_page_prints_a_failed_request_instead_of_raising

Catches requests.ConnectionError only: a read timeout (requests.ReadTimeout) still escapes.
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
    except requests.ConnectionError as exc:
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
    jobs = {url: spawn(get_page, url, session) for url in urls}  # a full pool waits for a slot
    gevent.joinall(list(jobs.values()))
    return {url: job.value for url, job in jobs.items()}


def crawl_sequential(urls: Iterable[str], session: requests.Session | None = None) -> dict[str, int | None]:
    return {url: get_page(url, session) for url in urls}
