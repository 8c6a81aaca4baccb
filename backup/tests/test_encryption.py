"""The encrypted stream: what goes in comes out, and any damage is refused."""

from __future__ import annotations

import io

import pytest

from backup import crypto
from backup.crypto import BackupError, DecryptingReader, EncryptingWriter

PASSPHRASE = b"correct horse battery staple"


def sealed(plain: bytes, *, chunk: int | None = None) -> bytes:
    out = io.BytesIO()
    writer = EncryptingWriter(out, PASSPHRASE)
    writer.write(plain)
    writer.close()
    return out.getvalue()


def opened(data: bytes, passphrase: bytes = PASSPHRASE) -> bytes:
    return DecryptingReader(io.BytesIO(data), passphrase).readall()


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(crypto, "CHUNK_BYTES", 64)


def test_what_is_encrypted_decrypts_to_the_same_bytes(small_chunks: None) -> None:
    plain = b"Maryia Kalesnikava " * 50
    data = sealed(plain)
    assert b"Kalesnikava" not in data
    assert opened(data) == plain


def test_an_empty_stream_round_trips() -> None:
    assert opened(sealed(b"")) == b""


def test_a_wrong_passphrase_is_told_apart_from_damage() -> None:
    with pytest.raises(BackupError, match="wrong passphrase"):
        opened(sealed(b"register"), b"another passphrase!")


@pytest.mark.parametrize("where", [-1, -20, 200])
def test_a_changed_byte_is_damage(small_chunks: None, where: int) -> None:
    data = bytearray(sealed(b"x" * 500))
    data[where] ^= 1
    with pytest.raises(BackupError, match="damaged"):
        opened(bytes(data))


def test_a_file_cut_after_a_whole_chunk_is_damage(small_chunks: None) -> None:
    data = sealed(b"x" * 500)
    header = len(crypto.MAGIC) + crypto.HEADER.size
    first_chunk = header + crypto.LENGTH.size + 64 + 16
    with pytest.raises(BackupError, match="cut short"):
        opened(data[:first_chunk])


def test_chunks_swapped_are_damage(small_chunks: None) -> None:
    data = sealed(b"a" * 64 + b"b" * 64 + b"c" * 10)
    header = len(crypto.MAGIC) + crypto.HEADER.size
    size = crypto.LENGTH.size + 64 + 16
    first = data[header : header + size]
    second = data[header + size : header + 2 * size]
    swapped = data[:header] + second + first + data[header + 2 * size :]
    with pytest.raises(BackupError, match="damaged"):
        opened(swapped)


def test_a_short_passphrase_is_refused_for_a_new_backup(tmp_path) -> None:
    path = tmp_path / "pass"
    path.write_text("short\n")
    with pytest.raises(BackupError, match="at least 12 characters"):
        crypto.read_passphrase(str(path), new=True)
    assert crypto.read_passphrase(str(path), new=False) == b"short"
