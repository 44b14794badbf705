"""A legacy HTTPS server that, like old nginx or Apache on OpenSSL, serves
connections at once (one thread each): TLS 1.0 to 1.2 with the suites of
OpenSSL's DEFAULT at security level 0 (static RSA and CBC among them), the
same as the bench report's `openssl s_server` row, which serves one
connection at a time. Arguments: chain.pem (leaf first), key.pem. Listens on
127.0.0.1 only and prints the port it took on the first line."""

import socket
import socketserver
import ssl
import sys

CONTEXT = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
CONTEXT.minimum_version = ssl.TLSVersion.TLSv1
CONTEXT.maximum_version = ssl.TLSVersion.TLSv1_2
CONTEXT.set_ciphers("DEFAULT:@SECLEVEL=0")
CONTEXT.load_cert_chain(sys.argv[1], sys.argv[2])

RESPONSE = (
    b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
    b"Content-Length: 3\r\nConnection: close\r\n\r\nok\n"
)


class Handler(socketserver.BaseRequestHandler):
    """One connection: the handshake in this connection's own thread, then a
    minimal HTTP answer to whatever request comes."""

    def handle(self):
        self.request.settimeout(10)
        try:
            with CONTEXT.wrap_socket(self.request, server_side=True) as tls:
                request = b""
                while b"\r\n\r\n" not in request:
                    chunk = tls.recv(4096)
                    if not chunk:
                        return
                    request += chunk
                tls.sendall(RESPONSE)
        except (OSError, ssl.SSLError):
            pass  # a probe that ends with an alert or a closed connection


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128


with Server(("127.0.0.1", 0), Handler) as server:
    print(server.server_address[1], flush=True)
    server.serve_forever()
