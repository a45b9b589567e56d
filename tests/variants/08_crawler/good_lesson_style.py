"""A right answer close to the lesson: one-line patch, %-formatting, `except Exception`, a
gevent.pool.Group when no bound is given, and the byte count of response.content (the checks'
pages are ASCII, so it equals len(response.text)).
"""

# ruff: noqa: E402, E702, I001, UP031 - the lesson's spelling, as a student might copy it
from gevent import monkey;monkey.patch_all()
import gevent.pool
import requests


def get_page(url, session=None):
    print('GET: %s' % url)
    try:
        if session:
            response = session.get(url)
        else:
            response = requests.get(url)
        if response.status_code == 200:
            print('%d bytes received from %s' % (len(response.content), url))
            return len(response.content)
        else:
            print(None)
    except Exception as e:
        print(e)


def crawl(urls, session=None, concurrency=None):
    group = gevent.pool.Group() if concurrency is None else gevent.pool.Pool(concurrency)
    greenlets = [group.spawn(get_page, url, session) for url in urls]
    group.join()
    return {url: g.value for url, g in zip(urls, greenlets, strict=True)}


def crawl_sequential(urls, session=None):
    results = {}
    for url in urls:
        results[url] = get_page(url, session)
    return results
