"""10 多线程版客户端 / Threaded clients

上一题的服务端只用一个线程；为了真的同时压上几百个连接，客户端这边用线程来制造并发。
每个线程都要有自己的套接字：套接字必须在 client 函数里面创建（局部变量）。如果放在函数外面，
所有线程共用同一个套接字、同一个连接，服务端看到的就永远只有一个客户端端口。

The previous topic's server uses a single thread; to really put hundreds of connections on it
at once, the clients use threads. Each thread needs a socket of its own: create it inside
client(), as a local. Made outside, one socket, one connection, is shared by every thread, and
the server only ever sees one client port.

任务：client(ip, port, count) 发送 count 条 '<线程名> say hello <i>' 并返回收到的回复；
run_clients(ip, port, n_threads, count) 让 n_threads 个线程同时各运行一个 client，全部 join
之后返回 {线程名: 回复列表}。
Task: client(ip, port, count) sends '<thread name> say hello <i>' count times and returns the
replies; run_clients(ip, port, n_threads, count) runs client in n_threads threads at once, joins
them all, and returns {thread name: replies}.
"""

import socket
import threading


def client(ip: str, port: int, count: int) -> list[str]:
    """用自己的套接字（一个连接）发送 count 条 '<线程名> say hello <i>'（i 从 0 开始），
    返回每条的回复（解码成 str）。
    Over a socket of its own (one connection), send '<thread name> say hello <i>' for i in
    range(count); return the replies, decoded to str."""
    raise NotImplementedError


def run_clients(ip: str, port: int, n_threads: int = 500, count: int = 1) -> dict[str, list[str]]:
    """在 n_threads 个线程里各运行一次 client，所有线程同时运行；等它们全部结束（每个都 join），
    返回 {线程名: 回复列表}。
    Run client once in each of n_threads threads, all running at once; wait for all of them
    (join each), then return {thread name: replies}."""
    raise NotImplementedError
