"""A right answer that patches only what a crawler needs (sockets and name lookups) and
collects results as they finish, with Pool.imap_unordered.
"""

from gevent import monkey

monkey.patch_socket()

import requests  # noqa: E402
from gevent.pool import Pool  # noqa: E402


def get_page(url, session=None):
    http = requests if session is None else session
    print("GET:", url)
    try:
        reply = http.get(url, timeout=(3, 10))
    except (requests.ConnectionError, requests.Timeout) as exc:
        print(exc)
        return None
    if reply.status_code != 200:
        print(None)
        return None
    print(len(reply.text), "bytes received from", url)
    return len(reply.text)


def crawl(urls, session=None, concurrency=None):
    pool = Pool(concurrency)
    return dict(pool.imap_unordered(lambda url: (url, get_page(url, session)), urls))


def crawl_sequential(urls, session=None):
    return {url: get_page(url, session) for url in urls}
