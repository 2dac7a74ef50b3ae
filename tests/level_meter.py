"""A real level meter, as volume controls and panel widgets open one: a
recording stream with the sound server's peak detection on (libpulse's
PA_STREAM_PEAK_DETECT), one float a few dozen times a second, never moved to
another source. Run as a script against PULSE_SERVER:

    python tests/level_meter.py SOURCE [APPLICATION_NAME]

It prints "ready" once the server has the stream, then reads and drops the
peaks until it is killed. No audio is kept. Written with ctypes on libpulse
itself (the library every PulseAudio client uses), because no command-line
tool opens a peak-detect stream: parecord and pw-record record plain audio.
(parecord with PULSE_PROP="stream.monitor=true" is no stand-in: PipeWire
0.3.65's pulse server crashes on it, in its peak code for 16-bit stereo.)"""

from __future__ import annotations

import ctypes
import sys

PEAK_DETECT, ADJUST_LATENCY, DONT_MOVE = 0x0800, 0x2000, 0x0200
FLOAT32LE = 5
CONTEXT_READY, CONTEXT_FAILED = 4, 5  # and anything above FAILED is over too
STREAM_READY, STREAM_FAILED = 2, 3


class SampleSpec(ctypes.Structure):
    _fields_ = [("format", ctypes.c_int), ("rate", ctypes.c_uint32), ("channels", ctypes.c_uint8)]


class BufferAttr(ctypes.Structure):
    _fields_ = [(name, ctypes.c_uint32) for name in ("maxlength", "tlength", "prebuf", "minreq", "fragsize")]


def library() -> ctypes.CDLL:
    pa = ctypes.CDLL("libpulse.so.0")
    pa.pa_mainloop_new.restype = ctypes.c_void_p
    pa.pa_mainloop_get_api.restype = ctypes.c_void_p
    pa.pa_mainloop_get_api.argtypes = [ctypes.c_void_p]
    pa.pa_mainloop_iterate.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p]
    pa.pa_context_new.restype = ctypes.c_void_p
    pa.pa_context_new.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
    pa.pa_context_connect.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_void_p]
    pa.pa_context_get_state.argtypes = [ctypes.c_void_p]
    pa.pa_stream_new.restype = ctypes.c_void_p
    pa.pa_stream_new.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(SampleSpec), ctypes.c_void_p]
    pa.pa_stream_connect_record.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(BufferAttr),
                                            ctypes.c_int]
    pa.pa_stream_get_state.argtypes = [ctypes.c_void_p]
    pa.pa_stream_readable_size.restype = ctypes.c_size_t
    pa.pa_stream_readable_size.argtypes = [ctypes.c_void_p]
    pa.pa_stream_peek.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p), ctypes.POINTER(ctypes.c_size_t)]
    pa.pa_stream_drop.argtypes = [ctypes.c_void_p]
    return pa


def iterate_until(pa, loop, state, ready: int, failed: int) -> None:
    while (now := state()) != ready:
        if now >= failed:
            sys.exit(f"the sound server refused the level meter (state {now})")
        pa.pa_mainloop_iterate(loop, 1, None)


def main(source: str, name: str = "Level meter") -> None:
    pa = library()
    loop = pa.pa_mainloop_new()
    context = pa.pa_context_new(pa.pa_mainloop_get_api(loop), name.encode())
    if pa.pa_context_connect(context, None, 0, None) < 0:
        sys.exit("no sound server for the level meter")
    iterate_until(pa, loop, lambda: pa.pa_context_get_state(context), CONTEXT_READY, CONTEXT_FAILED)
    spec = SampleSpec(FLOAT32LE, 25, 1)  # one peak value, 25 times a second
    stream = pa.pa_stream_new(context, b"Peak detect", ctypes.byref(spec), None)
    size = ctypes.sizeof(ctypes.c_float)
    attr = BufferAttr(0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, size)
    if pa.pa_stream_connect_record(stream, source.encode(), ctypes.byref(attr),
                                   PEAK_DETECT | ADJUST_LATENCY | DONT_MOVE) < 0:
        sys.exit("the level meter's stream did not connect")
    iterate_until(pa, loop, lambda: pa.pa_stream_get_state(stream), STREAM_READY, STREAM_FAILED)
    print("ready", flush=True)
    data, length = ctypes.c_void_p(), ctypes.c_size_t()
    while pa.pa_mainloop_iterate(loop, 1, None) >= 0:
        while pa.pa_stream_readable_size(stream) > 0:
            if pa.pa_stream_peek(stream, ctypes.byref(data), ctypes.byref(length)) < 0 or length.value == 0:
                break
            pa.pa_stream_drop(stream)


if __name__ == "__main__":
    main(*sys.argv[1:])
