"""fails: test_server_uses_one_os_thread

A thread per connection and no gevent: it works, with 500 OS threads.
"""
import socket
import threading


def async_talk(conn, rounds):
    n = 0
    try:
        while rounds is None or n < rounds:
            conn.send(b"hello")
            ret = conn.recv(1024)
            if not ret:
                break
            print(ret)
            n += 1
    finally:
        conn.close()


def serve(ip, port, rounds=None):
    sk = socket.socket()
    sk.bind((ip, port))
    sk.listen()
    while True:
        conn, _ = sk.accept()
        threading.Thread(target=async_talk, args=(conn, rounds), daemon=True).start()
