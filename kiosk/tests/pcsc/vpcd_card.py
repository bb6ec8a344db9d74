#!/usr/bin/env python3
"""A contactless card on vsmartcard's virtual reader (vpcd), for the kiosk's PC/SC test.

vicc's own card types do not answer GET DATA (FF CA 00 00 00): real readers answer that
pseudo-APDU themselves, vpcd passes it to the card. This card answers it with its UID.

    vpcd_card.py [UID_HEX] [HOST] [PORT]     (defaults: 04A1B2C3D4E5F6 localhost 35963)

The vpcd protocol: 2-byte big-endian length, then the payload. A 1-byte payload is a
command (0 power off, 1 power on, 2 reset, 4 get ATR); anything longer is an APDU.
"""

import socket
import struct
import sys

# MIFARE Classic 1K as PC/SC part 3 readers report it.
ATR = bytes.fromhex("3B8F8001804F0CA000000306030001000000006A")
GET_UID = bytes.fromhex("FFCA000000")


def receive(sock, count):
    data = b""
    while len(data) < count:
        chunk = sock.recv(count - len(data))
        if not chunk:
            raise ConnectionError("vpcd closed the connection")
        data += chunk
    return data


def send(sock, payload):
    sock.sendall(struct.pack(">H", len(payload)) + payload)


def answer(apdu, uid):
    if apdu == GET_UID:
        return uid + b"\x90\x00"
    return b"\x6D\x00"  # instruction not supported


def main():
    uid = bytes.fromhex(sys.argv[1] if len(sys.argv) > 1 else "04A1B2C3D4E5F6")
    host = sys.argv[2] if len(sys.argv) > 2 else "localhost"
    port = int(sys.argv[3]) if len(sys.argv) > 3 else 35963
    with socket.create_connection((host, port)) as sock:
        while True:
            (length,) = struct.unpack(">H", receive(sock, 2))
            payload = receive(sock, length)
            if length == 1:
                if payload[0] == 4:
                    send(sock, ATR)
                continue
            send(sock, answer(payload, uid))


if __name__ == "__main__":
    main()
