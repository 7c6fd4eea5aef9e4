"""Keeps a query worker process off the network, so that no query can make the server send a request anywhere.

pyoxigraph evaluates `SERVICE <url> { … }` by fetching the URL with its own HTTP client, and offers no way to turn
that off or to plug in a handler. Recognising SERVICE in the query text is not enough (a parser reads some
spellings differently from another), so the worker processes that run queries are made unable to open a network
socket at all: a seccomp filter, installed before the worker opens the data, makes `socket()` fail with EACCES
for every address family except AF_UNIX (the worker talks to the server through a Unix socket pair it already
holds, connected), and `connect()` fail for every socket (so not even a local resolver daemon can be asked to
look a name up over a Unix socket); it refuses io_uring (which can create sockets without `socket()`), and
system calls of any other ABI (i386 or x32 numbers, which the filter could not read reliably). Federation then
fails the same way whatever the address, so errors cannot tell open ports from closed ones.

Linux on x86_64 and aarch64 only; elsewhere `deny_network` says why it could not, and the caller falls back to
refusing every query it cannot prove free of SERVICE (see `querycheck.analyse`).
"""

from __future__ import annotations

import ctypes
import errno
import platform
import struct
import sys
from typing import NamedTuple


class _Arch(NamedTuple):
    audit: int        # AUDIT_ARCH_*
    socket: int       # __NR_socket
    connect: int      # __NR_connect
    io_uring: int     # __NR_io_uring_setup
    seccomp: int      # __NR_seccomp


_ARCHES = {"x86_64": _Arch(0xC000003E, 41, 42, 425, 317), "aarch64": _Arch(0xC00000B7, 198, 203, 425, 277)}
_LD_W_ABS, _JEQ_K, _JGE_K, _RET_K = 0x20, 0x15, 0x35, 0x06
_ALLOW = 0x7FFF0000
_ERRNO = 0x00050000
_X32_BIT = 0x40000000
_AF_UNIX = 1
_PR_SET_NO_NEW_PRIVS = 38
_SECCOMP_SET_MODE_FILTER = 1
_SECCOMP_FILTER_FLAG_TSYNC = 1


class _Program(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def _op(code: int, k: int, jt: int = 0, jf: int = 0) -> bytes:
    return struct.pack("=HBBI", code, jt, jf, k)


def filter_program(machine: str) -> bytes:
    """The classic-BPF seccomp program for `machine` (a key of `_ARCHES`)."""
    arch, nr_socket, nr_connect, nr_io_uring = _ARCHES[machine][:4]
    return b"".join([
        _op(_LD_W_ABS, 4),                     # 0: seccomp_data.arch
        _op(_JEQ_K, arch, 1, 0),               # 1: native ABI → 3
        _op(_RET_K, _ERRNO | errno.EPERM),     # 2: any other ABI: refused
        _op(_LD_W_ABS, 0),                     # 3: seccomp_data.nr
        _op(_JGE_K, _X32_BIT, 5, 0),           # 4: x32 numbers → 10
        _op(_JEQ_K, nr_io_uring, 4, 0),        # 5: io_uring_setup → 10
        _op(_JEQ_K, nr_connect, 3, 0),         # 6: connect → 10
        _op(_JEQ_K, nr_socket, 0, 3),          # 7: socket → 8, anything else → 11
        _op(_LD_W_ABS, 16),                    # 8: args[0] (low half): the address family
        _op(_JEQ_K, _AF_UNIX, 1, 0),           # 9: AF_UNIX → 11
        _op(_RET_K, _ERRNO | errno.EACCES),    # 10: refused
        _op(_RET_K, _ALLOW),                   # 11: allowed
    ])


def deny_network() -> str | None:
    """Install the filter on every thread of this process (and its future threads and children). None when done;
    otherwise the reason it could not be, and nothing changed."""
    machine = platform.machine().lower()
    if not sys.platform.startswith("linux") or machine not in _ARCHES:
        return f"no seccomp filter for {sys.platform}/{machine}"
    libc = ctypes.CDLL(None, use_errno=True)
    code = filter_program(machine)
    buffer = ctypes.create_string_buffer(code, len(code))
    program = _Program(len(code) // 8, ctypes.cast(buffer, ctypes.c_void_p))
    libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return f"prctl(PR_SET_NO_NEW_PRIVS) failed: {errno.errorcode.get(ctypes.get_errno(), '?')}"
    libc.syscall.argtypes = [ctypes.c_long, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    libc.syscall.restype = ctypes.c_long
    flags = _SECCOMP_FILTER_FLAG_TSYNC
    if libc.syscall(_ARCHES[machine].seccomp, _SECCOMP_SET_MODE_FILTER, flags, ctypes.addressof(program)) != 0:
        return f"seccomp(SET_MODE_FILTER) failed: {errno.errorcode.get(ctypes.get_errno(), '?')}"
    return None
