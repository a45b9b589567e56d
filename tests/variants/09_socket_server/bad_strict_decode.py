"""fails: test_bad_utf8_does_not_end_the_conversation

Decodes every message strictly before upper-casing it: bytes that are not UTF-8 raise
UnicodeDecodeError and end the conversation.
"""
from gevent import monkey

monkey.patch_all()

import socket  # noqa: E402

import gevent  # noqa: E402


def talk(conn, addr):
    try:
        while True:
            text = conn.recv(1024).decode('utf-8')
            if not text:
                break
            print(text)
            conn.send(text.upper().encode('utf-8'))
    except Exception as e:
        print(e)
    finally:
        conn.close()


def server(ip, port):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((ip, port))
    s.listen()
    while True:
        conn, addr = s.accept()
        gevent.spawn(talk, conn, addr)
