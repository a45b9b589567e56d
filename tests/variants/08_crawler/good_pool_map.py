"""A right answer written differently: gevent.monkey spelled out, one Pool for both cases
(Pool(None) has no bound), Pool.map with functools.partial, and a helper that fetches.
"""

import gevent.monkey

gevent.monkey.patch_all()

from functools import partial  # noqa: E402

import requests  # noqa: E402
from gevent.pool import Pool  # noqa: E402


def _fetch(url, session):
    return (session or requests).get(url, timeout=5)


def get_page(url, session=None):
    print(f"GET: {url}")
    try:
        response = _fetch(url, session)
    except requests.exceptions.RequestException as error:
        print(f"error: {error!r}")
        return None
    if response.status_code == 200:
        size = len(response.text)
        print(f"{size} bytes received from {url}")
        return size
    print(None)
    return None


def crawl(urls, session=None, concurrency=None):
    urls = list(urls)
    sizes = Pool(concurrency).map(partial(get_page, session=session), urls)
    return dict(zip(urls, sizes, strict=True))


def crawl_sequential(urls, session=None):
    return {url: get_page(url, session) for url in urls}
