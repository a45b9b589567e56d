"""08 协程应用：爬虫 / A gevent crawler

爬网页时，时间几乎都花在等网络上：发出请求后，程序只是干等服务器回应。打过补丁之后，
requests 用的 socket 在等待时会让出，于是每个网址一个协程，所有请求同时在路上，总用时约等于
最慢的那一页，而不是每一页的时间之和。忘了 monkey.patch_all()，socket 会阻塞整个线程，
协程只能一个接一个地等，和普通的 for 循环一样慢。页面太多时，不要一下子全发出去：
gevent.pool.Pool(n) 最多同时运行 n 个协程，其余的排队等空位。网络请求随时会失败，
爬虫要把错误打印出来、记为 None，然后继续爬别的页面。

A crawler spends nearly all its time waiting on the network: once a request is sent, the program
just waits for the server. With the patch, the sockets requests uses yield while they wait, so
with one greenlet per URL every request is on the wire at once, and the whole crawl takes about
as long as the slowest page, not the sum of them all. Forget monkey.patch_all() and the sockets
block the whole thread: the greenlets wait one after another, as slow as a plain for loop. With
many pages, do not send them all at once: gevent.pool.Pool(n) runs at most n greenlets at a time
and the others wait for a free slot. A request can fail at any time: a crawler prints the error,
records None and goes on with the other pages.

任务：在这个文件最开头打补丁，然后按文档字符串写出 get_page、crawl 和 crawl_sequential。
Task: patch at the very top of this file, then write get_page, crawl and crawl_sequential as
their docstrings say.
"""

# 第一步：在这里打补丁，先于下面所有的 import。
# Step 1: patch here, before every import below.

from collections.abc import Iterable

import gevent
import requests
from gevent.pool import Pool


def get_page(url: str, session: requests.Session | None = None) -> int | None:
    """打印 `GET: <url>`，然后下载这一页（给了 session 就用 session.get，否则 requests.get）。
    状态码 200：打印 `<n> bytes received from <url>`，返回 n = len(response.text)；
    其他状态码：打印 None，返回 None；请求出错（连不上、超时……）：打印这个异常，返回 None，不抛出。

    Print `GET: <url>`, then fetch the page (with session.get if a session is given, else
    requests.get). Status 200: print `<n> bytes received from <url>` and return
    n = len(response.text); another status: print None and return None; a failed request
    (refused, timed out...): print the exception and return None, never raise.
    """
    raise NotImplementedError


def crawl(urls: Iterable[str], session: requests.Session | None = None,
          concurrency: int | None = None) -> dict[str, int | None]:
    """每个网址 spawn 一个 get_page 协程（所有请求同时在路上），等它们全部结束，
    返回 {网址: get_page 的返回值}。给了 concurrency 就用 gevent.pool.Pool(concurrency)：
    同时最多、也确实同时有 concurrency 个请求在进行。

    Spawn a get_page greenlet per URL (every request on the wire at once), wait for all, return
    {url: what get_page returned}. With concurrency, use gevent.pool.Pool(concurrency): at most,
    and indeed, that many requests at once.
    """
    raise NotImplementedError


def crawl_sequential(urls: Iterable[str], session: requests.Session | None = None) -> dict[str, int | None]:
    """对照组：在普通循环里逐个调用 get_page，返回 {网址: get_page 的返回值}。

    For comparison: call get_page for each URL in a plain loop; return {url: what it returned}.
    """
    raise NotImplementedError
