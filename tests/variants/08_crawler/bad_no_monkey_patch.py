"""fails: test_crawl_has_every_request_in_flight_at_once test_crawl_takes_about_one_delay_not_one_per_page test_crawl_with_concurrency_keeps_that_many_in_flight

Forgets monkey.patch_all(): requests' sockets block the whole thread, the greenlets take turns.
"""

# ruff: noqa: E501 - the first line names every check this answer must fail

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
    jobs = {url: spawn(get_page, url, session) for url in urls}  # a full pool waits for a slot
    gevent.joinall(list(jobs.values()))
    return {url: job.value for url, job in jobs.items()}


def crawl_sequential(urls: Iterable[str], session: requests.Session | None = None) -> dict[str, int | None]:
    return {url: get_page(url, session) for url in urls}
