#!/usr/bin/python3
"""At the file descriptor limit (issue 13, item 4): the real server, started with a small hard
descriptor limit, is flooded with connections from one address. Before the connection limits,
accept() failed with EMFILE, the accept loop logged ten errors a second and nobody else got in.
Now the extra connections are refused one by one, the log stays quiet, and a client from
another address is still served.

    /usr/bin/python3 backend/tests/net/descriptor_limit_test.py --binary build/bin/exchange
"""

import argparse
import socket
import subprocess
import sys
import tempfile
import time

DESCRIPTORS = 64
FLOOD = 200


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(port, deadline):
    while time.monotonic() < deadline:
        try:
            if healthz(port) == 200:
                return True
        except OSError:
            time.sleep(0.05)
    return False


def healthz(port, source="127.0.0.1"):
    with socket.socket() as s:
        s.settimeout(3)
        s.bind((source, 0))
        s.connect(("127.0.0.1", port))
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        reply = s.recv(64).decode("latin-1")
        return int(reply.split()[1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    args = parser.parse_args()
    failures = []
    with tempfile.TemporaryDirectory() as data_dir:
        port = free_port()
        # `ulimit -Hn` so that the server cannot raise its own limit past it.
        command = (f"ulimit -n {DESCRIPTORS}; ulimit -Hn {DESCRIPTORS}; exec {args.binary} "
                   f"--port {port} --address 127.0.0.1 --data-dir {data_dir} "
                   f"--max-connections-per-address 8 --worker-threads 1")
        server = subprocess.Popen(["/bin/sh", "-c", command], stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True)
        try:
            if not wait_healthy(port, time.monotonic() + 20):
                failures.append("server did not start")
            held = []
            for _ in range(FLOOD):
                s = socket.socket()
                s.settimeout(2)
                s.bind(("127.0.0.2", 0))
                try:
                    s.connect(("127.0.0.1", port))
                    held.append(s)
                except OSError:
                    s.close()
            time.sleep(1.5)
            # Another address still gets in, while the flood is held open.
            try:
                status = healthz(port, source="127.0.0.3")
                if status != 200:
                    failures.append(f"/healthz from another address answered {status}")
            except OSError as error:
                failures.append(f"/healthz from another address failed: {error}")
            for s in held:
                s.close()
        finally:
            server.terminate()
            output, _ = server.communicate(timeout=20)
    accept_errors = output.count("accept failed")
    if accept_errors > 2:
        failures.append(f"the accept loop logged {accept_errors} errors")
    if "connection limit reached" not in output:
        failures.append("no connection was refused by the limits")
    if "file descriptors: at most" not in output:
        failures.append("the server did not fit its connection limit to the descriptors")
    for failure in failures:
        print("FAIL:", failure)
    if failures:
        print(output[-3000:])
        return 1
    print("1 passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
