"""fails: test_one_os_thread_serves_every_client

A thread per connection, no gevent: it serves everyone, but with 500 OS threads, which is what
this lesson sets out to avoid.
"""
import socket
import threading


def talk(conn, addr):
    with conn:
        while True:
            data = conn.recv(1024)
            if not data:
                break
            conn.sendall(data.upper())


def server(ip, port):
    s = socket.socket()
    s.bind((ip, port))
    s.listen()
    while True:
        conn, addr = s.accept()
        threading.Thread(target=talk, args=(conn, addr), daemon=True).start()
