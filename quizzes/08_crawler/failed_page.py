import gevent


def get_page(url):
    gevent.sleep(0.05)
    if "broken" in url:
        raise ValueError(url)
    return len(url)


jobs = [gevent.spawn(get_page, url) for url in ("a.org", "broken.org", "c.org")]
gevent.joinall(jobs)
print([g.value for g in jobs])
print("DONE")
