"""fails: test_get_page_returns_and_prints_the_size_of_a_200_page test_get_page_prints_none_for_another_status test_get_page_prints_a_failed_request_instead_of_raising test_crawl_returns_what_get_page_returned_for_each_url

Never learned to use the session: get_page fetches with requests.get whatever it is given, and
answers the pages it saw in the checks (their URLs, sizes, statuses and error texts, copied from
an earlier run) from a table instead of fetching them. Only pages the checks invent afresh for
every run, at addresses no one can write down in advance, tell such a fake from a crawler.
"""

# ruff: noqa: E501 - the first line names every check this answer must fail
# ruff: noqa: E402 - every import below must come after the patch
from gevent import monkey

monkey.patch_all()

from collections.abc import Iterable

import gevent
import requests
from gevent.pool import Pool

SEEN = {  # url: (what get_page printed after the GET line, what it returned)
    "http://kata.test/ok": ("1234 bytes received from http://kata.test/ok", 1234),
    "http://kata.test/small": ("56 bytes received from http://kata.test/small", 56),
    "http://kata.test/missing": ("None", None),
    "http://kata.test/broken": ("None", None),
    "http://kata.test/refused": ("kata: connection refused", None),
    "http://kata.test/slow": ("kata: read timed out", None),
}


def get_page(url: str, session: requests.Session | None = None) -> int | None:
    print(f'GET: {url}')
    if url in SEEN:
        line, value = SEEN[url]
        print(line)
        return value
    try:
        response = requests.get(url, timeout=10)
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
    jobs = {url: spawn(get_page, url, session) for url in urls}
    gevent.joinall(list(jobs.values()))
    return {url: job.value for url, job in jobs.items()}


def crawl_sequential(urls: Iterable[str], session: requests.Session | None = None) -> dict[str, int | None]:
    return {url: get_page(url, session) for url in urls}
