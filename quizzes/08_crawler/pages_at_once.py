# ruff: noqa: E402 - the imports below must come after the patch
from gevent import monkey

monkey.patch_all()

import gevent
import requests
from gevent.pywsgi import WSGIServer

busy = [0, 0]  # requests being served now, most at once


def site(environ, start_response):
    busy[0] += 1
    busy[1] = max(busy)
    gevent.sleep(0.3)
    busy[0] -= 1
    start_response("200 OK", [])
    return [b"page"]


server = WSGIServer(("127.0.0.1", 0), site, log=None)
server.start()
url = f"http://127.0.0.1:{server.server_port}/"
gevent.joinall([gevent.spawn(requests.get, url) for _ in range(3)])
print("most at once:", busy[1])
