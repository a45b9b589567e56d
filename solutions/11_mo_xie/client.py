"""11 默写：客户端 / Write it from memory: the client

不看课文，凭记忆在这个文件里写出客户端。
Without looking at the lesson, write the client in this file.

要求：
- client(ip, port, rounds=None)：连接 (ip, port)，然后循环：recv 服务端发来的消息，
  解码后 print（打印出 hello），再 send(b'bye')。
- rounds 为 None 时一直循环（和课上一样）；否则只循环 rounds 次，然后关闭套接字并返回。
- 套接字在 client 函数里面创建：这样在 500 个线程里同时运行 client 时，每个线程都有自己的连接。

Requirements:
- client(ip, port, rounds=None): connect to (ip, port), then loop: recv what the server sends,
  print it decoded (it prints hello), then send(b'bye').
- With rounds None, loop forever (as in the lesson); otherwise loop rounds times, then close the
  socket and return.
- Create the socket inside client(): run in 500 threads at once, each thread then has a
  connection of its own.
"""

import itertools
import socket
from threading import Thread


def client(ip: str, port: int, rounds: int | None = None) -> None:
    """Answer each hello with bye: rounds times, or forever."""
    with socket.create_connection((ip, port)) as sk:  # local: a connection per thread
        for _ in itertools.count() if rounds is None else range(rounds):
            data = sk.recv(1024)
            if not data:  # the server has gone
                return
            print(data.decode('utf-8'))
            sk.send(b'bye')


if __name__ == '__main__':
    for _ in range(500):
        Thread(target=client, args=('127.0.0.1', 9999)).start()
