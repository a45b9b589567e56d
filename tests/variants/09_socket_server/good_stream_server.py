"""gevent's own StreamServer does the accept loop and the spawning; text decoded leniently."""
from gevent import monkey

monkey.patch_all()

from gevent.server import StreamServer  # noqa: E402


def talk(conn, addr):
    try:
        while data := conn.recv(1024):
            text = data.decode('utf-8', errors='replace')
            print(f'{addr}: {text}')
            conn.sendall(text.upper().encode('utf-8'))
    except ConnectionError as exc:
        print(f'{addr} left: {exc}')
    finally:
        conn.close()


def server(ip, port):
    StreamServer((ip, port), talk).serve_forever()
