"""gevent's StreamServer does the accepting and the spawning; the reply is printed decoded."""
from gevent import monkey

monkey.patch_all()

from gevent.server import StreamServer  # noqa: E402


def serve(ip, port, rounds=None):
    def talk(conn, addr):
        n = 0
        with conn:
            while rounds is None or n < rounds:
                conn.sendall(b"hello")
                ret = conn.recv(1024)
                if not ret:
                    return
                print(ret.decode())
                n += 1

    StreamServer((ip, port), talk).serve_forever()
