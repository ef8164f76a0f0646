#!/usr/bin/env python3
"""Writes every UDP datagram received on 127.0.0.1:PORT to DIR/PREFIX-N.bin until SECONDS have passed.

Used by make-corpus.sh to capture what net-snmp's tools and FreeRADIUS's radclient really send.
"""
import socket
import sys
import time

port, directory, prefix, seconds = int(sys.argv[1]), sys.argv[2], sys.argv[3], float(sys.argv[4])
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("127.0.0.1", port))
sock.settimeout(0.2)
open(f"{directory}/.ready-{prefix}", "w").close()
deadline = time.monotonic() + seconds
count = 0
while time.monotonic() < deadline:
    try:
        data, _ = sock.recvfrom(65535)
    except socket.timeout:
        continue
    count += 1
    with open(f"{directory}/{prefix}-{count:02d}.bin", "wb") as f:
        f.write(data)
import os
os.remove(f"{directory}/.ready-{prefix}")
print(f"{prefix}: {count} datagrams captured")
