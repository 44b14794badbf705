"""A legacy HTTPS server that, like old nginx or Apache on OpenSSL, serves
connections at once (one thread each): TLS 1.0 to 1.2 with the suites of
OpenSSL's DEFAULT at security level 0 (static RSA and CBC among them) and
the RFC 7919 ffdhe2048 group for DHE, as the bench report's `openssl
s_server` row (which serves one connection at a time) is configured. Arguments: chain.pem (leaf first), key.pem. Listens on
127.0.0.1 only and prints the port it took on the first line."""

import socket
import socketserver
import ssl
import sys
import tempfile

# RFC 7919 ffdhe2048: without DH parameters OpenSSL takes no DHE suite.
FFDHE2048 = """-----BEGIN DH PARAMETERS-----
MIIBCAKCAQEA//////////+t+FRYortKmq/cViAnPTzx2LnFg84tNpWp4TZBFGQz
+8yTnc4kmz75fS/jY2MMddj2gbICrsRhetPfHtXV/WVhJDP1H18GbtCFY2VVPe0a
87VXE15/V8k1mE8McODmi3fipona8+/och3xWKE2rec1MKzKT0g6eXq8CrGCsyT7
YdEIqUuyyOP7uWrat2DX9GgdT0Kj3jlN9K5W7edjcrsZCwenyO4KbXCeAvzhzffi
7MA0BM0oNC9hkXL+nOmFg/+OTxIy7vKBg8P+OxtMb61zO7X8vC7CIAXFjvGDfRaD
ssbzSibBsu/6iGtCOGEoXJf//////////wIBAg==
-----END DH PARAMETERS-----
"""

CONTEXT = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
CONTEXT.minimum_version = ssl.TLSVersion.TLSv1
CONTEXT.maximum_version = ssl.TLSVersion.TLSv1_2
CONTEXT.set_ciphers("DEFAULT:@SECLEVEL=0")
# The client's order decides, as with s_server without -serverpref.
CONTEXT.options &= ~ssl.OP_CIPHER_SERVER_PREFERENCE
CONTEXT.load_cert_chain(sys.argv[1], sys.argv[2])
with tempfile.NamedTemporaryFile("w", suffix=".pem") as params:
    params.write(FFDHE2048)
    params.flush()
    CONTEXT.load_dh_params(params.name)

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
