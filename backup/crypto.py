"""Encryption of a backup stream: scrypt-derived key, AES-256-GCM in chunks.

The file is a header followed by chunks. The header holds a magic string,
the scrypt salt and cost, a check of the derived key (so a wrong passphrase
is told apart from a damaged file) and a random nonce prefix. Each chunk is
its length and its AES-GCM ciphertext; its nonce is the prefix, the chunk's
number and a flag set on the last chunk only, and the header is its
associated data: a chunk changed, moved, dropped or cut off fails to
decrypt, and a file without its last chunk is damaged.
"""

from __future__ import annotations

import hashlib
import io
import os
import struct
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from registry.errors import UserError

MAGIC = b"ROLLCALL-BACKUP-AESGCM-1\n"
SALT_BYTES = 16
PREFIX_BYTES = 7
CHUNK_BYTES = 1 << 20
# scrypt cost: 2**17 x 8 x 128 bytes = 128 MiB and about half a second.
LOG2_N, R, P = 17, 8, 1
HEADER = struct.Struct(f">{SALT_BYTES}sBBB32s{PREFIX_BYTES}s")
LENGTH = struct.Struct(">I")
MIN_PASSPHRASE = 12


class BackupError(UserError):
    """A backup that cannot be written or read (the message says why)."""


def read_passphrase(path: str, *, new: bool) -> bytes:
    """The passphrase in a file: its first line, without the line break."""
    try:
        with open(path, "rb") as file:
            text = file.read(4096).split(b"\n", 1)[0].rstrip(b"\r")
    except OSError as error:
        raise BackupError(f"{path}: {error.strerror}") from None
    if not text:
        raise BackupError(f"{path}: the passphrase file is empty")
    if new and len(text.decode("utf-8", "replace")) < MIN_PASSPHRASE:
        raise BackupError(
            f"{path}: a backup passphrase needs at least {MIN_PASSPHRASE} characters"
        )
    return text


def _derive(passphrase: bytes, salt: bytes, log2_n: int, r: int, p: int) -> bytes:
    if not (10 <= log2_n <= 22 and 1 <= r <= 32 and 1 <= p <= 16):
        raise BackupError("the backup is damaged (its header is not valid)")
    return Scrypt(salt=salt, length=64, n=2**log2_n, r=r, p=p).derive(passphrase)


def _check(material: bytes) -> bytes:
    return hashlib.sha256(b"rollcall key check" + material[32:]).digest()


def _nonce(prefix: bytes, number: int, last: bool) -> bytes:
    return prefix + struct.pack(">IB", number, 1 if last else 0)


class EncryptingWriter(io.RawIOBase):
    """A binary sink that encrypts what is written into `out`, chunk by chunk."""

    def __init__(self, out: BinaryIO, passphrase: bytes) -> None:
        salt, prefix = os.urandom(SALT_BYTES), os.urandom(PREFIX_BYTES)
        material = _derive(passphrase, salt, LOG2_N, R, P)
        self._header = MAGIC + HEADER.pack(salt, LOG2_N, R, P, _check(material), prefix)
        self._aead = AESGCM(material[:32])
        self._prefix, self._number = prefix, 0
        self._out, self._buffer = out, bytearray()
        out.write(self._header)

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self._buffer += data
        while len(self._buffer) > CHUNK_BYTES:
            self._emit(bytes(self._buffer[:CHUNK_BYTES]), last=False)
            del self._buffer[:CHUNK_BYTES]
        return len(data)

    def _emit(self, plain: bytes, *, last: bool) -> None:
        nonce = _nonce(self._prefix, self._number, last)
        sealed = self._aead.encrypt(nonce, plain, self._header)
        self._out.write(LENGTH.pack(len(sealed)) + sealed)
        self._number += 1

    def close(self) -> None:
        if not self.closed:
            self._emit(bytes(self._buffer), last=True)
            self._buffer.clear()
        super().close()


def is_encrypted(head: bytes) -> bool:
    return head.startswith(MAGIC)


class DecryptingReader(io.RawIOBase):
    """Reads the plain bytes of an encrypted backup; any damage is a BackupError."""

    def __init__(self, source: BinaryIO, passphrase: bytes) -> None:
        header = source.read(len(MAGIC) + HEADER.size)
        if not is_encrypted(header) or len(header) < len(MAGIC) + HEADER.size:
            raise BackupError("the backup is damaged (its header is not valid)")
        salt, log2_n, r, p, check, prefix = HEADER.unpack(header[len(MAGIC) :])
        material = _derive(passphrase, salt, log2_n, r, p)
        if _check(material) != check:
            raise BackupError("wrong passphrase: nothing was changed")
        self._aead, self._header, self._prefix = AESGCM(material[:32]), header, prefix
        self._source, self._number, self._done = source, 0, False
        self._plain = bytearray()

    def readable(self) -> bool:
        return True

    def _next_chunk(self) -> None:
        raw = self._source.read(LENGTH.size)
        if len(raw) < LENGTH.size:
            raise BackupError("the backup is damaged (it was cut short)")
        (size,) = LENGTH.unpack(raw)
        sealed = self._source.read(size)
        if size > CHUNK_BYTES + 16 or len(sealed) < size:
            raise BackupError("the backup is damaged (it was cut short)")
        for last in (False, True):
            try:
                nonce = _nonce(self._prefix, self._number, last)
                self._plain += self._aead.decrypt(nonce, sealed, self._header)
            except InvalidTag:
                continue
            self._number += 1
            self._done = last
            if last and self._source.read(1):
                raise BackupError("the backup is damaged (data after its end)")
            return
        raise BackupError(f"the backup is damaged (part {self._number + 1} fails)")

    def readinto(self, target: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._plain and not self._done:
            self._next_chunk()
        size = min(len(target), len(self._plain))
        target[:size] = self._plain[:size]
        del self._plain[:size]
        return size
