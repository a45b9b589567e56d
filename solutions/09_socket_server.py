"""09 gevent 实现单线程下的 socket 并发 / A single-threaded gevent socket server

在文件最开头打补丁（monkey.patch_all()）之后，accept、recv、send 遇到等待就会把控制权
交给别的协程。于是每接受一个连接就 spawn 一个协程，一个线程就能同时服务成百上千个客户端。
注意：recv 返回 b'' 表示对方已经关闭了连接，这时必须退出循环；课上的写法会在这里原地空转，
一个核被占满，其他连接也没人管了。收到的字节不一定是合法的 UTF-8：照样回送，对话继续。
客户端也可能突然断开（连接被重置）：那只结束它自己的连接，不能拖垮服务端。

Once patched (monkey.patch_all(), first thing in the file), accept, recv and send hand control
to another greenlet whenever they would wait. So spawn one greenlet per accepted connection, and
one thread serves hundreds of clients at once. Mind that recv returning b'' means the peer has
closed: leave the loop then. The lesson's loop spins right there, burning a core and starving
every other connection. The bytes that arrive need not be valid UTF-8: echo them all the same,
and talk on. A client may also vanish at any moment (its connection reset): that ends its own
connection only, never the server.

任务：在这个文件最开头打补丁；talk(conn, addr) 打印收到的每条消息并回送它的大写形式；
server(ip, port) 为每个连接 spawn 一个 talk。
Task: patch at the very top of this file; talk(conn, addr) prints each message it gets and
echoes it upper-cased; server(ip, port) spawns talk for each connection.
"""

from gevent import monkey

monkey.patch_all()

import socket  # noqa: E402 - patched first: the socket module must be gevent's

import gevent  # noqa: E402


def talk(conn: socket.socket, addr: tuple[str, int]) -> None:
    """循环：recv 最多 1024 字节，打印收到的消息，回送它的大写形式（bytes.upper()）；直到对方关闭
    连接（recv 返回 b''）或出错，最后关闭连接。不是合法 UTF-8 的字节也照常回送，不能中断对话。
    Loop: recv up to 1024 bytes, print the message, send it back upper-cased (bytes.upper());
    until the peer closes (recv returns b'') or an error occurs; then close. Bytes that are not
    valid UTF-8 are echoed too: they must not end the conversation."""
    with conn:
        try:
            while True:
                data = conn.recv(1024)
                if not data:  # b'': the peer closed its side; looping on would spin forever
                    return
                # print decoded leniently: bad UTF-8 must not end the conversation
                print(f"client {addr[0]}:{addr[1]} msg: {data.decode('utf-8', errors='replace')}")
                conn.sendall(data.upper())  # bytes.upper() touches ASCII letters only
        except OSError as exc:  # e.g. the client reset the connection
            print(f"client {addr[0]}:{addr[1]} gone: {exc}")


def server(ip: str, port: int) -> None:
    """在 (ip, port) 上监听，每接受一个连接就 spawn 一个协程运行 talk，永远运行。
    Listen on (ip, port) and spawn a greenlet running talk for each accepted connection, forever."""
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((ip, port))
    s.listen()
    while True:
        conn, addr = s.accept()
        gevent.spawn(talk, conn, addr)
