"""09 gevent 实现单线程下的 socket 并发 / A single-threaded gevent socket server

在文件最开头打补丁（monkey.patch_all()）之后，accept、recv、send 遇到等待就会把控制权
交给别的协程。于是每接受一个连接就 spawn 一个协程，一个线程就能同时服务成百上千个客户端。
注意：recv 返回 b'' 表示对方已经关闭了连接，这时必须退出循环；课上的写法会在这里原地空转，
一个核被占满，其他连接也没人管了。

Once patched (monkey.patch_all(), first thing in the file), accept, recv and send hand control
to another greenlet whenever they would wait. So spawn one greenlet per accepted connection, and
one thread serves hundreds of clients at once. Mind that recv returning b'' means the peer has
closed: leave the loop then. The lesson's loop spins right there, burning a core and starving
every other connection.

任务 / Task: talk(conn, addr) 回送大写后的消息；server(ip, port) 为每个连接 spawn 一个 talk。
talk(conn, addr) echoes each message upper-cased; server(ip, port) spawns talk per connection.
"""

import socket

import gevent


def talk(conn: socket.socket, addr: tuple[str, int]) -> None:
    """回送每条消息的大写形式，直到对方关闭连接或出错；最后关闭连接。
    Echo each message upper-cased until the peer closes or an error occurs; then close."""
    raise NotImplementedError


def server(ip: str, port: int) -> None:
    """在 (ip, port) 上监听，每接受一个连接就 spawn 一个协程运行 talk，永远运行。
    Listen on (ip, port) and spawn a greenlet running talk for each accepted connection, forever."""
    raise NotImplementedError
