#!/usr/bin/env python3
"""A contactless card on vsmartcard's virtual reader (vpcd), for the kiosk's PC/SC test.

vicc's own card types do not answer GET DATA (FF CA 00 00 00): real readers answer that
pseudo-APDU themselves, vpcd passes it to the card. This card answers it with its UID. An
8-byte UID makes it a FeliCa card (the UID is its IDm), any other a MIFARE Classic 1K.

    vpcd_card.py [UID_HEX] [HOST] [PORT]     (defaults: 04A1B2C3D4E5F6 localhost 35963)

The vpcd protocol: 2-byte big-endian length, then the payload. A 1-byte payload is a
command (0 power off, 1 power on, 2 reset, 4 get ATR); anything longer is an APDU.
"""

import socket
import struct
import sys



def atr(standard, card_name):
    """A contactless card's ATR as PC/SC part 3 readers build it, checksum last."""
    body = bytes.fromhex("8F8001804F0CA0000003") + bytes([0x06, standard]) + card_name + bytes(4)
    check = 0
    for byte in body:
        check ^= byte
    return b"\x3B" + body + bytes([check])


MIFARE_1K = atr(0x03, b"\x00\x01")  # ISO 14443 A part 3, MIFARE Classic 1K
FELICA = atr(0x11, b"\x00\x3B")  # FeliCa, 212 kbit/s
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
                    send(sock, FELICA if len(uid) == 8 else MIFARE_1K)
                continue
            send(sock, answer(payload, uid))


if __name__ == "__main__":
    main()
