"""fails: test_handler_closes_when_client_closes test_no_cpu_spin_after_clients_leave test_bad_utf8_does_not_end_the_conversation

The lesson's handler as printed: when the client closes, recv returns b'' and the loop sends
b'' back forever; printing res.decode('utf-8') also raises on bytes that are not UTF-8.
"""
# ruff: noqa  (the lesson's code, verbatim)
from gevent import monkey;monkey.patch_all()
import socket
import gevent


def server(server_ip, server_port):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((server_ip, server_port))
    s.listen()
    while True:
        con, adr = s.accept()
        gevent.spawn(talk, con, adr)


def talk(con, adr):
    try:
        while True:
            res = con.recv(1024)
            print('client {}:{} \nmsg:{}'.format(adr[0], adr[1], res.decode('utf-8')))
            con.send(res.upper())
    except Exception as e:
        print(e)
    finally:
        con.close()
