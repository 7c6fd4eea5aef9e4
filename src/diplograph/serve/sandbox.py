"""Keeps a query worker process off the network, so that no query can make the server send a request anywhere.

pyoxigraph evaluates `SERVICE <url> { … }` by fetching the URL with its own HTTP client, and offers no way to turn
that off or to plug in a handler. Recognising SERVICE in the query text is not enough (a parser reads some
spellings differently from another), so the worker processes that run queries are made unable to open a network
socket at all: a seccomp filter, installed before the worker opens the data, makes `socket()` fail with EACCES
for every address family except AF_UNIX (the worker talks to the server through a Unix socket pair it already
holds), refuses io_uring (which can create sockets without `socket()`), and refuses system calls of any other
ABI (i386 or x32 numbers, which the filter could not read reliably). Federation then fails the same way whatever
the address, so errors cannot tell open ports from closed ones.

Linux on x86_64 and aarch64 only; elsewhere `deny_network` says why it could not, and the caller falls back to
refusing every query it cannot prove free of SERVICE (see `querycheck.calls_service`).
"""

from __future__ import annotations

import ctypes
import errno
import platform
import struct
import sys

# (AUDIT_ARCH_*, __NR_socket, __NR_io_uring_setup, __NR_seccomp) per machine
_ARCHES = {"x86_64": (0xC000003E, 41, 425, 317), "aarch64": (0xC00000B7, 198, 425, 277)}
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
    arch, nr_socket, nr_io_uring, _ = _ARCHES[machine]
    return b"".join([
        _op(_LD_W_ABS, 4),                     # 0: seccomp_data.arch
        _op(_JEQ_K, arch, 1, 0),               # 1: native ABI → 3
        _op(_RET_K, _ERRNO | errno.EPERM),     # 2: any other ABI: refused
        _op(_LD_W_ABS, 0),                     # 3: seccomp_data.nr
        _op(_JGE_K, _X32_BIT, 4, 0),           # 4: x32 numbers → 9
        _op(_JEQ_K, nr_io_uring, 3, 0),        # 5: io_uring_setup → 9
        _op(_JEQ_K, nr_socket, 0, 3),          # 6: socket → 7, anything else → 10
        _op(_LD_W_ABS, 16),                    # 7: args[0] (low half): the address family
        _op(_JEQ_K, _AF_UNIX, 1, 0),           # 8: AF_UNIX → 10
        _op(_RET_K, _ERRNO | errno.EACCES),    # 9: refused
        _op(_RET_K, _ALLOW),                   # 10: allowed
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
    libc.syscall.argtypes = [ctypes.c_long, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_void_p]
    libc.syscall.restype = ctypes.c_long
    nr_seccomp = _ARCHES[machine][3]
    if libc.syscall(nr_seccomp, _SECCOMP_SET_MODE_FILTER, _SECCOMP_FILTER_FLAG_TSYNC, ctypes.byref(program)) != 0:
        return f"seccomp(SET_MODE_FILTER) failed: {errno.errorcode.get(ctypes.get_errno(), '?')}"
    return None
